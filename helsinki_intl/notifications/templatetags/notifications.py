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
