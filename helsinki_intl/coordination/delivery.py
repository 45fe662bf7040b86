"""Recording reminders and sending them, each exactly once.

`record_due_reminders` inserts a row per due reminder; the unique constraint drops any that
an earlier or a simultaneous sweep already recorded. `send_ready_reminders` then sends the
rows not yet sent, each inside its own transaction that holds the row's lock
(`SELECT ... FOR UPDATE SKIP LOCKED`): a second worker skips a row that one is sending, and a
row is marked sent in the same transaction that sent it. If a worker dies mid-send, the
database rolls the transaction back and the row is sent by the next run; a failed send is
recorded and tried again after a pause that grows with each failure.

One gap is left by any mail system without transactions: the moment between the SMTP server
accepting a message and our commit. A message sent in that moment is sent again; it carries
the same Message-ID, by which mail systems recognise a duplicate.
"""

import contextlib
import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from helsinki_intl.outbox.services import event_build, events_record_bulk

from .emails import reminder_message
from .models import Reminder, ReminderKind
from .reminders import DueReminder, due_reminders, is_still_due, read_schedules

logger = logging.getLogger(__name__)

FIRST_RETRY_DELAY = datetime.timedelta(minutes=15)
LONGEST_RETRY_DELAY = datetime.timedelta(hours=24)


def retry_delay(attempts: int) -> datetime.timedelta:
    """The pause after the `attempts`th failure: doubling from the first pause up to the longest.
    The doubling stops early: an address refused for weeks would otherwise overflow the pause."""
    return min(FIRST_RETRY_DELAY * 2 ** min(attempts - 1, 10), LONGEST_RETRY_DELAY)


def reminder_row(due: DueReminder) -> Reminder:
    return Reminder(
        record_type=ContentType.objects.get_for_model(due.record),
        record_id=due.record.pk,
        kind=due.kind,
        due_date=due.due_date,
        occurrence=due.occurrence,
        recipient=due.recipient.email,
        language=due.recipient.language,
    )


def new_reminders(today: datetime.date) -> list[DueReminder]:
    """The reminders due on `today` that have not been recorded yet."""
    due = due_reminders(today)
    if not due:
        return []
    recorded = set(
        Reminder.objects.filter(due_date__in={reminder.due_date for reminder in due}).values_list(
            "record_type", "record_id", "kind", "due_date", "occurrence", "recipient"
        )
    )
    return [reminder for reminder in due if reminder.key not in recorded]


def record_due_reminders(today: datetime.date) -> int:
    """Record every reminder due on `today`; returns how many were new. The first reminder of a
    date worth telling those who follow the record (`TOLD`) records its domain event too."""
    with transaction.atomic():
        # Sweeps record one after the other, so that two at once cannot both find a date new and
        # tell it twice; the unique constraint alone keeps the reminders once.
        one_sweep_at_a_time()
        due = new_reminders(today)
        events = date_events(due)  # read before the rows are: those recorded before say what is new
        created = Reminder.objects.bulk_create(
            [reminder_row(reminder) for reminder in due], ignore_conflicts=True
        )
        events_record_bulk(events)
    return len(created)


SWEEP_LOCK = 7_100_001
"""The key of the advisory lock the reminder sweeps take in turn (PostgreSQL)."""


def one_sweep_at_a_time() -> None:
    """Waits for any other sweep's recording to commit (PostgreSQL; SQLite writes one at a time)."""
    database = transaction.get_connection()
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])


TOLD = {
    ReminderKind.REVIEW_OVERDUE: "review_overdue",
    ReminderKind.ROLE_ENDING: "role_term_ending",
    ReminderKind.CALL_DEADLINE: "call_deadline_near",
}
"""The reminders whose date is news to those who follow the record, by the event they record."""


def told_key(key: tuple) -> tuple:
    """The date a reminder's key belongs to, as news: (record type, record, kind, date, occurrence),
    but a review overdue is news once for its due date, whichever week overdue its first reminder is."""
    record_type, record, kind, due_date, occurrence = key[:5]
    return (record_type, record, kind, due_date, None if kind == ReminderKind.REVIEW_OVERDUE else occurrence)


def date_events(due: list[DueReminder]) -> list:
    """An event for each date the new reminders are the first of: a review overdue, a role's term
    ending (told as its membership's news), a call's deadline near an application."""
    first = {}
    for reminder in due:
        if reminder.kind in TOLD:
            first.setdefault(told_key(reminder.key), reminder)
    if not first:
        return []
    recorded = {
        told_key(key)
        for key in Reminder.objects.filter(
            due_date__in={reminder.due_date for reminder in first.values()}, kind__in=list(TOLD)
        ).values_list("record_type", "record_id", "kind", "due_date", "occurrence")
    }
    events = []
    for key, reminder in first.items():
        if key in recorded:
            continue
        record, facts = reminder.record, {"due_date": reminder.due_date, "occurrence": reminder.occurrence}
        if told_on := getattr(type(record), "TOLD_ON", None):
            facts["role"] = str(record)
            record = getattr(record, told_on)
        events.append(event_build(kind=TOLD[reminder.kind], record=record, **facts))
    return events


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)


def send_ready_reminders(*, today: datetime.date | None = None, now=None) -> DeliveryReport:
    """Send every recorded reminder whose turn has come; one failure does not stop the others."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = DeliveryReport()
    schedules = read_schedules()
    connection = get_connection()
    open_quietly(connection)
    try:
        for pk in (
            Reminder.objects.ready_to_send(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
        ):
            send_one(pk, connection=connection, today=today, now=now, schedules=schedules, report=report)
    finally:
        connection.close()
    return report


def note_failed_send(row, error: Exception, *, now, connection) -> None:
    """Notes a failed send on its row (a reminder, a notification e-mail), to be tried again after
    a pause, and starts the next message on a new connection: this one may be broken."""
    connection.close()
    open_quietly(connection)
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.next_attempt_at = now + retry_delay(row.attempts)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])


def open_quietly(connection) -> None:
    """Open one connection for many messages; if the server is down, each send reports it."""
    with contextlib.suppress(OSError, smtplib.SMTPException):
        connection.open()


def send_one(pk: int, *, connection, today, now, schedules, report: DeliveryReport) -> None:
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .ready_to_send(now)
            .filter(pk=pk)
            .first()
        )
        if reminder is None:  # sent, or being sent, by another worker
            return
        if not is_still_due(reminder, today, schedules):
            reminder.cancelled_at = now
            reminder.save(update_fields=["cancelled_at"])
            report.cancelled.append(pk)
            return
        try:
            reminder_message(reminder, today=today, connection=connection, schedules=schedules).send()
        except Exception as error:
            logger.warning("Reminder %s to %s not sent: %s", pk, reminder.recipient, error)
            note_failed_send(reminder, error, now=now, connection=connection)
            report.failed.append(pk)
            return
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        report.sent.append(pk)
        logger.info("Reminder %s sent to %s", pk, reminder.recipient)
