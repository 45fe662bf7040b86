"""The count of a person's unread notifications, as the header shows it on every page: read with
the person in the query that loads them on each request (`organisation.signed_in_annotations`),
through the index of unread notifications, so that it costs a page no query of its own and is
never out of date."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

UNREAD = "unread_notifications_count"


def unread_annotation() -> dict:
    from .models import Notification

    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at=None)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return {UNREAD: Coalesce(Subquery(unread), 0)}


def unread_count(user) -> int:
    """The person's unread notifications: as loaded with them, or counted."""
    if hasattr(user, UNREAD):
        return getattr(user, UNREAD)
    from .models import Notification

    return Notification.objects.filter(user=user).unread().count()
