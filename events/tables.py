"""The event bids' list as a table: its page columns, sorts and export columns."""

from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.tables import (
    DATE,
    MONEY,
    NAMES,
    NUMBER,
    PERSON,
    Column,
    Table,
    link,
    status_column,
)

from .models import EventBid


def place(bid: EventBid) -> str:
    """The city, with the country when the event is abroad."""
    if bid.country == "FI":
        return bid.city
    return format_html("{}, {}", bid.city, bid.country_name)


def delegates(bid: EventBid) -> str:
    return floatformat(bid.expected_delegates, "g")


BIDS = Table(
    Column.of(EventBid, "name", header=_("Name"), cell=link("name"), sort="name"),
    Column.of(EventBid, "kind", "get_kind_display", header=_("Kind")),
    Column.of(EventBid, "owner_unit", "owner_unit__name", header=_("Host unit")),
    Column.of(EventBid, "responsible_person", kind=PERSON),
    Column.of(EventBid, "starts_on", kind=DATE, header=_("Starts on"), sort="starts"),
    Column.of(EventBid, "ends_on", kind=DATE),
    Column.of(EventBid, "venue"),
    Column.of(EventBid, "city", header=_("Place"), cell=place),
    Column.of(EventBid, "country", "country_name"),
    status_column(EventBid),
    Column.of(
        EventBid,
        "expected_delegates",
        kind=NUMBER,
        header=_("Expected delegates"),
        cell=delegates,
        sort="delegates",
    ),
    Column.of(EventBid, "estimated_cost", kind=MONEY),
    Column.of(EventBid, "city_resources", kind=MONEY, header=_("City resources"), sort="resources"),
    Column.of(EventBid, "priorities", kind=NAMES, header=_("Priorities")),
    Column.of(EventBid, "sdgs", kind=NAMES),
    Column.of(EventBid, "decision_date", kind=DATE),
    Column.of(EventBid, "minutes_reference"),
    Column.of(EventBid, "resources_granted", kind=MONEY),
)
