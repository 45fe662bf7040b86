"""The Strategy Department's summary of a quarter (or any date range): what the figures count.

The figures of decisions and outcomes are counted from the registers' status timelines, which
every writer (the step pages, the admin, imports, commands) notes the same way, so that a change
counts once whoever made it. A decision counts on its decision date, in the range it was decided
in whenever it was recorded; a timeline row without a decision date counts on the day it was
noted. Rows noted from the records as they stood before the portal recorded decisions carry no
decision date: a membership's join counts on its start date, its end on its end date, and a
proposal declined on the day it was entered. A membership entered or moved in the admin or an
import carries no decision date either (the membership has no field for it), so it counts on
the day it was recorded there.

- Memberships joined: rows to active, except from ending (a membership kept after a proposal to
  end it), by decision date. Ended: rows to ended; proposals declined: rows to declined, both by
  decision date.
- Memberships reviewed: membership reviews with `reviewed_on` in the range.
- Memberships overdue: memberships under review whose next review was due before the range's
  last day, as the memberships stood at the end of the range (read from their change history).
- Partnerships by status: as the partnerships stood at the end of the range (change history).
- EU applications submitted, granted, rejected: the applications' status timeline rows noted on a
  day in the range. Euros requested are the EU grant requested of the applications submitted;
  euros granted the EU grant granted of the applications granted.
- Co-financing granted: the co-financing granted (as the application now holds it) of the
  applications whose co-financing timeline has a grant in the range, by decision date.
- Event bids decided: rows to the outcomes of the major-events coordination group's decision
  (the targets of the "decide" step of `events.process`), by decision date; a bid entered in the
  admin or an import notes the decision date stored on it. Won, lost: bids whose timeline first
  reached won or lost on a day in the range.

A record counts once in a figure, however many of its rows fall in the range. The breakdowns
count the same figures by the current strategy period's priorities, by owner unit and by SDG, as
the records are tagged now. A record with several priorities or SDGs counts once under each. The
figures take two queries however many records there are: one UNION ALL of every register's totals
and grouped figures, and one for the names of the breakdowns' groups.

The page and its downloads read a summary from the cache (`cached_summary`) while the registers'
data stays the same; the management command always builds it anew.
"""

import datetime
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from eu_projects.models import Application, ApplicationStatusChange, CoFinancingChange
from events.models import EventBid, EventBidStatusChange
from helsinki_intl.multilingual import NAME_FIELDS
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.data_version import data_version
from helsinki_intl.records.process import process_for
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod
from networks.models import Membership, MembershipStatusChange
from partnerships.models import Partnership

from .registry import reviewables

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
MAX_RANGE_DAYS = 2 * 366
"""The longest range a summary covers."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        start = datetime.date(year, 3 * number - 2, 1)
        next_start = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
        return cls(start, next_start - datetime.timedelta(days=1))

    @classmethod
    def parse_quarter(cls, text: str) -> "Period":
        """The quarter written as e.g. "2026Q3"; ValueError for anything else."""
        match = QUARTER_PATTERN.match(text.strip())
        if not match:
            raise ValueError(text)
        return cls.quarter(int(match[1]), int(match[2]))

    @property
    def quarter_code(self) -> str | None:
        """ "2026Q3" when the period is exactly a quarter."""
        number = (self.start.month + 2) // 3
        if self == Period.quarter(self.start.year, number):
            return f"{self.start.year}Q{number}"
        return None

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the range."""
        return timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )

    @property
    def last_moment(self) -> datetime.datetime:
        return self.ends_at - datetime.timedelta(microseconds=1)

    def __str__(self) -> str:
        return self.quarter_code or f"{self.start.isoformat()}–{self.end.isoformat()}"


def last_full_quarter(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    current = (today.month + 2) // 3
    return Period.quarter(today.year, current - 1) if current > 1 else Period.quarter(today.year - 1, 4)


def recent_quarters(count: int = 8, today: datetime.date | None = None) -> list[Period]:
    """The last `count` full quarters, the latest first."""
    quarters = [last_full_quarter(today)]
    while len(quarters) < count:
        quarters.append(last_full_quarter(quarters[-1].start))
    return quarters


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | Decimal
    explanation: str = ""

    @property
    def is_money(self) -> bool:
        return isinstance(self.value, Decimal)


@dataclass(frozen=True)
class Section:
    title: str
    figures: list[Figure]


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    values: list[int | Decimal]

    @property
    def cells(self) -> list[tuple[int | Decimal, bool]]:
        """The values, each with whether it is an amount of money."""
        return [(value, isinstance(value, Decimal)) for value in self.values]


@dataclass(frozen=True)
class Breakdown:
    title: str
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class Column:
    key: str
    label: str


BREAKDOWN_COLUMNS = [
    Column("memberships_joined", _("Memberships joined")),
    Column("memberships_ended", _("Memberships ended")),
    Column("memberships_declined", _("Membership proposals declined")),
    Column("memberships_reviewed", _("Memberships reviewed")),
    Column("memberships_overdue", _("Membership reviews overdue")),
    Column("applications_submitted", _("EU applications submitted")),
    Column("applications_granted", _("EU applications granted")),
    Column("applications_rejected", _("EU applications rejected")),
    Column("eu_grant_requested", _("EU grant requested (€)")),
    Column("eu_grant_granted", _("EU grant granted (€)")),
    Column("cofinancing_granted", _("Co-financing granted (€)")),
    Column("bids_decided", _("Event bids decided")),
    Column("bids_won", _("Event bids won")),
    Column("bids_lost", _("Event bids lost")),
]
MONEY_KEYS = {"eu_grant_requested", "eu_grant_granted", "cofinancing_granted"}


@dataclass
class Summary:
    period: Period
    sections: list[Section] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)

    def value(self, key: str) -> int | Decimal:
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key:
                    return figure.value
        raise KeyError(key)

    @property
    def breakdown_columns(self) -> list[Column]:
        return BREAKDOWN_COLUMNS


def _in_range(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lte": period.end})


CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return (value or Decimal(0)).quantize(CENT)


TOTALS = "totals"
BREAKDOWN_GROUPS = ("priorities", "owner_unit", "sdgs")
"""What each breakdown groups by: a field every register's record has."""
PARTNERSHIP_KEYS = [f"partnerships_{value}" for value in Partnership.Status.values]
FIGURE_KEYS = [column.key for column in BREAKDOWN_COLUMNS] + PARTNERSHIP_KEYS
LISTED_GROUPS = ("priorities", "sdgs")
"""Breakdowns that list every group, counted or not: they need read only the rows that count.

The breakdown by unit lists the units that have records, so it reads all the rows.
"""


def _counted_by_any(counts: dict) -> Q:
    """The rows that at least one of the aggregates counts."""
    filters = [aggregate.filter for aggregate in counts.values()]
    if any(condition is None for condition in filters):
        return Q()
    return reduce(operator.or_, filters)


class NotCounted(Cast):
    """An empty figure of the given type: in a register's rows, the figures other registers count.

    Typed, because PostgreSQL types a UNION's columns one pair of branches at a time, and a
    constant, so never grouped by.
    """

    def __init__(self, output_field) -> None:
        super().__init__(Value(None), output_field)

    def get_group_by_cols(self) -> list:
        return []


def _not_counted(key: str) -> NotCounted:
    if key in MONEY_KEYS:
        return NotCounted(DecimalField(max_digits=14, decimal_places=2))
    return NotCounted(IntegerField())


def _figure_rows(rows: QuerySet, breakdown: str, group, counts: dict) -> QuerySet:
    """The rows' aggregates by `group`, in the columns every part of the figures' UNION has."""
    figures = {key: counts[key] if key in counts else _not_counted(key) for key in FIGURE_KEYS}
    return (
        rows.order_by()
        .values(breakdown=Value(breakdown), group_id=group)
        .annotate(**figures)
        .values("breakdown", "group_id", *FIGURE_KEYS)
    )


def _count_of(ids: QuerySet, distinct: bool) -> Count:
    """How many of the rows are the records whose ids `ids` gives."""
    return Count("pk", filter=Q(pk__in=ids), distinct=distinct)


class SummaryQueries:
    """The querysets behind the figures."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.membership_reviews = reviewables.for_model(Membership)

    def overdue_membership_ids(self) -> QuerySet:
        end = self.period.end
        stood = Membership.history.as_of(self.period.last_moment)
        return (
            stood.filter(status__in=Membership.REVIEWED_STATUSES, next_review_due__lt=end)
            .order_by()
            .values("id")
        )

    def decided_in_range(self, changes: QuerySet) -> QuerySet:
        """The timeline rows whose decision (or, without a decision date, whose day) is in the range."""
        return changes.decided_between(self.period.start, self.period.end).order_by()

    def memberships_joined(self) -> QuerySet:
        return self.decided_in_range(MembershipStatusChange.objects.joins()).values("membership")

    def memberships_becoming(self, status: str) -> QuerySet:
        return self.decided_in_range(MembershipStatusChange.objects.to(status)).values("membership")

    def membership_counts(self, distinct: bool = False) -> dict:
        status = Membership.Status
        return {
            "memberships_joined": _count_of(self.memberships_joined(), distinct),
            "memberships_ended": _count_of(self.memberships_becoming(status.ENDED), distinct),
            "memberships_declined": _count_of(self.memberships_becoming(status.DECLINED), distinct),
            "memberships_overdue": _count_of(self.overdue_membership_ids(), distinct),
        }

    def reviews(self) -> QuerySet:
        return self.membership_reviews.review_model.objects.filter(_in_range(self.period, "reviewed_on"))

    def status_changes(self) -> QuerySet:
        return ApplicationStatusChange.objects.recorded_between(self.period.start, self.period.end)

    def application_counts(self) -> dict:
        status = Application.Status
        return {
            "applications_submitted": Count("application", filter=Q(status=status.SUBMITTED), distinct=True),
            "applications_granted": Count("application", filter=Q(status=status.GRANTED), distinct=True),
            "applications_rejected": Count("application", filter=Q(status=status.REJECTED), distinct=True),
            "eu_grant_requested": Sum("application__eu_grant_requested", filter=Q(status=status.SUBMITTED)),
            "eu_grant_granted": Sum("application__eu_grant_granted", filter=Q(status=status.GRANTED)),
        }

    def cofinancing_granted(self) -> QuerySet:
        """The applications whose co-financing was granted in the range."""
        grants = self.decided_in_range(CoFinancingChange.objects.to(Application.CoFinancing.GRANTED))
        return Application.objects.filter(pk__in=grants.values("application"))

    def cofinancing_counts(self) -> dict:
        return {"cofinancing_granted": Sum("cofinancing_granted")}

    def bids_decided(self) -> QuerySet:
        outcomes = process_for(EventBid).step("decide").targets
        return self.decided_in_range(EventBidStatusChange.objects.to(*outcomes)).values("bid")

    def bids_becoming(self, status: str) -> QuerySet:
        """The bids whose timeline reached `status` for the first time in the range."""
        return (
            EventBidStatusChange.objects.to(status)
            .order_by()
            .values("bid")
            .annotate(first=Min("changed_on"))
            .filter(first__range=(self.period.start, self.period.end))
            .values("bid")
        )

    def bid_counts(self, distinct: bool = False) -> dict:
        return {
            "bids_decided": _count_of(self.bids_decided(), distinct),
            "bids_won": _count_of(self.bids_becoming(EventBid.Status.WON), distinct),
            "bids_lost": _count_of(self.bids_becoming(EventBid.Status.LOST), distinct),
        }

    def partnership_counts(self) -> dict:
        return {
            f"partnerships_{value}": Count("id", filter=Q(status=value))
            for value in Partnership.Status.values
        }

    def sources(self, grouped: bool) -> list[tuple[QuerySet, str, dict]]:
        """Each register's counted rows, the path from them to the record, and what they count."""
        sources = [
            (Membership.objects.all(), "", self.membership_counts(distinct=grouped)),
            (
                self.reviews(),
                f"{self.membership_reviews.record_field}__",
                {"memberships_reviewed": Count("pk", distinct=grouped)},
            ),
            (self.status_changes(), "application__", self.application_counts()),
            (self.cofinancing_granted(), "", self.cofinancing_counts()),
            (EventBid.objects.all(), "", self.bid_counts(distinct=grouped)),
        ]
        if not grouped:
            stood = Partnership.history.as_of(self.period.last_moment)
            sources.append((stood, "", self.partnership_counts()))
        return sources

    def figures(self) -> QuerySet:
        """The totals and every breakdown in one UNION ALL: rows of `breakdown`, `group_id` (the
        priority, unit or SDG; empty in the totals) and every figure, each counted by one register.
        """
        parts = [
            _figure_rows(rows, TOTALS, NotCounted(IntegerField()), counts)
            for rows, _path, counts in self.sources(grouped=False)
        ]
        sources = self.sources(grouped=True)
        for breakdown in BREAKDOWN_GROUPS:
            for rows, path, counts in sources:
                if breakdown in LISTED_GROUPS:
                    rows = rows.filter(_counted_by_any(counts))
                parts.append(_figure_rows(rows, breakdown, F(path + breakdown), counts))
        return parts[0].union(*parts[1:], all=True)

    def figures_by_group(self) -> dict[str, dict]:
        """{breakdown: {group id: {figure key: value}}}, the totals under TOTALS and group None."""
        values = defaultdict(lambda: defaultdict(dict))
        for row in self.figures():
            breakdown, group = row.pop("breakdown"), row.pop("group_id")
            if group is None and breakdown != TOTALS:
                continue  # a record without a priority, or without an SDG
            # Each figure is counted in one register's row; the other rows leave it empty.
            values[breakdown][group].update((key, value) for key, value in row.items() if value is not None)
        return values


def _breakdown_groups(unit_ids) -> dict[str, list]:
    """{breakdown: its groups in order}: the current strategy period's priorities, the units
    given and every SDG, read in one query and named by their own models.
    """
    current_period = StrategyPeriod.objects.current_first().values("pk")[:1]
    groups = {
        "priorities": Priority.objects.filter(period=Subquery(current_period)),
        "owner_unit": OrgUnit.objects.filter(pk__in=unit_ids),
        "sdgs": SDG.objects.all(),
    }
    parts = [
        queryset.order_by().values(
            *NAME_FIELDS,
            breakdown=Value(breakdown),
            group_id=F("pk"),
            position=Window(RowNumber(), order_by=queryset.model._meta.ordering),
        )
        for breakdown, queryset in groups.items()
    ]
    named = defaultdict(list)
    for row in parts[0].union(*parts[1:], all=True).order_by("breakdown", "position"):
        named[row["breakdown"]].append(_named(groups[row["breakdown"]].model, row))
    return named


def _named(model, row: dict):
    """The group as an instance of its model, with only its key and names loaded."""
    loaded = {model._meta.pk.attname: row["group_id"], **{name: row[name] for name in NAME_FIELDS}}
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in loaded]
    return model.from_db(None, fields, [loaded[name] for name in fields])


def _rows(groups, values: dict) -> list[BreakdownRow]:
    rows = []
    for key, label in groups:
        counts = values.get(key, {})
        rows.append(
            BreakdownRow(
                label,
                [
                    _money(counts.get(c.key)) if c.key in MONEY_KEYS else counts.get(c.key) or 0
                    for c in BREAKDOWN_COLUMNS
                ],
            )
        )
    return rows


SUMMARY_CACHE_SECONDS = 5 * 60


def summary_cache_key(period: Period) -> str:
    """The key of the range's summary, and of what is made from it (its page and files).

    Keyed by the day too, as the breakdowns follow the strategy period current today.
    """
    today = timezone.localdate()
    return f"summary:{data_version()}:{period.start}:{period.end}:{get_language()}:{today}"


def cached_summary(period: Period) -> Summary:
    """The range's summary, built once and then read from the cache until the registers' data changes."""
    key = summary_cache_key(period)
    summary = cache.get(key)
    if summary is None:
        summary = build_summary(period)
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def build_summary(period: Period) -> Summary:
    figures = SummaryQueries(period).figures_by_group()
    totals = dict.fromkeys(FIGURE_KEYS) | figures[TOTALS][None]  # an empty sum is left out
    by_status = {value: totals[f"partnerships_{value}"] for value in Partnership.Status.values}

    sections = [
        Section(
            _("Network memberships"),
            [
                Figure(
                    "memberships_joined",
                    _("Joined"),
                    totals["memberships_joined"],
                    _(
                        "Decisions to join dated in the range; without a decision date, by the day "
                        "the join was recorded (for memberships from before the portal, their start "
                        "date). Keeping a membership proposed to end is not a join."
                    ),
                ),
                Figure(
                    "memberships_ended",
                    _("Ended"),
                    totals["memberships_ended"],
                    _(
                        "Decisions to end dated in the range; without a decision date, by the day "
                        "the end was recorded (for memberships from before the portal, their end "
                        "date)."
                    ),
                ),
                Figure(
                    "memberships_declined",
                    _("Proposals declined"),
                    totals["memberships_declined"],
                    _(
                        "Decisions not to join dated in the range; without a decision date, by the "
                        "day the decision was recorded."
                    ),
                ),
                Figure(
                    "memberships_reviewed",
                    _("Reviewed"),
                    totals["memberships_reviewed"],
                    _("Reviews recorded in the range."),
                ),
                Figure(
                    "memberships_overdue",
                    _("Review overdue"),
                    totals["memberships_overdue"],
                    _("Under review, the next review due before the range's last day, as they stood then."),
                ),
            ],
        ),
        Section(
            _("Partnerships by status"),
            [
                Figure(
                    f"partnerships_{value}",
                    label,
                    by_status.get(value, 0),
                    _("As the partnerships stood at the end of the range."),
                )
                for value, label in Partnership.Status.choices
            ],
        ),
        Section(
            _("EU funding applications"),
            [
                Figure(
                    "applications_submitted",
                    _("Submitted"),
                    totals["applications_submitted"],
                    _("Status changed to submitted in the range."),
                ),
                Figure(
                    "applications_granted",
                    _("Granted"),
                    totals["applications_granted"],
                    _("Status changed to granted in the range."),
                ),
                Figure(
                    "applications_rejected",
                    _("Rejected"),
                    totals["applications_rejected"],
                    _("Status changed to rejected in the range."),
                ),
                Figure(
                    "eu_grant_requested",
                    _("EU grant requested (€)"),
                    _money(totals["eu_grant_requested"]),
                    _("Of the applications submitted in the range."),
                ),
                Figure(
                    "eu_grant_granted",
                    _("EU grant granted (€)"),
                    _money(totals["eu_grant_granted"]),
                    _("Of the applications granted in the range."),
                ),
                Figure(
                    "cofinancing_granted",
                    _("Co-financing granted (€)"),
                    _money(totals["cofinancing_granted"]),
                    _(
                        "Co-financing from the central project appropriation granted in the range, "
                        "as the applications now hold it."
                    ),
                ),
            ],
        ),
        Section(
            _("Event bids"),
            [
                Figure(
                    "bids_decided",
                    _("Decided"),
                    totals["bids_decided"],
                    _(
                        "Decisions of the major-events coordination group to approve or decline a "
                        "bid, dated in the range; without a decision date, by the day the decision "
                        "was recorded."
                    ),
                ),
                Figure("bids_won", _("Won"), totals["bids_won"], _("Status first became won in the range.")),
                Figure(
                    "bids_lost", _("Lost"), totals["bids_lost"], _("Status first became lost in the range.")
                ),
            ],
        ),
    ]
    return Summary(period, sections, _breakdowns(figures))


def _breakdowns(figures: dict[str, dict]) -> list[Breakdown]:
    groups = _breakdown_groups(unit_ids=list(figures["owner_unit"]))
    units = sorted(((unit.pk, unit.name) for unit in groups["owner_unit"]), key=lambda unit: unit[1])
    return [
        Breakdown(
            _("By priority"),
            _rows([(priority.pk, priority.name) for priority in groups["priorities"]], figures["priorities"]),
        ),
        Breakdown(_("By owner unit"), _rows(units, figures["owner_unit"])),
        Breakdown(_("By SDG"), _rows([(sdg.pk, str(sdg)) for sdg in groups["sdgs"]], figures["sdgs"])),
    ]
