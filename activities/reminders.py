"""The reminder to report an activity once it has ended.

The responsible person and the owner unit's contact are asked for the report the schedule's
days after the activity's last day (7 by default), and twice more at the same interval while
the activity is neither reported nor cancelled. Each reminder has a window of one interval, so
that a sweep missed on a day still sends it on the next run; an activity that ended longer ago
than the three windows is not reminded of.
"""

import datetime
from collections.abc import Iterator

from helsinki_intl.coordination.models import ReminderKind, ReminderSchedule
from helsinki_intl.coordination.reminders import DueReminder, ReminderRule, person, unique, unit_contact

from .models import Activity

REMINDERS = 3
"""How many times the report is asked for."""


def report_occurrence(ended: datetime.date, today: datetime.date, interval: int) -> int | None:
    """Which of the reminders (0, 1, 2) is due on `today` for an activity that ended on `ended`."""
    occurrence = (today - ended).days // interval - 1
    return occurrence if 0 <= occurrence < REMINDERS else None


def report_reminders(today: datetime.date, schedule: ReminderSchedule) -> Iterator[DueReminder]:
    interval = schedule.report_reminder_days
    earliest = today - datetime.timedelta(days=interval * (REMINDERS + 1))
    activities = (
        Activity.objects.exclude(status__in=Activity.CLOSED_STATUSES)
        .filter(ends_on__gt=earliest, ends_on__lte=today - datetime.timedelta(days=interval))
        .select_related("owner_unit", "responsible_person")
    )
    for activity in activities:
        if (occurrence := report_occurrence(activity.ends_on, today, interval)) is not None:
            recipients = person(activity.responsible_person) + unit_contact(activity.owner_unit)
            for recipient in unique(recipients):
                yield DueReminder(
                    activity, ReminderKind.ACTIVITY_REPORT, activity.ends_on, occurrence, recipient
                )


def report_still_due(reminder, today: datetime.date, schedule: ReminderSchedule) -> bool:
    activity = reminder.record
    return (
        activity.status not in Activity.CLOSED_STATUSES
        and activity.ends_on == reminder.due_date
        and report_occurrence(activity.ends_on, today, schedule.report_reminder_days) == reminder.occurrence
    )


REPORT_DUE = ReminderRule(
    model=Activity,
    kinds=(ReminderKind.ACTIVITY_REPORT,),
    schedule_fields=ReminderSchedule.REPORT_FIELDS,
    due=report_reminders,
    still_due=report_still_due,
)
