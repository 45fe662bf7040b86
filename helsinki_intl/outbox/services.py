"""Recording domain events: called by the registers' services inside their transaction."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from psycopg import sql

from .models import DomainEvent
from .signals import events_recorded


def event_build(*, kind: str, record, by=None, **facts) -> DomainEvent:
    """The event `event_record` saves, not saved yet: a bulk writer saves many at once."""
    # By their keys: an import builds thousands, and a key is set faster than a related record.
    return DomainEvent(
        kind=f"{record._meta.model_name}.{kind}",
        content_type_id=ContentType.objects.get_for_model(record, for_concrete_model=False).pk,
        object_id=record.pk,
        actor_id=by.pk if by is not None and by.is_authenticated else None,
        payload=facts,
    )


def event_record(*, kind: str, record, by=None, **facts) -> DomainEvent:
    """Records that `kind` happened to `record`, made by `by`, with its facts (JSON-serialisable)."""
    event = event_build(kind=kind, record=record, by=by, **facts)
    event.save()
    return event


def events_record_bulk(events: list[DomainEvent], *, batch_size: int = 1000) -> None:
    """Saves events built with `event_build` in a few statements (an import's rows at once)."""
    if not events:
        return
    if connection.vendor != "postgresql":
        DomainEvent.objects.bulk_create(events, batch_size=batch_size)
    else:
        _copy(events)
    events_recorded.send(sender=DomainEvent)


def _copy(events: list[DomainEvent]) -> None:
    """The events saved with PostgreSQL's COPY, their keys drawn from the table's sequence first:
    for the thousands of events of a large import several times faster than bulk_create, which
    prepares each value (the facts' JSON above all) in Python a statement at a time."""
    meta = DomainEvent._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(events)],
        )
        for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = pk
    fields = [meta.get_field(name) for name in COPIED]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(sql.Identifier(field.column) for field in fields)
    )
    encoder = meta.get_field("payload").encoder
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for event in events:
            copy.write_row(
                (
                    event.pk,
                    event.kind,
                    event.content_type_id,
                    event.object_id,
                    event.actor_id,
                    event.occurred_at,
                    json.dumps(event.payload, cls=encoder),
                )
            )
            event._state.adding = False
            event._state.db = connection.alias


COPIED = ("id", "kind", "content_type", "object_id", "actor", "occurred_at", "payload")
"""The columns of an event, in the order `events_record_bulk` writes them."""
