"""The process of a planned activity.

The owner unit plans the activity, confirms it when it is certain, records it done once it has
started (or cancels it), and then reports what came of it, the contacts made and the follow-up:
the report is what lets other units build on the activity.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.permissions import can_change
from helsinki_intl.records.process import Process, Step, process_register
from helsinki_intl.records.step_forms import NoteForm, ReasonForm

from .choices import ActivityStatus
from .models import Activity

Status = ActivityStatus

owner_unit = can_change  # the owner unit or international affairs, as for editing the activity
OWNER_UNIT = _("the owner unit or international affairs")


def not_started(activity: Activity, added) -> list:
    if activity.starts_on is not None and activity.starts_on > timezone.localdate():
        return [_("An activity can be marked done only once it has started.")]
    return []


def report_missing(activity: Activity, added) -> list:
    if not activity.report_outcomes.strip():
        return [_("Write what came of the activity before recording the report.")]
    return []


def report_field(label, help_text, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class ReportForm(NoteForm):
    """The short report of an activity done."""

    report_outcomes = report_field(
        _("What came of it"),
        _("The results: agreements, openings, visibility, what was learnt."),
        required=True,
    )
    report_contacts = report_field(
        _("Contacts made"), _("The organisations and people met, for other units too.")
    )
    report_follow_up = report_field(_("Follow-up"), _("What is to be done next, and by whom."))
    field_order = ["report_outcomes", "report_contacts", "report_follow_up", "note"]

    def clean(self):
        # The record's own need is judged on the report being written, not on the saved record.
        return forms.Form.clean(self)

    def apply(self, record) -> None:
        record.report_outcomes = self.cleaned_data["report_outcomes"].strip()
        record.report_contacts = self.cleaned_data["report_contacts"].strip()
        record.report_follow_up = self.cleaned_data["report_follow_up"].strip()


ACTIVITY_PROCESS = process_register(
    Process(
        Activity,
        [
            Step(
                "confirm",
                _("Confirm"),
                sources=(Status.PLANNED,),
                targets=(Status.CONFIRMED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "unconfirm",
                _("Return to planning"),
                sources=(Status.CONFIRMED,),
                targets=(Status.PLANNED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=NoteForm,
            ),
            Step(
                "done",
                _("Record the activity done"),
                sources=(Status.PLANNED, Status.CONFIRMED),
                targets=(Status.DONE,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=NoteForm,
                record_needs=not_started,
                needs=_("An activity is recorded done only once it has started."),
            ),
            Step(
                "report",
                _("Write the report"),
                sources=(Status.DONE,),
                targets=(Status.REPORTED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=ReportForm,
                record_needs=report_missing,
                needs=_("The report says what came of the activity, the contacts made and the follow-up."),
            ),
            Step(
                "cancel",
                _("Cancel"),
                sources=(Status.PLANNED, Status.CONFIRMED),
                targets=(Status.CANCELLED,),
                who=owner_unit,
                who_label=OWNER_UNIT,
                form_class=ReasonForm,
            ),
        ],
        decided_fields=("report_outcomes", "report_contacts", "report_follow_up"),
    )
)
