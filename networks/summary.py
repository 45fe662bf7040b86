"""The network memberships' section of the Strategy Department's summary, and their sheet.

A membership entered or moved in the admin or an import carries no decision date (the membership
has no field for it), so it counts on the day it was recorded there. Rows noted from the
memberships as they stood before the portal recorded decisions carry no decision date either: a
join counts on the membership's start date, an end on its end date, and a proposal declined on the
day it was entered.

- Joined: timeline rows to active, except from ending (a membership kept after a proposal to end
  it), by decision date. Ended: rows to ended; proposals declined: rows to declined, both by
  decision date.
- Reviewed: membership reviews with `reviewed_on` in the range.
- Review overdue: memberships under review whose next review was due before the range's last day,
  as the memberships stood at the end of the range (read from their change history).
- Fees: the annual fees (as the memberships now hold them) of the memberships held in the range:
  joined (with a start date on or before its last day) and not ended before its first day. Each
  counts its whole annual fee, in the breakdowns once under each priority and SDG it has.
"""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.summary import (
    FigureDeclaration,
    RecordSheet,
    Source,
    SummaryPart,
    SummaryQueries,
    count_of,
    in_range,
)

from .models import Membership, MembershipReview, MembershipStatusChange


def memberships_joined(queries: SummaryQueries) -> QuerySet:
    return queries.decided_in_range(MembershipStatusChange.objects.joins()).values("membership")


def memberships_becoming(queries: SummaryQueries, status: str) -> QuerySet:
    return queries.decided_in_range(MembershipStatusChange.objects.to(status)).values("membership")


def memberships_overdue(queries: SummaryQueries) -> QuerySet:
    """The memberships under review whose next review was due before the range's last day, as
    they stood at its end."""
    period = queries.period
    stood = Membership.history.as_of(period.last_moment)
    return (
        stood.filter(status__in=Membership.REVIEWED_STATUSES, next_review_due__lt=period.end)
        .order_by()
        .values("id")
    )


def reviews_recorded(queries: SummaryQueries) -> QuerySet:
    return MembershipReview.objects.filter(in_range(queries.period, "reviewed_on"))


def memberships_held(queries: SummaryQueries) -> QuerySet:
    """The memberships held at some time in the range: started by its last day, not ended before
    its first (nor proposed, assessed or declined)."""
    period = queries.period
    status = Membership.Status
    return Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        status__in=(status.ACTIVE, status.ENDING, status.ENDED),
        start_date__lte=period.end,
    )


def sources(queries: SummaryQueries, grouped: bool) -> list[Source]:
    status = Membership.Status
    return [
        (
            Membership.objects.all(),
            "",
            {
                "memberships_joined": count_of(memberships_joined(queries), grouped),
                "memberships_ended": count_of(memberships_becoming(queries, status.ENDED), grouped),
                "memberships_declined": count_of(memberships_becoming(queries, status.DECLINED), grouped),
                "memberships_overdue": count_of(memberships_overdue(queries), grouped),
            },
        ),
        (reviews_recorded(queries), "membership__", {"memberships_reviewed": Count("pk", distinct=grouped)}),
        (memberships_held(queries), "", {"membership_fees": Sum("annual_fee")}),
    ]


SUMMARY = SummaryPart(
    _("Network memberships"),
    (
        FigureDeclaration(
            "memberships_joined",
            _("Joined"),
            _(
                "Decisions to join dated in the range; without a decision date, by the day "
                "the join was recorded (for memberships from before the portal, their start "
                "date). Keeping a membership proposed to end is not a join."
            ),
            column=_("Memberships joined"),
            key_figure=True,
        ),
        FigureDeclaration(
            "memberships_ended",
            _("Ended"),
            _(
                "Decisions to end dated in the range; without a decision date, by the day "
                "the end was recorded (for memberships from before the portal, their end "
                "date)."
            ),
            column=_("Memberships ended"),
        ),
        FigureDeclaration(
            "memberships_declined",
            _("Proposals declined"),
            _(
                "Decisions not to join dated in the range; without a decision date, by the "
                "day the decision was recorded."
            ),
            column=_("Membership proposals declined"),
        ),
        FigureDeclaration(
            "memberships_reviewed",
            _("Reviewed"),
            _("Reviews recorded in the range."),
            column=_("Memberships reviewed"),
            key_figure=True,
        ),
        FigureDeclaration(
            "memberships_overdue",
            _("Review overdue"),
            _("Under review, the next review due before the range's last day, as they stood then."),
            column=_("Membership reviews overdue"),
            key_figure=True,
        ),
        FigureDeclaration(
            "membership_fees",
            _("Fees (€)"),
            _(
                "The annual fees of the memberships held in the range (joined by its last day and "
                "not ended before its first), each a whole year's fee, as the memberships now hold it."
            ),
            money=True,
            column=_("Membership fees (€)"),
        ),
    ),
    sources,
    RecordSheet(
        _("Memberships"),
        Membership,
        ("network", "owner_unit"),
        (
            (_("network"), lambda r: r.network.name),
            (_("owner unit"), lambda r: r.owner_unit.name),
            (_("status"), lambda r: r.get_status_display()),
            (_("start date"), lambda r: r.start_date),
            (_("end date"), lambda r: r.end_date),
            (_("next review due"), lambda r: r.next_review_due),
        ),
    ),
)
