"""The process of an EU funding application, as the policy sets it.

The lead unit prepares and submits the application; the EU decides the grant, and the lead unit
records that decision (with the EU grant granted) and then runs and closes the project.

The lead unit requests co-financing from a year's central project appropriation; only
international affairs grants it (at most the amount requested, and never more than the year's
appropriation has left) or declines it. A request for a year whose appropriation is not set yet
is accepted and waits for it. The co-financing decision is a state of its own with its own
timeline (`Application.cofinancing_changes`): granting it does not change the application's
status.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.permissions import can_change, manages
from helsinki_intl.records.money import format_euros
from helsinki_intl.records.process import DECIDED, SUBMITTED, Process, Queue, Step, process_register
from helsinki_intl.records.step_forms import (
    NoteForm,
    NotFutureDateField,
    ReasonForm,
    decision_reference_field,
    note_field,
)

from .choices import ApplicationStatus, CoFinancingDecision
from .models import Application, CoFinancingAppropriation

Status = ApplicationStatus
CoFinancing = CoFinancingDecision
COFINANCING = "cofinancing_decision"
COFINANCING_TIMELINE = "cofinancing_changes"

lead_unit = can_change  # the lead unit or international affairs, as for editing the application
decides = manages

LEAD_UNIT = _("the lead unit")
INTERNATIONAL_AFFAIRS = _("international affairs")


def amount_field(name: str, label, help_text="") -> forms.Field:
    """A form field for one of the application's amounts, with the model field's range."""
    model_field = Application._meta.get_field(name)
    return model_field.formfield(
        label=label, required=True, help_text=help_text, validators=list(model_field.validators)
    )


class EuDecisionForm(NoteForm):
    """The EU's decision on the application, as the lead unit received it."""

    GRANTED, REJECTED = Status.GRANTED, Status.REJECTED

    outcome = forms.ChoiceField(
        label=_("The EU's decision"),
        choices=[(GRANTED, _("Granted")), (REJECTED, _("Rejected"))],
        widget=forms.RadioSelect,
    )
    eu_grant_granted = amount_field(
        "eu_grant_granted",
        _("EU grant granted (€)"),
        help_text=_("Only when granted: the grant the EU decided, at most the grant requested."),
    )
    decision_date = NotFutureDateField(label=_("Decision date"))
    field_order = ["outcome", "eu_grant_granted", "decision_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eu_grant_granted"].required = False

    def clean(self):
        cleaned = super().clean()
        granted = cleaned.get("eu_grant_granted")
        if cleaned.get("outcome") == self.GRANTED:
            if granted is None:
                self.add_error("eu_grant_granted", _("Give the EU grant granted."))
            elif granted > (self.record.eu_grant_requested or 0):
                self.add_error(
                    "eu_grant_granted",
                    _("The EU grant granted cannot be more than the grant requested (%(requested)s).")
                    % {"requested": format_euros(self.record.eu_grant_requested or 0)},
                )
        elif cleaned.get("outcome") == self.REJECTED and granted is not None:
            self.add_error("eu_grant_granted", _("A rejected application has no EU grant."))
        return cleaned

    def target_status(self) -> str:
        return self.cleaned_data["outcome"]

    def apply(self, record) -> None:
        if self.cleaned_data["outcome"] == self.GRANTED:
            record.eu_grant_granted = self.cleaned_data["eu_grant_granted"]

    def decision(self) -> dict:
        return {**super().decision(), "decision_date": self.cleaned_data["decision_date"]}


class CoFinancingRequestForm(NoteForm):
    """The lead unit's request: how much, from which year's appropriation."""

    cofinancing_requested = amount_field(
        "cofinancing_requested",
        _("Co-financing requested (€)"),
        help_text=_("The city's own share asked from the central project appropriation."),
    )
    cofinancing_year = forms.IntegerField(
        label=_("Co-financing year"),
        help_text=_(
            "The year whose central project appropriation the co-financing comes from. A year "
            "whose appropriation is not set yet is accepted: the request waits for it."
        ),
    )
    field_order = ["cofinancing_requested", "cofinancing_year", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = Application._meta.get_field("cofinancing_year")
        self.fields["cofinancing_year"].validators += year.validators
        self.initial.setdefault("cofinancing_year", self.record.cofinancing_year or timezone.localdate().year)
        if self.record.cofinancing_requested is not None:
            self.initial.setdefault("cofinancing_requested", self.record.cofinancing_requested)

    def apply(self, record) -> None:
        record.cofinancing_requested = self.cleaned_data["cofinancing_requested"]
        record.cofinancing_year = self.cleaned_data["cofinancing_year"]

    def decision(self) -> dict:
        return {
            **super().decision(),
            "amount": self.cleaned_data["cofinancing_requested"],
            "year": self.cleaned_data["cofinancing_year"],
        }


class CoFinancingWithdrawForm(ReasonForm):
    def apply(self, record) -> None:
        record.cofinancing_requested = None
        record.cofinancing_year = None


class CoFinancingDecisionForm(NoteForm):
    decision_reference = decision_reference_field(required=False)
    field_order = ["decision_reference", "note"]

    def decision(self) -> dict:
        return {
            **super().decision(),
            "decision_reference": self.cleaned_data["decision_reference"],
            "year": self.record.cofinancing_year,
        }


class CoFinancingGrantForm(CoFinancingDecisionForm):
    """A grant of at most the amount requested, from what the year's appropriation has left.

    The year's appropriation row is locked before the form is judged (`lock`), so that two grants
    from the same year at the same moment are judged one after the other, the second on what the
    first left: together they can never overdraw the appropriation.
    """

    cofinancing_granted = amount_field("cofinancing_granted", _("Co-financing granted (€)"))
    field_order = ["cofinancing_granted", "decision_reference", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("cofinancing_granted", self.record.cofinancing_requested)
        self.appropriation = None

    def lock(self) -> None:
        year = self.record.cofinancing_year
        self.appropriation = CoFinancingAppropriation.objects.select_for_update().filter(year=year).first()

    def clean(self):
        cleaned = super().clean()
        record, granted = self.record, cleaned.get("cofinancing_granted")
        if record.status not in Application.GRANTED_STATUSES:
            raise ValidationError(
                _("Co-financing is granted once the EU has granted the application; now it is “%(status)s”.")
                % {"status": record.get_status_display()}
            )
        if self.appropriation is None:
            raise ValidationError(
                _("The request waits for the %(year)s appropriation: it has not been set yet.")
                % {"year": record.cofinancing_year}
            )
        if granted is None:
            return cleaned
        if granted > (record.cofinancing_requested or 0):
            self.add_error(
                "cofinancing_granted",
                _("At most the amount requested, %(requested)s.")
                % {"requested": format_euros(record.cofinancing_requested or 0)},
            )
            return cleaned
        balance = CoFinancingAppropriation.objects.balance(record.cofinancing_year, excluding=record)
        if granted > balance.left:
            self.add_error(
                "cofinancing_granted",
                _("The %(year)s appropriation has %(left)s left; this grant would take it below zero.")
                % {"year": record.cofinancing_year, "left": format_euros(balance.left)},
            )
        return cleaned

    def apply(self, record) -> None:
        record.cofinancing_granted = self.cleaned_data["cofinancing_granted"]
        if self.cleaned_data["decision_reference"]:
            record.decision_reference = self.cleaned_data["decision_reference"]

    def decision(self) -> dict:
        return {**super().decision(), "amount": self.cleaned_data["cofinancing_granted"]}


class CoFinancingDeclineForm(CoFinancingDecisionForm):
    note = note_field(_("Reason"), required=True)


def cofinancing_step(name, label, sources, targets, who, who_label, form_class, needs="", news="") -> Step:
    return Step(
        name,
        label,
        sources=sources,
        targets=targets,
        who=who,
        who_label=who_label,
        form_class=form_class,
        needs=needs,
        field=COFINANCING,
        timeline=COFINANCING_TIMELINE,
        news=news,
    )


APPLICATION_PROCESS = process_register(
    Process(
        Application,
        [
            Step(
                "prepare",
                _("Start preparing"),
                sources=(Status.IDEA,),
                targets=(Status.PREPARING,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "submit",
                _("Record the submission"),
                sources=(Status.PREPARING,),
                targets=(Status.SUBMITTED,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                news=SUBMITTED,
                form_class=NoteForm,
                needs=_("A submitted application needs its call."),
            ),
            Step(
                "eu_decision",
                _("Record the EU's decision"),
                sources=(Status.SUBMITTED,),
                targets=(Status.GRANTED, Status.REJECTED),
                who=lead_unit,
                who_label=LEAD_UNIT,
                news=DECIDED,
                form_class=EuDecisionForm,
                needs=_(
                    "The EU decides; the lead unit records its decision, with the EU grant where granted."
                ),
            ),
            Step(
                "start",
                _("Start the project"),
                sources=(Status.GRANTED,),
                targets=(Status.RUNNING,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "close",
                _("Close the project"),
                sources=(Status.RUNNING,),
                targets=(Status.CLOSED,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "withdraw",
                _("Withdraw the application"),
                sources=(Status.IDEA, Status.PREPARING, Status.SUBMITTED, Status.GRANTED),
                targets=(Status.WITHDRAWN,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                form_class=ReasonForm,
            ),
            cofinancing_step(
                "request_cofinancing",
                _("Request co-financing"),
                sources=(CoFinancing.NOT_REQUESTED, CoFinancing.DECLINED),
                targets=(CoFinancing.REQUESTED,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                news=SUBMITTED,
                form_class=CoFinancingRequestForm,
                needs=_("The request needs the amount and the year of the central project appropriation."),
            ),
            cofinancing_step(
                "withdraw_cofinancing",
                _("Withdraw the co-financing request"),
                sources=(CoFinancing.REQUESTED,),
                targets=(CoFinancing.NOT_REQUESTED,),
                who=lead_unit,
                who_label=LEAD_UNIT,
                form_class=CoFinancingWithdrawForm,
            ),
            cofinancing_step(
                "grant_cofinancing",
                _("Grant co-financing"),
                sources=(CoFinancing.REQUESTED,),
                targets=(CoFinancing.GRANTED,),
                who=decides,
                who_label=INTERNATIONAL_AFFAIRS,
                news=DECIDED,
                form_class=CoFinancingGrantForm,
                needs=_(
                    "Co-financing is granted to an application the EU has granted, at most the amount "
                    "requested and what the year's appropriation has left."
                ),
            ),
            cofinancing_step(
                "decline_cofinancing",
                _("Decline co-financing"),
                sources=(CoFinancing.REQUESTED,),
                targets=(CoFinancing.DECLINED,),
                who=decides,
                who_label=INTERNATIONAL_AFFAIRS,
                news=DECIDED,
                form_class=CoFinancingDeclineForm,
                needs=_("Declining needs the reason."),
            ),
        ],
        queues=[
            Queue(
                "cofinancing_to_decide",
                _("Co-financing requests waiting for a decision"),
                "eu_projects:application-list",
                {"cofinancing_decision": CoFinancing.REQUESTED},
                who=decides,
            ),
        ],
        decided_fields=(
            "eu_grant_granted",
            "cofinancing_requested",
            "cofinancing_year",
            "cofinancing_granted",
            "decision_reference",
        ),
    )
)
