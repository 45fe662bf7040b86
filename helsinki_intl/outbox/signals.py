"""Sent when events are recorded, in the writer's transaction: a consumer that acts on them
waits for the commit (`transaction.on_commit`), so that it never sees a change rolled back."""

from django.dispatch import Signal

events_recorded = Signal()
"""Sent with `sender=DomainEvent` after one event or a bulk writer's events are saved."""


def tell_event_saved(sender, instance, created: bool, **kwargs) -> None:
    """Connected to the event model's `post_save`: a single event saved is told as recorded."""
    if created:
        events_recorded.send(sender=sender)
