from django import template

from ..state import follow_state

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, target, label=""):
    """A button to follow or stop following `target`, saying why the person follows it."""
    request = context["request"]
    return {
        "target": target,
        "target_type": target._meta.label_lower,
        "state": follow_state(request.user, target),
        "label": label,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def followed_saved_views(context) -> set[int]:
    """The keys of the saved views the person follows, read once for a page of views."""
    from django.contrib.contenttypes.models import ContentType

    from ..followed_views import saved_view_model
    from ..models import Follow

    model, user = saved_view_model(), context["request"].user
    if model is None or not user.is_authenticated:
        return set()
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Follow.objects.filter(user=user, content_type=content_type, following=True).values_list(
            "object_id", flat=True
        )
    )


@register.inclusion_tag("notifications/includes/follow_view_button.html", takes_context=True)
def follow_view_button(context, view, followed):
    """Follow or stop following a saved view: a digest of what entered or left it."""
    request = context["request"]
    return {
        "view": view,
        "following": view.pk in followed,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
