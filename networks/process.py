"""The process of a membership, as the policy sets it.

The owner unit drafts a proposal and submits it for assessment with its goals, expected benefit,
yearly fee and its answer to "one in, one out"; the coordination group (or international affairs)
assesses it on the benefit principle; international affairs records the decision to join or not,
with the deciding body and its decision number. Ending a membership needs a recorded decision too.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from helsinki_intl.permissions import can_change, can_review, manages
from helsinki_intl.records.forms import CityDateFormField, DateInput
from helsinki_intl.records.process import (
    ASSESSED,
    DECIDED,
    SUBMITTED,
    Process,
    Queue,
    Step,
    StepForm,
    process_register,
)
from helsinki_intl.records.step_forms import DecisionStepForm, ReasonForm

from .choices import AssessmentRecommendation, MembershipStatus
from .models import Membership

Status = MembershipStatus

# The owner unit, the coordination group and international affairs: the same rules as the
# record's change and review permissions.
owner_unit = can_change
assessors = can_review
decides = manages

OWNER_UNIT = _("the owner unit or international affairs")
ASSESSORS = _("the coordination group or international affairs")
INTERNATIONAL_AFFAIRS = _("international affairs")


def submission_missing(membership: Membership, added) -> list:
    """What a proposal lacks to be submitted for assessment: goals (its own, or those the same
    write adds), the expected benefit and the yearly fee."""
    missing = []
    has_goals = added.get("goals", 0) > 0 or (membership.pk is not None and membership.goals.exists())
    if not has_goals:
        missing.append(_("Add at least one goal to the membership before submitting it."))
    if not membership.benefits.strip():
        missing.append(_("Describe the expected benefit on the membership before submitting it."))
    if membership.annual_fee is None:
        missing.append(_("Give the yearly fee on the membership before submitting it (0 if none)."))
    return missing


class SubmitForm(StepForm):
    """The unit's answer to "one in, one out", with its other memberships shown beside it."""

    aside_template = "networks/includes/one_in_one_out.html"

    ends_membership = forms.ModelChoiceField(
        label=_("Membership the unit proposes to end"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("One in, one out: a membership this one would replace."),
    )
    one_in_one_out = forms.CharField(
        label=_("Why no membership would end"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty when you name a membership to end."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Membership.objects.others_of_unit(self.record)
        self.other_memberships = list(others)
        self.fields["ends_membership"].queryset = others

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("ends_membership") and not (cleaned.get("one_in_one_out") or "").strip():
            self.add_error(
                "one_in_one_out",
                _("Name a membership the unit proposes to end, or say why none would end."),
            )
        return cleaned

    def apply(self, record) -> None:
        record.ends_membership = self.cleaned_data.get("ends_membership")
        record.one_in_one_out = self.cleaned_data.get("one_in_one_out", "").strip()


class AssessForm(StepForm):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=AssessmentRecommendation.choices, widget=forms.RadioSelect
    )
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The assessment on the benefit principle: what the city would gain, and at what cost."),
    )

    def apply(self, record) -> None:
        record.assessment_recommendation = self.cleaned_data["recommendation"]
        record.assessment_statement = self.cleaned_data["statement"].strip()

    def decision(self) -> dict:
        return {"note": self.cleaned_data["statement"].strip()}


class JoinDecisionForm(DecisionStepForm):
    JOINED, DECLINED = "joined", "declined"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(JOINED, _("Join the network")), (DECLINED, _("Do not join"))],
        widget=forms.RadioSelect,
    )
    start_date = CityDateFormField(
        label=_("Start date"),
        widget=DateInput(),
        required=False,
        help_text=_("When the membership begins; left empty, the decision date."),
    )
    field_order = ["outcome", "deciding_body", "decision_date", "decision_reference", "start_date", "note"]

    def target_status(self) -> str:
        return Status.ACTIVE if self.cleaned_data["outcome"] == self.JOINED else Status.DECLINED

    def apply(self, record) -> None:
        if self.cleaned_data["outcome"] == self.JOINED:
            record.decision_reference = self.cleaned_data["decision_reference"]
            record.start_date = self.cleaned_data.get("start_date") or self.cleaned_data["decision_date"]


class EndingDecisionForm(DecisionStepForm):
    end_date = CityDateFormField(label=_("End date"), widget=DateInput())
    field_order = ["deciding_body", "decision_date", "decision_reference", "end_date", "note"]

    def apply(self, record) -> None:
        record.end_date = self.cleaned_data["end_date"]


MEMBERSHIP_PROCESS = process_register(
    Process(
        Membership,
        [
            Step(
                "submit",
                _("Submit for assessment"),
                sources=(Status.PROPOSED,),
                targets=(Status.ASSESSING,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                news=SUBMITTED,
                form_class=SubmitForm,
                record_needs=submission_missing,
                needs=_(
                    "The proposal needs its goals, the expected benefit, the yearly fee and the answer "
                    "to “one in, one out”."
                ),
            ),
            Step(
                "withdraw",
                _("Return to drafting"),
                sources=(Status.ASSESSING,),
                targets=(Status.PROPOSED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
            ),
            Step(
                "assess",
                _("Record the assessment"),
                sources=(Status.ASSESSING,),
                targets=(Status.ASSESSED,),
                who=assessors,
                who_label=ASSESSORS,
                news=ASSESSED,
                form_class=AssessForm,
                needs=_("The assessment needs a recommendation and a statement on the benefit principle."),
            ),
            Step(
                "decide",
                _("Record the decision"),
                sources=(Status.ASSESSED,),
                targets=(Status.ACTIVE, Status.DECLINED),
                who=decides,
                who_label=INTERNATIONAL_AFFAIRS,
                news=DECIDED,
                form_class=JoinDecisionForm,
                needs=_("The decision needs the deciding body, its date and its decision number."),
            ),
            Step(
                "propose_ending",
                _("Propose ending"),
                sources=(Status.ACTIVE,),
                targets=(Status.ENDING,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=ReasonForm,
            ),
            Step(
                "keep",
                _("Keep the membership"),
                sources=(Status.ENDING,),
                targets=(Status.ACTIVE,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=ReasonForm,
            ),
            Step(
                "end",
                _("Record the decision to end"),
                sources=(Status.ACTIVE, Status.ENDING),
                targets=(Status.ENDED,),
                who=decides,
                who_label=INTERNATIONAL_AFFAIRS,
                news=DECIDED,
                form_class=EndingDecisionForm,
                needs=_("Ending needs the deciding body, the decision's date and number, and the end date."),
            ),
            Step(
                "propose_again",
                _("Propose again"),
                sources=(Status.DECLINED,),
                targets=(Status.PROPOSED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=ReasonForm,
            ),
        ],
        queues=[
            Queue(
                "memberships_to_assess",
                _("Membership proposals waiting for assessment"),
                "networks:membership-list",
                {"status": Status.ASSESSING},
                who=assessors,
            ),
            Queue(
                "memberships_to_decide",
                _("Membership proposals waiting for a decision"),
                "networks:membership-list",
                {"status": Status.ASSESSED},
                who=decides,
            ),
        ],
        decided_fields=(
            "decision_reference",
            "ends_membership",
            "one_in_one_out",
            "assessment_recommendation",
            "assessment_statement",
        ),
    )
)
