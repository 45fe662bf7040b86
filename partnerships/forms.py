from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.forms import (
    GOAL_FIELDS,
    GOAL_LABELS,
    GOAL_WIDGETS,
    MAX_GOALS,
    DateInput,
    GoalFormSet,
    PortfolioRecordForm,
    UnitOwnedForm,
    at_most,
)
from helsinki_intl.records.lookups import use_lookups

from .choices import Cooperation
from .lookups import PARTNERS
from .models import COOPERATION_REQUIRED_MESSAGE, Partner, Partnership, PartnershipGoal


class PartnerForm(UnitOwnedForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "region", "website", "owner_unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the language of the request, so built for each form.
        self.fields["country"].widget = forms.Select(choices=[("", "---------"), *country_choices()])


class PartnershipForm(PortfolioRecordForm):
    """The three forms of cooperation are one group of checkboxes here, stored as three booleans."""

    cooperation = forms.MultipleChoiceField(
        label=_("Forms of cooperation"),
        choices=Cooperation.choices,
        error_messages={"required": COOPERATION_REQUIRED_MESSAGE},
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From information exchange to project cooperation and joint advocacy."),
    )

    class Meta:
        model = Partnership
        fields = [
            "partner",
            "type",
            "cooperation",
            "themes",
            "owner_unit",
            "responsible_person",
            "status",
            "start_date",
            "end_date",
            "priorities",
            "sdgs",
            "review_interval_months",
            "next_review_due",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "next_review_due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperation"].initial = self.instance.cooperation
        use_lookups(self, {"partner": PARTNERS})

    def clean(self):
        cleaned_data = super().clean()
        if "cooperation" in cleaned_data:
            for name in Partnership.COOPERATION_FIELDS:
                setattr(self.instance, name, name in cleaned_data["cooperation"])
        return cleaned_data

    def add_error(self, field, error):
        # The model puts its rule on the first of the three booleans; here they are one field.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            errors = dict(error.error_dict)
            shown = set(self.errors.get("cooperation", []))  # The field's own "required" says it too.
            for name in Partnership.COOPERATION_FIELDS:
                for model_error in errors.pop(name, []):
                    if str(model_error.message) not in shown:
                        errors.setdefault("cooperation", []).append(model_error)
            error = ValidationError(errors)
        super().add_error(field, error)


PartnershipGoalFormSet = inlineformset_factory(
    Partnership,
    PartnershipGoal,
    formset=GoalFormSet,
    fields=GOAL_FIELDS,
    widgets=GOAL_WIDGETS,
    labels=GOAL_LABELS,
    extra=1,
    can_delete=True,
    **at_most(MAX_GOALS),
)
