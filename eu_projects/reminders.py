"""The reminders of EU call deadlines for applications not yet submitted."""

import datetime
from collections.abc import Iterator

from helsinki_intl.coordination.models import ReminderKind
from helsinki_intl.coordination.reminders import DueReminder, ReminderRule, person, unique, unit_contact

from .models import Application

CALL_NOTICE_DAYS = (30, 7)


def call_deadline_notice(deadline: datetime.date, today: datetime.date) -> int | None:
    """Which notice (days before) an application gets on `today`: the nearest one passed."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    passed = [days for days in CALL_NOTICE_DAYS if days_left <= days]
    return min(passed) if passed else None


def call_deadline_reminders(today: datetime.date) -> Iterator[DueReminder]:
    """To the lead unit (the application's owner unit contact and responsible person): 30 and
    7 days before the deadline."""
    # Deadlines are instants in the call's time zone; a day's margin either way covers them all.
    first = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(), datetime.UTC)
    last = first + datetime.timedelta(days=max(CALL_NOTICE_DAYS) + 2)
    applications = (
        Application.objects.not_submitted()
        .filter(call__deadline__range=(first, last))
        .select_related("call", "owner_unit", "responsible_person")
    )
    for application in applications:
        deadline = application.call.deadline_in_zone.date()
        if (notice := call_deadline_notice(deadline, today)) is not None:
            recipients = unit_contact(application.owner_unit) + person(application.responsible_person)
            for recipient in unique(recipients):
                yield DueReminder(application, ReminderKind.CALL_DEADLINE, deadline, notice, recipient)


def call_deadline_still_due(reminder, today: datetime.date) -> bool:
    application, due_date = reminder.record, reminder.due_date
    return (
        application.status in Application.NOT_SUBMITTED_STATUSES
        and application.call is not None
        and application.call.deadline_in_zone.date() == due_date
        and call_deadline_notice(due_date, today) == reminder.occurrence
    )


CALL_DEADLINE = ReminderRule(
    kinds=(ReminderKind.CALL_DEADLINE,), due=call_deadline_reminders, still_due=call_deadline_still_due
)
