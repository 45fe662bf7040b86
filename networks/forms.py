from django import forms
from django.forms import inlineformset_factory

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.forms import (
    GOAL_FIELDS,
    GOAL_LABELS,
    GOAL_WIDGETS,
    MAX_GOALS,
    MAX_ROLES,
    DateInput,
    GoalFormSet,
    PortfolioRecordForm,
    RecordRowsFormSet,
    UnitOwnedForm,
    at_most,
)
from helsinki_intl.records.lookups import PEOPLE, use_lookups

from .lookups import NETWORKS
from .models import Membership, MembershipGoal, Network, Role


class NetworkForm(UnitOwnedForm):
    class Meta:
        model = Network
        fields = ["name", "acronym", "kind", "scope", "website", "themes", "description", "owner_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MembershipForm(PortfolioRecordForm):
    class Meta:
        model = Membership
        fields = [
            "network",
            "owner_unit",
            "responsible_person",
            "participating_units",
            "start_date",
            "end_date",
            "annual_fee",
            "benefits",
            "priorities",
            "sdgs",
            "review_interval_months",
            "next_review_due",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "next_review_due": DateInput(),
            "participating_units": forms.CheckboxSelectMultiple(),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participating_units"].queryset = OrgUnit.objects.filter(is_active=True)
        use_lookups(self, {"network": NETWORKS})


MembershipGoalFormSet = inlineformset_factory(
    Membership,
    MembershipGoal,
    formset=GoalFormSet,
    fields=GOAL_FIELDS,
    widgets=GOAL_WIDGETS,
    labels=GOAL_LABELS,
    extra=1,
    can_delete=True,
    **at_most(MAX_GOALS),
)


class RoleForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookups(self, {"holder_user": PEOPLE})


class RoleRowsFormSet(RecordRowsFormSet):
    def __init__(self, *args, **kwargs):
        # Each row shows its holder's name: loaded with the rows, not one query a row.
        kwargs.setdefault("queryset", Role.objects.select_related("holder_user"))
        super().__init__(*args, **kwargs)


RoleFormSet = inlineformset_factory(
    Membership,
    Role,
    form=RoleForm,
    formset=RoleRowsFormSet,
    fields=["title", "holder", "holder_user", "start_date", "end_date"],
    widgets={"start_date": DateInput(), "end_date": DateInput()},
    extra=1,
    can_delete=True,
    **at_most(MAX_ROLES),
)
