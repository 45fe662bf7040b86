import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.forms import LinkingFormMixin
from helsinki_intl.records.forms import PortfolioRecordForm, UnitOwnedForm, carry_version
from helsinki_intl.records.lookups import use_lookups
from helsinki_intl.strategy.models import AdvocacyTopic

from .lookups import CALLS
from .models import DEFAULT_DEADLINE_TIME_ZONE, Application, Call, CoFinancingAppropriation, Programme


class ManagedRecordForm(forms.ModelForm):
    """A form for reference data without an owner unit: the generic views' `user` is not needed.

    An edit form carries the version it was loaded with, as a register's record form does.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        carry_version(self)


class ProgrammeForm(ManagedRecordForm):
    class Meta:
        model = Programme
        fields = ["name", "short_name", "website", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class CoFinancingAppropriationForm(ManagedRecordForm):
    class Meta:
        model = CoFinancingAppropriation
        fields = ["year", "amount", "decision_reference", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as written, without a time zone: the form places it in the call's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


class CallForm(UnitOwnedForm):
    """The opening and deadline are entered in the call's own time zone, as the call gives them."""

    opens_at = WallClockDateTimeField(label=_("Opens"), help_text=_("In the call's time zone."))
    deadline = WallClockDateTimeField(label=_("Deadline"), help_text=_("In the call's time zone."))

    class Meta:
        model = Call
        fields = [
            "identifier",
            "title",
            "programme",
            "opens_at",
            "deadline",
            "deadline_timezone",
            "link",
            "indicative_budget",
            "owner_unit",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.all()
        if self.instance.pk:
            self.initial["opens_at"] = self.instance.opens_in_zone.replace(tzinfo=None)
            self.initial["deadline"] = self.instance.deadline_in_zone.replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        # An unknown zone is refused at its own field; the dates are then read as Brussels time.
        try:
            zone = zoneinfo.ZoneInfo(cleaned_data.get("deadline_timezone") or DEFAULT_DEADLINE_TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo(DEFAULT_DEADLINE_TIME_ZONE)
        for name in ("opens_at", "deadline"):
            if cleaned_data.get(name):
                cleaned_data[name] = cleaned_data[name].replace(tzinfo=zone)
        return cleaned_data


# What the lead unit writes of its application, in the form and in an import alike; an import
# also brings what the steps of the process record (its status, the grant and the co-financing).
APPLICATION_DESCRIPTION = [
    "project_name",
    "acronym",
    "call",
    "named_programme",
    "role",
    "owner_unit",
    "responsible_person",
    "partner_organisations",
]
APPLICATION_BUDGET = ["total_budget", "city_budget", "eu_grant_requested"]


class ApplicationForm(LinkingFormMixin, PortfolioRecordForm):
    """The lead unit's application. Its status, the EU's grant and the co-financing (requested,
    granted, its year and decision) move only through the steps of `eu_projects.process`.

    It names the memberships and partners it came through (`register.py`'s links), and in words
    those not in the registers."""

    links_after = "partner_organisations"
    links_other = "came_through_other"

    class Meta:
        model = Application
        fields = [
            *APPLICATION_DESCRIPTION,
            *APPLICATION_BUDGET,
            "came_through_other",
            "priorities",
            "sdgs",
            "advocacy_topics",
            "notes",
        ]
        labels = {"owner_unit": _("Lead unit")}
        widgets = {
            "partner_organisations": forms.Textarea(attrs={"rows": 4}),
            "came_through_other": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.all()
        use_lookups(self, {"call": CALLS})
        self.fields["advocacy_topics"].queryset = AdvocacyTopic.objects.all()
        self.fields["advocacy_topics"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["advocacy_topics"].choices
        )
