"""What the event bids add to the trail of a record they came through (a membership, a
partner): each bid in the year of its event."""

from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.trail import TrailColumn, TrailItem, TrailPart

from .models import EventBid

BIDS = TrailColumn("event_bids", _("Events"))


def trail_items(keys: list[int]) -> list[TrailItem]:
    return [
        TrailItem(
            bid.starts_on.year, BIDS.key, str(bid), bid.get_absolute_url(), note=str(bid.get_status_display())
        )
        for bid in EventBid.objects.filter(pk__in=keys).order_by("starts_on", "pk")
    ]


TRAIL = TrailPart("events.eventbid", (BIDS,), trail_items)
