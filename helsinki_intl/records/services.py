"""The write path shared by every register: a record saved with its rows, its status timeline
and its domain event, in one transaction.

Each writer (the portal's forms, the admin, imports, commands) saves a register's records
through these functions or through the register's own services built on them, so that the
timeline and the events are the same whoever made the change. The bulk import writes the same
rows for many records at once (`records_written_in_bulk`).
"""

from django.db import transaction

from helsinki_intl.outbox.services import event_build, event_record

from .timeline import timeline_row, timelines_of


def previous_status_of(record) -> str | None:
    """The status the record had when it was read (None for a new record or one without status)."""
    if record._state.adding or not hasattr(record, "saved_status"):
        return None
    return record.saved_status


def previous_states_of(record) -> dict[str, str | None]:
    """Each state with a timeline (the status, a co-financing decision...) as the record was read;
    None for a new record."""
    adding = record._state.adding or not hasattr(record, "saved_value")
    return {field: None if adding else record.saved_value(field) for field in timelines_of(type(record))}


def _facts(*, record, adding: bool, previous_status: str | None, via: str) -> dict:
    facts = {"via": via}
    if hasattr(record, "status"):
        facts["status"] = record.status
        if not adding and previous_status != record.status:
            facts["from_status"] = previous_status
    return facts


def _timeline_rows(*, record, previous_states: dict, by) -> list:
    rows = []
    for field, timeline in timelines_of(type(record)).items():
        previous, state = previous_states.get(field), getattr(record, field)
        if field != "status" and previous is None and state == record._meta.get_field(field).get_default():
            continue  # a new record's other states start unnoted: nothing was asked or decided yet
        row = timeline_row(
            record=record, previous_status=previous_states.get(field), by=by, field=field, timeline=timeline
        )
        if row is not None:
            rows.append(row)
    return rows


def record_written(
    *, record, adding: bool, previous_status: str | None, by, via: str, previous_states: dict | None = None
) -> None:
    """What follows every save of a register's record: its timelines and its domain event.

    `previous_states` gives the states besides the status as they were read (`previous_states_of`).
    """
    states = {**(previous_states or {}), "status": previous_status}
    for row in _timeline_rows(record=record, previous_states=states, by=by):
        row.save()
    event_record(
        kind="created" if adding else "changed",
        record=record,
        by=by,
        **_facts(record=record, adding=adding, previous_status=previous_status, via=via),
    )


def records_written_in_bulk(
    *, records: list, added: set[int], previous_states: dict[int, dict], by, via: str
):
    """`record_written` for many records saved at once: the same timeline rows and events, not
    saved yet. `added` holds the `id()` of the new records; `previous_states` each record's states
    as read, by `id()`. Returns the timeline rows by model, and the events."""
    rows: dict[type, list] = {}
    events = []
    for record in records:
        adding = id(record) in added
        states = previous_states.get(id(record), {})
        for row in _timeline_rows(record=record, previous_states=states, by=by):
            rows.setdefault(type(row), []).append(row)
        facts = _facts(record=record, adding=adding, previous_status=states.get("status"), via=via)
        events.append(event_build(kind="created" if adding else "changed", record=record, by=by, **facts))
    return rows, events


@transaction.atomic
def record_save(*, form, formsets=None, by, via: str = "form"):
    """Saves a validated record form and its rows (goals, roles...), then its timeline and event."""
    record = form.instance
    adding = record._state.adding
    previous_status = previous_status_of(record)
    previous_states = previous_states_of(record)
    record = form.save()
    for formset in (formsets or {}).values():
        formset.save()
    record_written(
        record=record,
        adding=adding,
        previous_status=previous_status,
        previous_states=previous_states,
        by=by,
        via=via,
    )
    return record


@transaction.atomic
def record_delete(*, record, by, via: str = "form") -> None:
    """Deletes a record; its domain event keeps what it was and who deleted it."""
    event_record(kind="deleted", record=record, by=by, via=via, name=str(record))
    record.delete()
