"""What the planned activities add to the trail of a record they serve (a membership): each
activity in the year it starts."""

from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.trail import TrailColumn, TrailItem, TrailPart

from .models import Activity

ACTIVITIES = TrailColumn("activities", _("Activities"))


def trail_items(keys: list[int]) -> list[TrailItem]:
    return [
        TrailItem(
            activity.starts_on.year,
            ACTIVITIES.key,
            str(activity),
            activity.get_absolute_url(),
            note=str(activity.get_status_display()),
        )
        for activity in Activity.objects.filter(pk__in=keys).order_by("starts_on", "pk")
    ]


TRAIL = TrailPart("activities.activity", (ACTIVITIES,), trail_items)
