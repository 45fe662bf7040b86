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
    **decision,
):
    """Notes the record's status in its timeline when it is new or differs from `previous_status`.

    `decision` holds the deciding body, decision date and number, and a note, where the change
    was decided. Returns the new timeline row, or None when the status did not change.
    A record with another state of its own (an application's co-financing decision) notes it
    in that state's timeline: `field` and `timeline` name them.
    """
    state = getattr(record, field)
    if state == previous_status:
        return None
    return getattr(record, timeline).create(
        from_status=previous_status or "",
        status=state,
        changed_on=timezone.localdate(),
        changed_by=by if by is not None and by.is_authenticated else None,
        **decision,
    )
