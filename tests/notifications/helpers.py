"""What the notification tests share: records changed through the write path, and the dispatch."""

from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.models import Notification
from helsinki_intl.records.process import process_for, step_take
from helsinki_intl.records.services import record_update


def changed(record, by, **values):
    """The record changed through the write path, by `by`."""
    return record_update(record=record, by=by, **(values or {"notes": "Changed."}))


def step(record, name: str, by, **data):
    saved, form = step_take(record=record, step=process_for(type(record)).step(name), by=by, data=data)
    assert saved is not None, form.errors
    return saved


def told(user) -> list[str]:
    """The kinds of event the person has been told of, oldest first, after a dispatch."""
    dispatch_events()
    return list(
        Notification.objects.filter(user=user).order_by("event_id").values_list("event__kind", flat=True)
    )


def proposed_assessed_and_decided(membership, owner, assessor, decider) -> None:
    """The membership through its process to a decision to join: submitted by its owner unit,
    assessed by the coordination group, decided by international affairs."""
    step(membership, "submit", owner, one_in_one_out="A new theme.")
    step(membership, "assess", assessor, recommendation="join", statement="Worth it.")
    step(
        membership,
        "decide",
        decider,
        outcome="joined",
        deciding_body="city_board",
        decision_date="2026-11-30",
        decision_reference="HEL 2026-012345",
    )
