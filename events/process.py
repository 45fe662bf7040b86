"""The process of an event bid, as the policy sets it.

The host unit prepares the bid and submits it for decision with what the decision needs; bids
are always decided in the major-events coordination group (international affairs may record the
decision too), which approves the bid or declines it, with the conditions and the resources it
grants. The host unit then records the bid submitted, the bid won or lost, and the event held.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.permissions import (
    can_change,
    is_international_affairs,
    is_major_events_group,
    is_staff_member,
)
from helsinki_intl.records.choices import DecidingBody
from helsinki_intl.records.money import format_euros
from helsinki_intl.records.process import DECIDED, SUBMITTED, Process, Queue, Step, process_register
from helsinki_intl.records.step_forms import DecisionStepForm, NoteForm, note_field

from .choices import BidStatus
from .models import EventBid

Status = BidStatus

host_unit = can_change  # the host unit or international affairs, as for editing the bid
decides = is_staff_member & (is_major_events_group | is_international_affairs)

HOST_UNIT = _("the host unit or international affairs")
DECIDERS = _("the major-events coordination group or international affairs")


def submission_missing(bid: EventBid, added) -> list:
    """What a bid lacks to go to the group for decision: what the decision weighs (cost, resources
    asked, impact), for an event still to come."""
    missing = []
    if bid.estimated_cost is None:
        missing.append(_("Give the estimated cost of the event before submitting the bid."))
    if bid.city_resources is None:
        missing.append(_("Give the city resources the bid asks for before submitting it (0 if none)."))
    if not bid.expected_impact.strip():
        missing.append(_("Describe the expected impact of the event before submitting the bid."))
    if bid.starts_on is not None and bid.starts_on <= timezone.localdate():
        missing.append(_("A bid for an event that has already started cannot be submitted."))
    return missing


class DecisionForm(DecisionStepForm):
    """Go or no go, with the deciding body, the decision's date and number, the decision as
    minuted (the timeline's note), its conditions and the resources it grants."""

    APPROVED, DECLINED = "approved", "declined"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVED, _("Approve the bid")), (DECLINED, _("Decline the bid"))],
        widget=forms.RadioSelect,
    )
    note = note_field(_("Decision as minuted"), required=True)
    conditions = note_field(_("Conditions"))
    field_order = ["outcome", "deciding_body", "decision_date", "decision_reference", "note", "conditions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_body"].initial = DecidingBody.MAJOR_EVENTS_GROUP
        self.fields["note"].help_text = _("What the group decided, in the words of its minutes.")
        self.fields["conditions"].help_text = _("The conditions set on an approved bid.")
        # The model's field, so that the amount has the range and digits the column holds.
        self.fields["resources_granted"] = EventBid._meta.get_field("resources_granted").formfield(
            label=_("Resources granted (€)"),
            help_text=_("The city resources granted to an approved bid, at most those asked: %(asked)s.")
            % {"asked": format_euros(self.record.city_resources)},
        )

    def clean(self):
        cleaned = super().clean()
        granted = cleaned.get("resources_granted")
        if cleaned.get("outcome") == self.DECLINED:
            if granted is not None:
                self.add_error("resources_granted", _("A declined bid is granted no resources."))
            if (cleaned.get("conditions") or "").strip():
                self.add_error(
                    "conditions", _("A declined bid has no conditions: write the reasons in the decision.")
                )
        asked = self.record.city_resources
        if granted is not None and asked is not None and granted > asked:
            self.add_error(
                "resources_granted",
                _("At most the resources the bid asks for can be granted: %(asked)s.")
                % {"asked": format_euros(asked)},
            )
        return cleaned

    def target_status(self) -> str:
        return Status.APPROVED if self.cleaned_data["outcome"] == self.APPROVED else Status.DECLINED

    def apply(self, record) -> None:
        record.decision_date = self.cleaned_data["decision_date"]
        record.minutes_reference = self.cleaned_data["decision_reference"]
        record.decision = self.cleaned_data["note"].strip()
        record.conditions = self.cleaned_data["conditions"].strip()
        record.resources_granted = self.cleaned_data.get("resources_granted")


class OutcomeForm(NoteForm):
    WON, LOST = "won", "lost"

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(WON, _("The bid was won")), (LOST, _("The bid was lost"))],
        widget=forms.RadioSelect,
    )
    field_order = ["outcome", "note"]

    def target_status(self) -> str:
        return Status.WON if self.cleaned_data["outcome"] == self.WON else Status.LOST


EVENT_BID_PROCESS = process_register(
    Process(
        EventBid,
        [
            Step(
                "submit",
                _("Submit for decision"),
                sources=(Status.IDEA,),
                targets=(Status.FOR_DECISION,),
                who=host_unit,
                who_label=HOST_UNIT,
                news=SUBMITTED,
                form_class=NoteForm,
                record_needs=submission_missing,
                needs=_(
                    "The bid needs its dates, expected delegates, estimated cost, the city resources it "
                    "asks for and its expected impact, for an event still to come."
                ),
            ),
            Step(
                "withdraw",
                _("Return to preparation"),
                sources=(Status.FOR_DECISION,),
                targets=(Status.IDEA,),
                who=host_unit,
                who_label=HOST_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "decide",
                _("Record the decision"),
                sources=(Status.FOR_DECISION,),
                targets=(Status.APPROVED, Status.DECLINED),
                who=decides,
                who_label=DECIDERS,
                news=DECIDED,
                form_class=DecisionForm,
                needs=_(
                    "The decision needs the deciding body, its date and decision number, and the decision "
                    "as minuted; an approval may set conditions and grant resources."
                ),
            ),
            Step(
                "submit_bid",
                _("Record the bid submitted"),
                sources=(Status.APPROVED,),
                targets=(Status.SUBMITTED,),
                who=host_unit,
                who_label=HOST_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "outcome",
                _("Record the outcome"),
                sources=(Status.SUBMITTED,),
                targets=(Status.WON, Status.LOST),
                who=host_unit,
                who_label=HOST_UNIT,
                news=DECIDED,
                form_class=OutcomeForm,
            ),
            Step(
                "held",
                _("Record the event held"),
                sources=(Status.WON,),
                targets=(Status.HELD,),
                who=host_unit,
                who_label=HOST_UNIT,
                form_class=NoteForm,
                needs=_("An event is recorded held only once it has started."),
            ),
        ],
        queues=[
            Queue(
                "bids_to_decide",
                _("Event bids waiting for a decision"),
                "events:eventbid-list",
                {"status": Status.FOR_DECISION},
                who=decides,
            ),
        ],
        decided_fields=("decision_date", "minutes_reference", "decision", "conditions", "resources_granted"),
    )
)
