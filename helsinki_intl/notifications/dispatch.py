"""Handing the write path's events to those who follow their records (`following`).

Every event starts undispatched (`DomainEvent.dispatched_at` empty). The sweep takes a batch of
them, locked so that a second sweep running at the same time takes others (`SKIP LOCKED`),
writes a notification for each person told, records the e-mails of decisions told at once, and
marks the batch dispatched, all in one transaction: a sweep that dies leaves its batch for the
next, and the notifications' unique key keeps anyone from being told twice. An event committed
after a later one was dispatched is still found, since the sweep asks for what is undispatched,
not for what comes after a position.

A sweep is started after each commit that recorded events, and every minute by beat in case a
start was lost.
"""

import logging

from django.db import transaction
from django.utils import timezone

from helsinki_intl.outbox.models import DomainEvent

from .delivery import record_at_once_emails
from .following import Batch, audiences_of, is_decision
from .models import Notification

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def dispatch_events(*, batch_size: int = BATCH_SIZE) -> int:
    """Tells the followers of every undispatched event; returns how many events were dispatched."""
    dispatched = 0
    while count := dispatch_batch(batch_size=batch_size):
        dispatched += count
    return dispatched


def dispatch_batch(*, batch_size: int = BATCH_SIZE) -> int:
    with transaction.atomic():
        events = list(DomainEvent.objects.undispatched().select_for_update(skip_locked=True)[:batch_size])
        if not events:
            return 0
        told = notifications_for(events)
        Notification.objects.bulk_create(told, ignore_conflicts=True, batch_size=1000)
        record_at_once_emails([notification for notification in told if notification.at_once])
        DomainEvent.objects.filter(pk__in=[event.pk for event in events]).update(dispatched_at=timezone.now())
    return len(events)


def notifications_for(events: list[DomainEvent]) -> list[Notification]:
    """A notification for each person told of each event; a decision is told at once to the
    record's own people."""
    now = timezone.now()
    batch = Batch(events)
    by_key = {event.pk: event for event in events}
    told = []
    for event_pk, audience in audiences_of(batch).items():
        event = by_key[event_pk]
        decided, name = is_decision(event), batch.name_of(event)
        told += [
            Notification(
                user_id=person,
                event_id=event_pk,
                record_name=name,
                created_at=now,
                at_once=decided and person in audience.own,
            )
            for person in sorted(audience.people)
        ]
    return told


def dispatch_after_commit(**kwargs) -> None:
    """Connected to `events_recorded`: a sweep once the writer's transaction commits, one however
    many events it records. A sweep that fails is logged, never the writer's error; beat's next
    sweep tells what it left."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and dispatch_waits_for(connection):
        return
    transaction.on_commit(start_dispatch, robust=True)


def dispatch_waits_for(connection) -> bool:
    """Whether a sweep already waits for the transaction's commit. One registered in a savepoint
    since released waits with the transaction; one in a savepoint still open is dropped only with
    this event, which is recorded inside it."""
    return any(entry[1] is start_dispatch for entry in connection.run_on_commit)


def start_dispatch() -> None:
    from .tasks import dispatch

    dispatch.delay()
