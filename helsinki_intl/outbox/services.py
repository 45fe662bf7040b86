"""Recording domain events: called by the registers' services inside their transaction."""

from django.contrib.contenttypes.models import ContentType

from .models import DomainEvent


def event_build(*, kind: str, record, by=None, **facts) -> DomainEvent:
    """The event `event_record` saves, not saved yet: a bulk writer saves many at once."""
    return DomainEvent(
        kind=f"{record._meta.model_name}.{kind}",
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
        actor=by if by is not None and by.is_authenticated else None,
        payload=facts,
    )


def event_record(*, kind: str, record, by=None, **facts) -> DomainEvent:
    """Records that `kind` happened to `record`, made by `by`, with its facts (JSON-serialisable)."""
    event = event_build(kind=kind, record=record, by=by, **facts)
    event.save()
    return event


def events_record_bulk(events: list[DomainEvent], *, batch_size: int = 1000) -> None:
    """Saves events built with `event_build` in a few statements (an import's rows at once)."""
    DomainEvent.objects.bulk_create(events, batch_size=batch_size)
