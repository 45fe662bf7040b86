"""Recording the notification e-mails and sending each exactly once, as the reminders are sent
(`coordination.delivery`): a row per e-mail, unique per person, kind and period; a notification
assigned to one e-mail at most; each e-mail sent in its own transaction holding its row's lock,
and marked sent in that transaction. A worker that dies mid-send leaves its e-mail unsent for the
next run; a failed send is tried again after a growing pause.

- A decision on one of a person's own records is recorded for sending at once, when it is
  dispatched (`record_at_once_emails`).
- Each day, everything else not yet e-mailed from before the day began goes into a daily digest,
  and on Mondays (or the first run after) everything from before the week began into a weekly one,
  as each person chose (`record_digests`), with what entered or left the saved views they follow
  (`followed_views`). Nothing to tell, no e-mail.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from helsinki_intl.coordination.delivery import DeliveryReport, note_failed_send, open_quietly

from .emails import notification_message
from .followed_views import view_changes
from .models import EmailKind, Frequency, Notification, NotificationEmail, NotificationSettings

logger = logging.getLogger(__name__)


def record_at_once_emails(notifications: list[Notification]) -> None:
    """An e-mail for each decision told at once, to those who have not turned them off."""
    people = {notification.user_id for notification in notifications}
    if not people:
        return
    declined = set(
        NotificationSettings.objects.filter(user_id__in=people, decisions_at_once=False).values_list(
            "user_id", flat=True
        )
    )
    wanted = [notification for notification in notifications if notification.user_id not in declined]
    NotificationEmail.objects.bulk_create(
        [
            NotificationEmail(
                user_id=notification.user_id, kind=EmailKind.AT_ONCE, period=str(notification.event_id)
            )
            for notification in wanted
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    own_email = NotificationEmail.objects.filter(
        user=OuterRef("user"), kind=EmailKind.AT_ONCE, period=Cast(OuterRef("event_id"), CharField())
    )
    Notification.objects.filter(
        at_once=True, email=None, event_id__in={notification.event_id for notification in wanted}
    ).filter(Exists(own_email)).update(email=Subquery(own_email.values("pk")[:1]))


DIGEST_REACH = datetime.timedelta(days=30)
"""How far back a digest looks: one who chose "never" and later a digest is not sent months of
news at once (they stay on the notifications page), while a digest missed for a day or a week is
still made up."""


@dataclass(frozen=True)
class DigestPeriod:
    kind: str
    frequency: str
    name: str
    """The day ("2026-12-06") or ISO week ("2026-W49") the digest is for."""
    ends: datetime.datetime
    """The digest tells what was not e-mailed before this moment."""


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def digest_periods(today: datetime.date) -> list[DigestPeriod]:
    """The day and the week that ended last, as on `today` (in the portal's time zone)."""
    yesterday = today - datetime.timedelta(days=1)
    monday = today - datetime.timedelta(days=today.weekday())
    year, week, _weekday = (monday - datetime.timedelta(days=7)).isocalendar()
    return [
        DigestPeriod(EmailKind.DAILY, Frequency.DAILY, yesterday.isoformat(), start_of(today)),
        DigestPeriod(EmailKind.WEEKLY, Frequency.WEEKLY, f"{year}-W{week:02d}", start_of(monday)),
    ]


def record_digests(today: datetime.date) -> int:
    """Records the digests that fall due on `today` and gives each what it tells; returns how many
    were new. The same number of queries for ten people or ten thousand."""
    recorded = 0
    for period in digest_periods(today):
        with transaction.atomic():
            recorded += record_digest(period)
    return recorded


def record_digest(period: DigestPeriod) -> int:
    untold = Notification.objects.filter(
        email=None, created_at__lt=period.ends, created_at__gte=period.ends - DIGEST_REACH
    )
    chosen = Q(notification_settings__digest=period.frequency)
    if period.frequency == Frequency.DAILY:
        chosen |= Q(notification_settings=None)
    readers = get_user_model().objects.filter(chosen, is_active=True).exclude(email="")
    told = set(untold.filter(user__in=readers).values_list("user_id", flat=True).distinct().order_by())
    already_sent = NotificationEmail.objects.filter(kind=period.kind, period=period.name).exclude(
        sent_at=None
    )
    changes = view_changes(readers.exclude(pk__in=already_sent.values("user")).values("pk"))
    created = NotificationEmail.objects.bulk_create(
        [
            NotificationEmail(user_id=person, kind=period.kind, period=period.name)
            for person in sorted(told | set(changes))
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    digest = NotificationEmail.objects.filter(
        user=OuterRef("user"), kind=period.kind, period=period.name, sent_at=None, cancelled_at=None
    )
    untold.filter(Exists(digest)).update(email=Subquery(digest.values("pk")[:1]))
    if changes:
        telling = list(
            NotificationEmail.objects.filter(
                user_id__in=changes, kind=period.kind, period=period.name, sent_at=None, cancelled_at=None
            )
        )
        for email in telling:
            email.view_changes = [*email.view_changes, *changes[email.user_id]]
        NotificationEmail.objects.bulk_update(telling, ["view_changes"])
    return len(created)


def send_ready_emails(*, now: datetime.datetime | None = None) -> DeliveryReport:
    """Sends every recorded e-mail whose turn has come; one failure does not stop the others."""
    now = now or timezone.now()
    report = DeliveryReport()
    connection = get_connection()
    open_quietly(connection)
    try:
        ready = NotificationEmail.objects.ready_to_send(now).order_by("next_attempt_at", "pk")
        for pk in ready.values_list("pk", flat=True):
            send_one(pk, connection=connection, now=now, report=report)
    finally:
        connection.close()
    return report


def send_one(pk: int, *, connection, now, report: DeliveryReport) -> None:
    with transaction.atomic():
        email = (
            NotificationEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user__notification_settings")
            .ready_to_send(now)
            .filter(pk=pk)
            .first()
        )
        if email is None:  # sent, or being sent, by another worker
            return
        notifications = list(email.notifications.shown().order_by("event_id"))
        wishes = getattr(email.user, "notification_settings", None)
        if not (notifications or email.view_changes) or not email.is_wanted(wishes):
            email.cancelled_at = now
            email.save(update_fields=["cancelled_at"])
            # What it would have told waits for the e-mail the person wants now, if any.
            email.notifications.update(email=None)
            report.cancelled.append(pk)
            return
        try:
            notification_message(email, notifications, connection=connection).send()
        except Exception as error:
            logger.warning("Notification e-mail %s not sent: %s", pk, error)
            note_failed_send(email, error, now=now, connection=connection)
            report.failed.append(pk)
            return
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
        report.sent.append(pk)
