"""The reminders of roles held in networks whose term is ending."""

import datetime
from collections.abc import Iterator

from helsinki_intl.coordination.models import ReminderKind, ReminderSchedule
from helsinki_intl.coordination.reminders import DueReminder, ReminderRule, person, unique, unit_contact

from .models import Role


def role_reminders(today: datetime.date, schedule: ReminderSchedule) -> Iterator[DueReminder]:
    """To the holder and the owner unit's contact: the schedule's days (60 by default) before
    the term ends."""
    notice = datetime.timedelta(days=schedule.role_notice_days)
    ending = Role.objects.ending_between(today, today + notice)
    for role in ending.select_related("holder_user", "membership__owner_unit"):
        for recipient in unique(person(role.holder_user) + unit_contact(role.membership.owner_unit)):
            yield DueReminder(role, ReminderKind.ROLE_ENDING, role.end_date, 0, recipient)


def role_still_ending(reminder, today: datetime.date, schedule: ReminderSchedule) -> bool:
    return reminder.record.end_date == reminder.due_date and reminder.due_date >= today


ROLE_ENDING = ReminderRule(
    model=Role,
    kinds=(ReminderKind.ROLE_ENDING,),
    schedule_fields=ReminderSchedule.ROLE_FIELDS,
    due=role_reminders,
    still_due=role_still_ending,
)
