from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import EventBid


class EventBidLookup(Lookup):
    model = EventBid
    url_name = "lookup-event-bids"
    route = "event-bids/"
    name_fields = ("name",)
    help_text = _("The event's name.")
    no_match = _("No event bid is named “%(name)s”.")
    several = _("Several event bids are named “%(name)s”: %(names)s. Type a more exact name.")

    def suggestible(self, user):
        return EventBid.objects.order_by("name", "pk")


EVENT_BIDS = EventBidLookup()
