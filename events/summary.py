"""The event bids' section of the Strategy Department's summary, and their sheet.

- Decided: timeline rows to the outcomes of the major-events coordination group's decision (the
  targets of the "decide" step of `events.process`), by decision date; a bid entered in the admin
  or an import notes the decision date stored on it.
- Won, lost: bids whose timeline first reached won or lost on a day in the range.
"""

from django.db.models import Min, QuerySet
from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.summary import (
    FigureDeclaration,
    RecordSheet,
    Source,
    SummaryPart,
    SummaryQueries,
    count_of,
)
from helsinki_intl.records.process import process_for

from .models import EventBid, EventBidStatusChange


def bids_decided(queries: SummaryQueries) -> QuerySet:
    outcomes = process_for(EventBid).step("decide").targets
    return queries.decided_in_range(EventBidStatusChange.objects.to(*outcomes)).values("bid")


def bids_first_becoming(queries: SummaryQueries, status: str) -> QuerySet:
    """The bids whose timeline reached `status` for the first time in the range."""
    return (
        EventBidStatusChange.objects.to(status)
        .order_by()
        .values("bid")
        .annotate(first=Min("changed_on"))
        .filter(first__range=(queries.period.start, queries.period.end))
        .values("bid")
    )


def sources(queries: SummaryQueries, grouped: bool) -> list[Source]:
    return [
        (
            EventBid.objects.all(),
            "",
            {
                "bids_decided": count_of(bids_decided(queries), grouped),
                "bids_won": count_of(bids_first_becoming(queries, EventBid.Status.WON), grouped),
                "bids_lost": count_of(bids_first_becoming(queries, EventBid.Status.LOST), grouped),
            },
        )
    ]


SUMMARY = SummaryPart(
    _("Event bids"),
    (
        FigureDeclaration(
            "bids_decided",
            _("Decided"),
            _(
                "Decisions of the major-events coordination group to approve or decline a "
                "bid, dated in the range; without a decision date, by the day the decision "
                "was recorded."
            ),
            column=_("Event bids decided"),
        ),
        FigureDeclaration(
            "bids_won",
            _("Won"),
            _("Status first became won in the range."),
            column=_("Event bids won"),
            key_figure=True,
        ),
        FigureDeclaration(
            "bids_lost", _("Lost"), _("Status first became lost in the range."), column=_("Event bids lost")
        ),
    ),
    sources,
    RecordSheet(
        _("Event bids"),
        EventBid,
        ("owner_unit",),
        (
            (_("name"), lambda r: r.name),
            (_("kind"), lambda r: r.get_kind_display()),
            (_("host unit"), lambda r: r.owner_unit.name),
            (_("status"), lambda r: r.get_status_display()),
            (_("starts on"), lambda r: r.starts_on),
            (_("decision date"), lambda r: r.decision_date),
        ),
    ),
)
