"""The reminders of EU call deadlines for applications not yet submitted."""

import datetime
from collections.abc import Iterator

from helsinki_intl.coordination.models import ReminderKind, ReminderSchedule
from helsinki_intl.coordination.reminders import DueReminder, ReminderRule, person, unique, unit_contact

from .models import Application


def call_deadline_notice(
    deadline: datetime.date, today: datetime.date, notice_days: tuple[int, ...] | None = None
) -> int | None:
    """Which notice (days before) an application gets on `today`: the nearest one passed, of
    `notice_days` (by default those of the default schedule, 30 and 7)."""
    notice_days = notice_days or ReminderSchedule().call_notice_days
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    passed = [days for days in notice_days if days_left <= days]
    return min(passed) if passed else None


def call_deadline_reminders(today: datetime.date, schedule: ReminderSchedule) -> Iterator[DueReminder]:
    """To the lead unit (the application's owner unit contact and responsible person): on the
    schedule's days before the deadline (30 and 7 by default)."""
    notice_days = schedule.call_notice_days
    # Deadlines are instants in the call's time zone; a day's margin either way covers them all.
    first = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(), datetime.UTC)
    last = first + datetime.timedelta(days=max(notice_days) + 2)
    applications = (
        Application.objects.not_submitted()
        .filter(call__deadline__range=(first, last))
        .select_related("call", "owner_unit", "responsible_person")
    )
    for application in applications:
        deadline = application.call.deadline_in_zone.date()
        if (notice := call_deadline_notice(deadline, today, notice_days)) is not None:
            recipients = unit_contact(application.owner_unit) + person(application.responsible_person)
            for recipient in unique(recipients):
                yield DueReminder(application, ReminderKind.CALL_DEADLINE, deadline, notice, recipient)


def call_deadline_still_due(reminder, today: datetime.date, schedule: ReminderSchedule) -> bool:
    application, due_date = reminder.record, reminder.due_date
    return (
        application.status in Application.NOT_SUBMITTED_STATUSES
        and application.call is not None
        and application.call.deadline_in_zone.date() == due_date
        and call_deadline_notice(due_date, today, schedule.call_notice_days) == reminder.occurrence
    )


CALL_DEADLINE = ReminderRule(
    model=Application,
    kinds=(ReminderKind.CALL_DEADLINE,),
    schedule_fields=ReminderSchedule.CALL_FIELDS,
    due=call_deadline_reminders,
    still_due=call_deadline_still_due,
)
