"""The write path shared by every register: a record saved with its rows, its status timeline
and its domain event, in one transaction.

Each writer (the portal's forms, the admin, imports, commands) saves a register's records
through these functions or through the register's own services built on them, so that the
timeline and the events are the same whoever made the change.
"""

from django.db import transaction

from helsinki_intl.outbox.services import event_record

from .timeline import timeline_note


def previous_status_of(record) -> str | None:
    """The status the record had when it was read (None for a new record or one without status)."""
    if record._state.adding or not hasattr(record, "saved_status"):
        return None
    return record.saved_status


def record_written(*, record, adding: bool, previous_status: str | None, by, via: str) -> None:
    """What follows every save of a register's record: its timeline and its domain event."""
    if hasattr(record, "status_changes"):
        timeline_note(record=record, previous_status=previous_status, by=by)
    facts = {"via": via}
    if hasattr(record, "status"):
        facts["status"] = record.status
        if not adding and previous_status != record.status:
            facts["from_status"] = previous_status
    event_record(kind="created" if adding else "changed", record=record, by=by, **facts)


@transaction.atomic
def record_save(*, form, formsets=None, by, via: str = "form"):
    """Saves a validated record form and its rows (goals, roles...), then its timeline and event."""
    record = form.instance
    adding = record._state.adding
    previous_status = previous_status_of(record)
    record = form.save()
    for formset in (formsets or {}).values():
        formset.save()
    record_written(record=record, adding=adding, previous_status=previous_status, by=by, via=via)
    return record


@transaction.atomic
def record_delete(*, record, by, via: str = "form") -> None:
    """Deletes a record; its domain event keeps what it was and who deleted it."""
    event_record(kind="deleted", record=record, by=by, via=via, name=str(record))
    record.delete()
