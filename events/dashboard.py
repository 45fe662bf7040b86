"""The event bids' panel of the dashboard: the bids on the major-events coordination group's agenda."""

from helsinki_intl.coordination.dashboard import CityReading, Listing, ListQuery, Panel, first_rows


def bids_waiting(reading: CityReading) -> dict:
    """The bids waiting for a decision, with only what the panel shows of them."""
    query = ListQuery.named("events:eventbid-list", decision_pending="true")
    rows = query.rows(queryset=query.model.objects.select_related("owner_unit"))
    shown, total = first_rows(rows)
    return {"bids_waiting": Listing(shown, total, query.url)}


PANELS = (Panel("events/dashboard_bids_waiting.html", bids_waiting, position=10),)
