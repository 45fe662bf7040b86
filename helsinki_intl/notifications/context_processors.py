from django.utils.functional import SimpleLazyObject

from .unread import unread_count


def unread_notifications(request) -> dict:
    """The header's count of unread notifications, read from the cache only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
