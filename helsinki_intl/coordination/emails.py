"""The reminder e-mails, written in the recipient's language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helsinki_intl.records.dates import short_date
from helsinki_intl.records.fields import as_one_line

from .models import Reminder, ReminderKind, ReminderSchedule, ReminderSchedules
from .registry import reviewables


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def subject_for(reminder: Reminder, today, schedule: ReminderSchedule | None = None) -> str:
    record, date = reminder.record, short_date(reminder.due_date)
    schedule = schedule or ReminderSchedule()
    match reminder.kind:
        case ReminderKind.REVIEW_UPCOMING:
            return _("Review due on %(date)s: %(record)s") % {"date": date, "record": record}
        case ReminderKind.REVIEW_DUE:
            return _("Review due: %(record)s") % {"record": record}
        case ReminderKind.REVIEW_OVERDUE:
            days = (today - reminder.due_date).days
            return _("Review overdue by %(days)s days: %(record)s") % {"days": days, "record": record}
        case ReminderKind.REVIEW_ESCALATED:
            days = schedule.escalation_days
            return ngettext(
                "Review overdue for more than %(days)s day: %(record)s",
                "Review overdue for more than %(days)s days: %(record)s",
                days,
            ) % {"days": days, "record": record}
        case ReminderKind.ROLE_ENDING:
            return _("Term ends on %(date)s: %(role)s") % {"date": date, "role": record}
        case ReminderKind.CALL_DEADLINE:
            return _("Call deadline on %(date)s: %(application)s") % {"date": date, "application": record}
        case ReminderKind.ACTIVITY_REPORT:
            return _("Report to write: %(activity)s") % {"activity": record}
    raise ValueError(reminder.kind)


REVIEW_KINDS = (
    ReminderKind.REVIEW_UPCOMING,
    ReminderKind.REVIEW_DUE,
    ReminderKind.REVIEW_OVERDUE,
    ReminderKind.REVIEW_ESCALATED,
)
"""The kinds whose e-mail links to the review form."""


def links_for(reminder: Reminder) -> dict[str, str]:
    record = reminder.record
    if reminder.kind == ReminderKind.ROLE_ENDING:
        return {"record_url": absolute(record.membership.get_absolute_url())}
    links = {"record_url": absolute(record.get_absolute_url())}
    if reminder.kind in REVIEW_KINDS:
        links["review_url"] = absolute(reviewables.for_model(type(record)).review_url(record))
    return links


def message_id(reminder: Reminder) -> str:
    # The same id on any resend lets mail systems recognise a duplicate.
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"<reminder-{reminder.pk}@{host}>"


def reminder_message(
    reminder: Reminder, *, today=None, connection=None, schedules: ReminderSchedules | None = None
) -> EmailMessage:
    """The reminder's e-mail; its texts name the intervals of the record type's schedule, read
    from `schedules` (or afresh)."""
    today = today or timezone.localdate()
    schedules = schedules or ReminderSchedule.objects.by_record_type()
    schedule = schedules.of(type(reminder.record))
    with translation.override(reminder.language):
        subject = as_one_line(subject_for(reminder, today, schedule))
        body = render_to_string(
            "coordination/email/reminder.txt",
            {
                "reminder": reminder,
                "record": reminder.record,
                "kind": reminder.kind,
                "Kind": ReminderKind,
                "due_date": reminder.due_date,
                "days_overdue": (today - reminder.due_date).days,
                "days_left": (reminder.due_date - today).days,
                "repeat_days": schedule.overdue_repeat_days,
                "escalation_days": schedule.escalation_days,
                "report_days": schedule.report_reminder_days,
                **links_for(reminder),
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[reminder.recipient],
        connection=connection,
        headers={"Message-ID": message_id(reminder), "Auto-Submitted": "auto-generated"},
    )
