"""The writes a person makes to their own notifications and following: every view goes through
these, as the registers' writers go through their services."""

from django.db import transaction
from django.utils import timezone

from .models import Follow, Frequency, Notification, NotificationSettings


def notification_read(notification) -> None:
    """Marks one notification read (a second time changes nothing)."""
    Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


def notifications_read(user) -> int:
    """Marks all the person's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


def follow_set(user, *, content_type, target, following: bool) -> Follow:
    """Starts or stops the person's following of `target` (a row with `following` off is a stop
    that wins over following without asking)."""
    follow, _created = Follow.objects.update_or_create(
        user=user, content_type=content_type, object_id=target.pk, defaults={"following": following}
    )
    return follow


def settings_save(person, *, digest: str, decisions_at_once: bool) -> NotificationSettings:
    """The person's choices on the settings page: how often a digest comes, and whether decisions
    on their own records come at once."""
    wishes, _created = NotificationSettings.objects.update_or_create(
        user=person, defaults={"digest": digest, "decisions_at_once": decisions_at_once}
    )
    return wishes


@transaction.atomic
def emails_stopped(person) -> None:
    """The unsubscribe link's change: no digests and no decisions at once."""
    NotificationSettings.objects.update_or_create(
        user=person, defaults={"digest": Frequency.NEVER, "decisions_at_once": False}
    )
