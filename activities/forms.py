from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.forms import LinkingFormMixin
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.forms import DateInput, PortfolioRecordForm

from .choices import TargetGroup
from .models import Activity


class ActivityForm(LinkingFormMixin, PortfolioRecordForm):
    """The owner unit's activity. Its status and report move only through the steps of
    `activities.process`, so the form carries neither. The four target groups are one group of
    checkboxes here, stored as four booleans."""

    links_after = "sdgs"

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "owner_unit",
            "participating_units",
            "responsible_person",
            "starts_on",
            "ends_on",
            "online",
            "city",
            "country",
            "city_leadership",
            "target_groups",
            "target_markets",
            "priorities",
            "sdgs",
            "description",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "participating_units": forms.CheckboxSelectMultiple(),
            "city_leadership": forms.RadioSelect(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the reader's language; the model's validator still checks the code.
        self.fields["country"].widget = forms.Select(choices=[("", "---------"), *country_choices()])
        self.fields["participating_units"].queryset = OrgUnit.objects.filter(is_active=True)
        self.fields["target_groups"].initial = self.instance.target_groups

    def clean(self):
        cleaned_data = super().clean()
        if "target_groups" in cleaned_data:
            for name in Activity.TARGET_GROUP_FIELDS:
                setattr(self.instance, name, name in cleaned_data["target_groups"])
        return cleaned_data

    def _update_errors(self, errors):
        # A rule on the status or the report (an activity done cannot start later) refuses the
        # edit with the form's own error: the form has no such field to show it on.
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name != NON_FIELD_ERRORS]:
                if name not in self.fields:
                    errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)
