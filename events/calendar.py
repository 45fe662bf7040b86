"""The event-bid decision dates of the calendar feeds."""

import datetime
from collections.abc import Iterator

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from helsinki_intl.coordination.calendar import (
    FeedEntry,
    concerning,
    listed,
    people_lines,
    portal_url,
)
from helsinki_intl.records.dates import short_date

from .models import EventBid


def bid_decision_entries(person, since: datetime.date, uid_domain: str) -> Iterator[FeedEntry]:
    """The major-events coordination group's decision dates on event bids, as all-day events."""
    bids = concerning(listed(EventBid).filter(decision_date__gte=since), person)
    for bid in bids:
        url = portal_url(bid.get_absolute_url())
        details = [
            (capfirst(EventBid._meta.verbose_name), str(bid)),
            (_("Kind"), bid.get_kind_display()),
            (_("Status"), bid.get_status_display()),
            (_("Event dates"), f"{short_date(bid.starts_on)} – {short_date(bid.ends_on)}"),
            (_("Decision date"), short_date(bid.decision_date)),
        ]
        if bid.decision:
            details.append((_("Decision"), bid.decision))
        if bid.minutes_reference:
            details.append((_("Decision number"), bid.minutes_reference))
        details += [*people_lines(bid), (_("Record"), url)]
        yield FeedEntry(
            uid=f"eventbid-{bid.pk}-decision-{bid.decision_date.isoformat()}@{uid_domain}",
            start=bid.decision_date,
            summary=_("Event bid decision: %(bid)s (%(status)s)")
            % {"bid": bid, "status": bid.get_status_display()},
            details=details,
            url=url,
            stamp=bid.updated_at,
        )
