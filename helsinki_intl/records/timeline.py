"""A record's status timeline, written the same way by every writer.

Forms, steps, the admin, imports and commands all call `timeline_note` after saving a record
whose status may have changed; the figures counted from the timelines (the quarterly summary's
joined, granted, won...) are then right whoever made the change.
"""

from django.utils import timezone


def timeline_note(
    *,
    record,
    previous_status: str | None,
    by,
    field: str = "status",
    timeline: str = "status_changes",
    change_reason: str | None = None,
    **decision,
):
    """Notes the record's status in its timeline when it is new or differs from `previous_status`.

    `decision` holds the deciding body, decision date and number, and a note, where the change
    was decided. Returns the new timeline row, or None when the status did not change.
    A record with another state of its own (an application's co-financing decision) notes it
    in that state's timeline: `field` and `timeline` name them. The row's history is by `by`,
    with `change_reason`, as the record's is.
    """
    row = timeline_row(
        record=record, previous_status=previous_status, by=by, field=field, timeline=timeline, **decision
    )
    if row is not None:
        if by is not None and by.is_authenticated:
            row._history_user = by
        if change_reason:
            row._change_reason = change_reason
        row.save()
    return row


def timeline_row(
    *,
    record,
    previous_status: str | None,
    by,
    field: str = "status",
    timeline: str = "status_changes",
    **decision,
):
    """The timeline row `timeline_note` writes, not saved yet (a bulk writer saves many at once);
    None when the state did not change."""
    state = getattr(record, field)
    if state == previous_status:
        return None
    relation = record._meta.get_field(timeline)
    facts = record.timeline_facts(field, previous_status) if hasattr(record, "timeline_facts") else {}
    return relation.related_model(
        **{relation.field.name: record},
        from_status=previous_status or "",
        status=state,
        changed_on=timezone.localdate(),
        changed_by=by if by is not None and by.is_authenticated else None,
        **{**facts, **decision},
    )


def timelines_of(model) -> dict[str, str]:
    """The states of the model's records that keep a timeline: field → the timeline's related name.

    The status (`status_changes`) and any other state its process moves (an application's
    co-financing decision).
    """
    # Asked a few times for each row of an import: kept until a process is registered.
    if (timelines := _timelines.get(model)) is not None:
        return timelines
    from .process import process_for  # the process module notes its steps here

    timelines = {}
    if hasattr(model, "status_changes"):
        timelines["status"] = "status_changes"
    process = process_for(model)
    for step in process.steps if process else ():
        timelines[step.field] = step.timeline
    _timelines[model] = timelines
    return timelines


_timelines: dict[type, dict[str, str]] = {}


def timelines_forget() -> None:
    """Forgets the timelines known so far, for a process registered after they were asked."""
    _timelines.clear()
