"""Notifications at the size the issue names: one event with 1,000 followers handed to them, and
a day's digests for 10,000 people made and sent in one sweep (to Django's in-memory mailbox, so
that the figure is the portal's work, not a mail server's).

Everything runs in a transaction that is rolled back, so the database stays as it was.
Needs Django set up.
"""

import datetime
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from helsinki_intl.notifications.delivery import record_digests, send_ready_emails
from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.models import Follow, Notification
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.outbox.services import event_record
from networks.models import Membership

FOLLOWERS = (10, 1_000)
DIGEST_PEOPLE = 10_000
PREFIX = "bench-notified"


@dataclass
class NotificationFigures:
    followers: list[int]
    dispatch_queries: list[int]
    dispatch_seconds: list[float]
    digest_people: int
    record_digests_queries: int
    record_digests_seconds: float
    send_seconds: float
    sent: int


def people(count: int, tag: str) -> list:
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"{PREFIX}-{tag}-{n}", email=f"{PREFIX}-{tag}-{n}@example.com") for n in range(count)],
        batch_size=1000,
    )
    return list(User.objects.filter(username__startswith=f"{PREFIX}-{tag}-").values_list("pk", flat=True))


def dispatch_with_followers(record, count: int) -> tuple[int, float]:
    content_type = ContentType.objects.get_for_model(record)
    Follow.objects.bulk_create(
        [
            Follow(user_id=pk, content_type=content_type, object_id=record.pk)
            for pk in people(count, f"f{count}")
        ],
        batch_size=1000,
    )
    event_record(kind="changed", record=record, by=None)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        dispatch_events()
        seconds = time.perf_counter() - started
    return len(queries), seconds


def measure_notifications() -> NotificationFigures:
    today = timezone.localdate()
    with (
        transaction.atomic(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
    ):
        DomainEvent.objects.undispatched().update(dispatched_at=timezone.now())
        records = list(Membership.objects.order_by("pk")[: len(FOLLOWERS)])
        measured = [
            dispatch_with_followers(record, count) for record, count in zip(records, FOLLOWERS, strict=True)
        ]

        event = event_record(kind="changed", record=records[0], by=None)
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
        yesterday = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(9))
        )
        Notification.objects.bulk_create(
            [
                Notification(user_id=pk, event=event, record_name=str(records[0]), created_at=yesterday)
                for pk in people(DIGEST_PEOPLE, "digest")
            ],
            batch_size=1000,
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            record_digests(today)
            record_seconds = time.perf_counter() - started
        mail.outbox = []
        started = time.perf_counter()
        report = send_ready_emails()
        send_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return NotificationFigures(
        followers=list(FOLLOWERS),
        dispatch_queries=[count for count, _seconds in measured],
        dispatch_seconds=[seconds for _count, seconds in measured],
        digest_people=DIGEST_PEOPLE,
        record_digests_queries=len(queries),
        record_digests_seconds=record_seconds,
        send_seconds=send_seconds,
        sent=len(report.sent),
    )
