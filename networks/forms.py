from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.forms import (
    GOAL_FIELDS,
    GOAL_LABELS,
    GOAL_WIDGETS,
    MAX_GOALS,
    MAX_ROLES,
    DateInput,
    GoalFormSet,
    InPlace,
    PortfolioRecordForm,
    RecordRowsFormSet,
    UnitOwnedForm,
    at_most,
    unjudged,
)
from helsinki_intl.records.lookups import PEOPLE, use_lookups

from .lookups import NETWORKS
from .models import Membership, MembershipGoal, Network, Role


class NetworkForm(UnitOwnedForm):
    class Meta:
        model = Network
        fields = [
            "name",
            "acronym",
            "kind",
            "scope",
            "country",
            "website",
            "themes",
            "description",
            "owner_unit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            # Named in the language of the request, so built for each form.
            self.fields["country"].widget = forms.Select(choices=[("", "---------"), *country_choices()])


NEW_NETWORK = "new_network"
"""The prefix of the network a membership's form adds in place, and of its button."""
ADD_NETWORK = f"{NEW_NETWORK}-add"


class NewNetworkForm(NetworkForm):
    """A network added from a membership's form, when the register does not have it yet: its
    essentials; the rest is kept on the network's own page."""

    class Meta(NetworkForm.Meta):
        fields = ["name", "acronym", "kind", "scope", "website", "owner_unit"]


class MembershipForm(PortfolioRecordForm):
    """A membership; its network, when not in the register, may be added in place by those who
    may add networks (`NewNetworkForm`), and is then saved with the membership or not at all."""

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
        self.new_network = None
        self.adds_network = False
        if self.user.has_perm("networks.add_network"):
            self.adds_network = self.is_bound and ADD_NETWORK in self.data
            self.new_network = self._new_network_form()
        if self.adds_network:
            # The network is named by the form below; the text typed here is its name.
            network = self.fields["network"]
            self.fields["network"] = forms.CharField(
                label=network.label, required=False, widget=network.widget, help_text=network.help_text
            )

    def _new_network_form(self) -> NewNetworkForm:
        """Bound to what was posted for it, or offering the network's typed name and the
        membership's owner unit."""
        posted = self.is_bound and any(key.startswith(f"{NEW_NETWORK}-") for key in self.data)
        if posted:
            network = NewNetworkForm(self.data, prefix=NEW_NETWORK, user=self.user)
            if not self.adds_network:
                unjudged(network)  # kept as typed until the person asks to add it
            return network
        initial = {}
        if self.is_bound:
            initial = {"name": self.data.get("network", ""), "owner_unit": self.data.get("owner_unit", "")}
        return NewNetworkForm(prefix=NEW_NETWORK, user=self.user, initial=initial)

    def in_place_after(self, field_name: str) -> InPlace | None:
        """Under the network: adding it, once the typed name is found in no network."""
        if field_name != "network" or self.new_network is None or not self.is_bound:
            return None
        not_found = self.has_error("network", code="invalid_choice")
        if self.adds_network or self.new_network.is_bound or not_found:
            return InPlace("networks/includes/new_network.html", self.new_network)
        return None

    def clean(self):
        cleaned_data = super().clean()
        if self.adds_network:
            if self.new_network.is_valid():
                cleaned_data["network"] = self.new_network.instance  # saved first, with the membership
            else:
                self.add_error("network", _("Complete the new network's details below."))
        return cleaned_data

    def _get_validation_exclusions(self):
        # A network being added has no row yet: it can clash with no membership.
        exclusions = super()._get_validation_exclusions()
        if self.adds_network:
            exclusions.add("network")
        return exclusions


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
