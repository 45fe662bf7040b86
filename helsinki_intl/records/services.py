"""The write path shared by every register: a record saved with its rows, its status timeline
and its domain event, in one transaction.

Each writer (the portal's forms, the admin, imports, commands) saves a register's records
through these functions or through the register's own services built on them, so that the
timeline, the history and the events are the same whoever made the change. The bulk import
writes the same rows for many records at once (`records_written_in_bulk`).

A state moved along a step of the register's process (`records.process`) is the step, whoever
moves it: a status changed in the admin or by an import from "assessing" to "proposed" records
the event of the step that makes that move ("membership.withdraw"), and its history gives the
step's name as the reason, as the step itself would.
"""

from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from helsinki_intl.outbox.services import event_build, event_record

from .imports.saving import BulkSave
from .models import ReviewCycle
from .timeline import timeline_row, timelines_of


def previous_status_of(record) -> str | None:
    """The status the record had when it was read (None for a new record or one without status)."""
    if record._state.adding or not hasattr(record, "saved_status"):
        return None
    return record.saved_status


def previous_states_of(record) -> dict[str, str | None]:
    """Each state with a timeline (the status, a co-financing decision...) as the record was read,
    and the other values the record remembers as read (`StatusLifecycle.SAVED_FIELDS`), which its
    own events compare (`own_events`); None for a new record."""
    adding = record._state.adding or not hasattr(record, "saved_value")
    fields = dict.fromkeys([*timelines_of(type(record)), *getattr(record, "SAVED_FIELDS", ())])
    return {field: None if adding else record.saved_value(field) for field in fields}


def steps_of_move(model, field: str, source, target) -> list:
    """The steps of the model's process that move `field` from `source` to `target`."""
    from .process import process_for  # the process module builds on this one

    process = process_for(model)
    return [
        step
        for step in (process.steps if process else ())
        if step.field == field and source in step.sources and target in step.targets
    ]


def step_of_move(model, field: str, source, target):
    """The step of the model's process that moves `field` from `source` to `target`, or None when
    no step (or more than one) does."""
    steps = steps_of_move(model, field, source, target)
    return steps[0] if len(steps) == 1 else None


def steps_taken(record, previous_states: dict) -> list:
    """The steps whose moves the record's states made since they were read (`previous_states`)."""
    steps = []
    for field in timelines_of(type(record)):
        previous, state = previous_states.get(field), getattr(record, field)
        if previous is not None and previous != state:
            step = step_of_move(type(record), field, previous, state)
            if step is not None:
                steps.append(step)
    return steps


def change_reason_of(record, previous_states: dict) -> str | None:
    """The reason the record's history gives for a save that moved its states along steps: the
    steps' names, as the steps themselves give them; None for any other save."""
    return "; ".join(str(step.label) for step in steps_taken(record, previous_states)) or None


def fact_value(field, value):
    """A value as an event's facts keep it: a record by its key, an amount with the places of its
    field (form or model field), so that "4000" and "4000.00" are the same fact."""
    if hasattr(value, "pk"):
        return value.pk
    places = getattr(field, "decimal_places", None)
    if isinstance(value, Decimal) and places is not None and value.is_finite():
        return value.quantize(Decimal(1).scaleb(-places))
    return value


def step_facts(step, record) -> dict:
    """What the step's form gave that the record keeps, as the record now holds it (a grant's
    amount, the membership a proposal would end)."""
    names = {field.name for field in record._meta.concrete_fields}
    facts = {}
    for name in step.form_class.base_fields:
        if name in names:
            model_field = record._meta.get_field(name)
            value = getattr(record, model_field.attname)
            if value not in (None, ""):
                facts[name] = fact_value(model_field, value)
    return facts


TIMELINE_BOOKKEEPING = frozenset(
    {"id", "version", "from_status", "status", "changed_on", "changed_at", "changed_by", "predates_portal"}
)


def decision_facts(row) -> dict:
    """What a timeline row notes of the decision behind a move: the deciding body, the decision's
    date and number, the note, and a co-financing step's amount and year."""
    facts = {}
    for model_field in row._meta.concrete_fields if row is not None else ():
        if model_field.name in TIMELINE_BOOKKEEPING or model_field.many_to_one:
            continue
        value = getattr(row, model_field.attname)
        if value not in (None, ""):
            facts[model_field.name] = fact_value(model_field, value)
    return facts


def step_event(*, step, record, previous, by, via: str, row):
    """The domain event of a move along `step` (from `previous`), not saved yet, the same whether
    the step was taken or another writer made its move: the states, what the record keeps of the
    step's form, and the decision its timeline `row` notes."""
    facts = {
        "via": via,
        f"from_{step.field}": previous,
        step.field: getattr(record, step.field),
        "status": record.status,
        **step_facts(step, record),
        **decision_facts(row),
    }
    return event_build(kind=step.name, record=record, by=by, **facts)


def _states(record, previous_states: dict) -> dict:
    return {"status": previous_states.get("status"), **previous_states}


def own_events(*, record, previous_states: dict, by, via: str) -> list:
    """The events a register's record tells of its save besides these, by its `events_of_save`
    (previous_states) -> [(kind, facts)]: an application naming a programme not in the register."""
    told = getattr(record, "events_of_save", None)
    if told is None:
        return []
    return [
        event_build(kind=kind, record=record, by=by, via=via, **facts)
        for kind, facts in told(previous_states)
    ]


def _events(*, record, adding: bool, previous_states: dict, by, via: str, rows: dict) -> list:
    """The domain events of a save: "created" for a new record; for a changed one, the event of
    each step whose move it made (`rows` are the timeline rows written, by state), or "changed"
    when it made none; then the record's own (`own_events`)."""
    return [
        *_change_events(
            record=record, adding=adding, previous_states=previous_states, by=by, via=via, rows=rows
        ),
        *own_events(record=record, previous_states=previous_states, by=by, via=via),
    ]


def add_save_facts(record, **facts) -> None:
    """Facts of the record's save that its event of the save ("created", "changed") notes besides
    its own: what another shared part saved with it (the links it made, `links.services`)."""
    record.__dict__.setdefault("_save_facts", {}).update(facts)


def _change_events(*, record, adding: bool, previous_states: dict, by, via: str, rows: dict) -> list:
    facts = {"via": via, **record.__dict__.pop("_save_facts", {})}
    if adding:
        if hasattr(record, "status"):
            facts["status"] = record.status
        return [event_build(kind="created", record=record, by=by, **facts)]
    events = [
        step_event(
            step=step,
            record=record,
            previous=previous_states.get(step.field),
            by=by,
            via=via,
            row=rows.get(step.field),
        )
        for step in steps_taken(record, previous_states)
    ]
    if events:
        events[0].payload.update({key: value for key, value in facts.items() if key != "via"})
        return events
    if hasattr(record, "status"):
        facts["status"] = record.status
        previous = previous_states.get("status")
        if previous != record.status:
            facts["from_status"] = previous
    return [event_build(kind="changed", record=record, by=by, **facts)]


def _timeline_rows(*, record, previous_states: dict, by) -> dict:
    """The timeline rows of the states the save moved, by state, not saved yet."""
    rows = {}
    for field, timeline in timelines_of(type(record)).items():
        previous, state = previous_states.get(field), getattr(record, field)
        if field != "status" and previous is None and state == record._meta.get_field(field).get_default():
            continue  # a new record's other states start unnoted: nothing was asked or decided yet
        row = timeline_row(
            record=record, previous_status=previous_states.get(field), by=by, field=field, timeline=timeline
        )
        if row is not None:
            rows[field] = row
    return rows


def mark_history(row, *, by, reason: str | None) -> None:
    """Who saved the row and why, for its historical row (django-simple-history), whether or not
    the save is made in a request."""
    if by is not None and by.is_authenticated:
        row._history_user = by
    if reason:
        row._change_reason = reason


def history_held(record) -> None:
    """Holds back the historical rows django-simple-history writes on the record's save and on each
    change of its lists after it, until `held_history_written` writes one for them all."""
    record._held_history_type = "+" if record._state.adding else "~"
    record.skip_history_when_saving = True


def held_history_written(record, *, by, reason: str | None) -> None:
    """The one historical row of the saves held back (`history_held`), holding the record's lists
    as they now are, as the bulk import writes it."""
    del record.skip_history_when_saving
    history_type = record.__dict__.pop("_held_history_type")
    BulkSave(type(record), user=by, change_reason=reason).write_history([record], history_type=history_type)


@contextmanager
def one_history_row(record, *, by, reason: str | None):
    """The record's save and its lists' changes made inside leave one historical row, with the
    lists as they are at the end; not a row for the save and another for each list changed after
    it (django-simple-history's own way), which the bulk import does not write."""
    history_held(record)
    yield
    held_history_written(record, by=by, reason=reason)


def record_written(
    *,
    record,
    adding: bool,
    previous_status: str | None,
    by,
    via: str,
    previous_states: dict | None = None,
    reason: str | None = None,
) -> None:
    """What follows every save of a register's record: its timelines and its domain events.

    `previous_states` gives the states besides the status as they were read (`previous_states_of`);
    `reason` is the reason the record's history gives, given to the timeline rows' history too.
    """
    states = _states(record, {**(previous_states or {}), "status": previous_status})
    rows = _timeline_rows(record=record, previous_states=states, by=by)
    for row in rows.values():
        mark_history(row, by=by, reason=reason)
        row.save()
    for event in _events(record=record, adding=adding, previous_states=states, by=by, via=via, rows=rows):
        event.save()


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
        states = _states(record, previous_states.get(id(record), {}))
        written = _timeline_rows(record=record, previous_states=states, by=by)
        for row in written.values():
            rows.setdefault(type(row), []).append(row)
        events += _events(record=record, adding=adding, previous_states=states, by=by, via=via, rows=written)
    return rows, events


@transaction.atomic
def record_save(*, form, formsets=None, by, via: str = "form"):
    """Saves a validated record form and its rows (goals, roles...), then its timeline and event."""
    record = form.instance
    adding = record._state.adding
    previous_status = previous_status_of(record)
    previous_states = previous_states_of(record)
    reason = change_reason_of(record, _states(record, {**previous_states, "status": previous_status}))
    with one_history_row(record, by=by, reason=reason):
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
        reason=reason,
    )
    return record


@transaction.atomic
def record_rows_changed(*, record, by, via: str):
    """Notes a change of the record's own rows (its goals, roles, contacts, reviews, timeline)
    made outside its edit form as a change of the record, as its edit form's save is: the record
    saved again (a new version, so that an edit form loaded before is refused, and a historical
    row) and its event."""
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    previous_status = previous_status_of(record)
    previous_states = previous_states_of(record)
    with one_history_row(record, by=by, reason=None):
        record.save()
    record_written(
        record=record,
        adding=False,
        previous_status=previous_status,
        previous_states=previous_states,
        by=by,
        via=via,
    )
    return record


@transaction.atomic
def record_row_add(*, record, form, by, via: str = "form"):
    """Saves a row of the record's (a goal, a role) added on the record's page, as its edit form
    saves one (`record_rows_changed`). `form` is the row's validated form. Returns the row."""
    mark_history(form.instance, by=by, reason=None)
    row = form.save()
    record_rows_changed(record=record, by=by, via=via)
    return row


@transaction.atomic
def record_update(*, record, by, via: str = "service", lists: dict | None = None, **values):
    """Changes a saved record's `values` (field name → value) and its `lists` (a many-to-many
    field's name → the records it is to hold), judged by the model's rules, and saves it with its
    timeline, history and events as `record_save` does. For writers without a form (a command, a
    task, an API); raises ValidationError, with nothing saved, when a rule is broken.

    The record is locked and read again first, so that the values are judged on what is saved. A
    state moved along a step needs what the step needs of the record (`process.needs_missing`).
    """
    from .process import needs_missing  # the process module builds on this one

    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    previous_status = previous_status_of(record)
    previous_states = previous_states_of(record)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    if isinstance(record, ReviewCycle):
        record.validate_goal_count(record.goals.count())
    if missing := needs_missing(record, previous_states):
        raise ValidationError(missing)
    reason = change_reason_of(record, _states(record, {**previous_states, "status": previous_status}))
    with one_history_row(record, by=by, reason=reason):
        record.save()
        for name, items in (lists or {}).items():
            getattr(record, name).set(items)
    record_written(
        record=record,
        adding=False,
        previous_status=previous_status,
        previous_states=previous_states,
        by=by,
        via=via,
        reason=reason,
    )
    return record


KEPT_ON_DELETE = ("owner_unit", "responsible_person")
"""The relations a deleted record's event keeps (by key), besides those its model names in
`FOLLOWED_THROUGH`: whose it was, so that those following them can still be told."""


def kept_on_delete(record) -> dict:
    names = (*KEPT_ON_DELETE, *getattr(type(record), "FOLLOWED_THROUGH", ()))
    return {name: getattr(record, f"{name}_id") for name in names if hasattr(record, f"{name}_id")}


before_record_delete: list = []
"""(record=, by=) -> None: what a shared part removes with a record the write path deletes (the
links that name it); parts that build on the records add theirs when they are ready."""


@transaction.atomic
def record_delete(*, record, by, via: str = "form") -> None:
    """Deletes a record; its domain event keeps what it was, whose it was and who deleted it."""
    event_record(kind="deleted", record=record, by=by, via=via, name=str(record), **kept_on_delete(record))
    for remove in before_record_delete:
        remove(record=record, by=by)
    mark_history(record, by=by, reason=None)
    record.delete()
