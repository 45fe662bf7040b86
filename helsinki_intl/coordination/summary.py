"""The Strategy Department's summary of a quarter (or any date range): what the figures count.

- Memberships started: `start_date` in the range. Ended: `end_date` in the range.
- Memberships reviewed: membership reviews with `reviewed_on` in the range.
- Memberships overdue: memberships under review whose next review was due before the range's
  last day, as the memberships stood at the end of the range (read from their change history).
- Partnerships by status: as the partnerships stood at the end of the range (change history).
- EU applications submitted, granted, rejected: the applications' recorded status changes on a
  day in the range. Euros requested are the EU grant requested of the applications submitted;
  euros granted and co-financing used are the EU grant and co-financing granted of the
  applications granted.
- Event bids decided: `decision_date` in the range. Won, lost: bids whose status first became
  won or lost in the range (the first change-history row with that status).

The breakdowns count the same figures by the current strategy period's priorities, by owner unit
and by SDG, as the records are tagged now. A record with several priorities or SDGs counts once
under each. The figures take the same number of queries however many records there are: one
aggregate per register and one grouped query per register and breakdown.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eu_projects.models import Application, ApplicationStatusChange
from events.models import EventBid
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod
from networks.models import Membership
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
    Column("memberships_started", _("Memberships started")),
    Column("memberships_ended", _("Memberships ended")),
    Column("memberships_reviewed", _("Memberships reviewed")),
    Column("memberships_overdue", _("Membership reviews overdue")),
    Column("applications_submitted", _("EU applications submitted")),
    Column("applications_granted", _("EU applications granted")),
    Column("applications_rejected", _("EU applications rejected")),
    Column("eu_grant_requested", _("EU grant requested (€)")),
    Column("eu_grant_granted", _("EU grant granted (€)")),
    Column("cofinancing_granted", _("Co-financing used (€)")),
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


class SummaryQueries:
    """The querysets behind the figures; `prefix` leads from the counted rows to the record."""

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

    def bids_becoming(self, status: str) -> QuerySet:
        return (
            EventBid.history.filter(status=status)
            .order_by()
            .values("id")
            .annotate(first=Min("history_date"))
            .filter(first__gte=self.period.starts_at, first__lt=self.period.ends_at)
            .values("id")
        )

    def membership_counts(self, distinct: bool = False) -> dict:
        return {
            "memberships_started": Count(
                "pk", filter=_in_range(self.period, "start_date"), distinct=distinct
            ),
            "memberships_ended": Count("pk", filter=_in_range(self.period, "end_date"), distinct=distinct),
            "memberships_overdue": Count(
                "pk", filter=Q(pk__in=self.overdue_membership_ids()), distinct=distinct
            ),
        }

    def reviews(self) -> QuerySet:
        return self.membership_reviews.review_model.objects.filter(_in_range(self.period, "reviewed_on"))

    def status_changes(self) -> QuerySet:
        return ApplicationStatusChange.objects.filter(_in_range(self.period, "changed_on"))

    def application_counts(self) -> dict:
        status = Application.Status
        return {
            "applications_submitted": Count("application", filter=Q(status=status.SUBMITTED), distinct=True),
            "applications_granted": Count("application", filter=Q(status=status.GRANTED), distinct=True),
            "applications_rejected": Count("application", filter=Q(status=status.REJECTED), distinct=True),
            "eu_grant_requested": Sum("application__eu_grant_requested", filter=Q(status=status.SUBMITTED)),
            "eu_grant_granted": Sum("application__eu_grant_granted", filter=Q(status=status.GRANTED)),
            "cofinancing_granted": Sum("application__cofinancing_granted", filter=Q(status=status.GRANTED)),
        }

    def bid_counts(self, distinct: bool = False) -> dict:
        return {
            "bids_decided": Count("pk", filter=_in_range(self.period, "decision_date"), distinct=distinct),
            "bids_won": Count(
                "pk", filter=Q(pk__in=self.bids_becoming(EventBid.Status.WON)), distinct=distinct
            ),
            "bids_lost": Count(
                "pk", filter=Q(pk__in=self.bids_becoming(EventBid.Status.LOST)), distinct=distinct
            ),
        }

    def partnerships_by_status(self) -> dict[str, int]:
        rows = (
            Partnership.history.as_of(self.period.last_moment)
            .order_by()
            .values("status")
            .annotate(count=Count("id"))
        )
        return {row["status"]: row["count"] for row in rows}

    def grouped(self, dimension: str) -> dict:
        """{group id: {column key: value}} for a dimension: "priorities", "owner_unit" or "sdgs"."""
        values = defaultdict(dict)
        sources = [
            (Membership.objects.all(), dimension, self.membership_counts(distinct=True)),
            (
                self.reviews(),
                f"{self.membership_reviews.record_field}__{dimension}",
                {"memberships_reviewed": Count("pk", distinct=True)},
            ),
            (self.status_changes(), f"application__{dimension}", self.application_counts()),
            (EventBid.objects.all(), dimension, self.bid_counts(distinct=True)),
        ]
        for queryset, path, aggregates in sources:
            for row in queryset.order_by().values(path).annotate(**aggregates):
                group = row.pop(path)
                if group is not None:
                    values[group].update(row)
        return values


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


def build_summary(period: Period) -> Summary:
    queries = SummaryQueries(period)
    memberships = Membership.objects.aggregate(**queries.membership_counts())
    reviewed = queries.reviews().count()
    applications = queries.status_changes().aggregate(**queries.application_counts())
    bids = EventBid.objects.aggregate(**queries.bid_counts())
    by_status = queries.partnerships_by_status()

    sections = [
        Section(
            _("Network memberships"),
            [
                Figure(
                    "memberships_started",
                    _("Started"),
                    memberships["memberships_started"],
                    _("Start date in the range."),
                ),
                Figure(
                    "memberships_ended",
                    _("Ended"),
                    memberships["memberships_ended"],
                    _("End date in the range."),
                ),
                Figure("memberships_reviewed", _("Reviewed"), reviewed, _("Reviews recorded in the range.")),
                Figure(
                    "memberships_overdue",
                    _("Review overdue"),
                    memberships["memberships_overdue"],
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
                    applications["applications_submitted"],
                    _("Status changed to submitted in the range."),
                ),
                Figure(
                    "applications_granted",
                    _("Granted"),
                    applications["applications_granted"],
                    _("Status changed to granted in the range."),
                ),
                Figure(
                    "applications_rejected",
                    _("Rejected"),
                    applications["applications_rejected"],
                    _("Status changed to rejected in the range."),
                ),
                Figure(
                    "eu_grant_requested",
                    _("EU grant requested (€)"),
                    _money(applications["eu_grant_requested"]),
                    _("Of the applications submitted in the range."),
                ),
                Figure(
                    "eu_grant_granted",
                    _("EU grant granted (€)"),
                    _money(applications["eu_grant_granted"]),
                    _("Of the applications granted in the range."),
                ),
                Figure(
                    "cofinancing_granted",
                    _("Co-financing used (€)"),
                    _money(applications["cofinancing_granted"]),
                    _("Co-financing granted to the applications granted in the range."),
                ),
            ],
        ),
        Section(
            _("Event bids"),
            [
                Figure("bids_decided", _("Decided"), bids["bids_decided"], _("Decision date in the range.")),
                Figure("bids_won", _("Won"), bids["bids_won"], _("Status first became won in the range.")),
                Figure(
                    "bids_lost", _("Lost"), bids["bids_lost"], _("Status first became lost in the range.")
                ),
            ],
        ),
    ]
    return Summary(period, sections, _breakdowns(queries))


def _breakdowns(queries: SummaryQueries) -> list[Breakdown]:
    strategy_period = StrategyPeriod.objects.current()
    priorities = (
        Priority.objects.filter(period=strategy_period) if strategy_period else Priority.objects.none()
    )
    by_unit = queries.grouped("owner_unit")
    units = OrgUnit.objects.filter(pk__in=by_unit.keys())
    return [
        Breakdown(
            _("By priority"),
            _rows([(p.pk, p.name) for p in priorities], queries.grouped("priorities")),
        ),
        Breakdown(
            _("By owner unit"), _rows(sorted(((u.pk, u.name) for u in units), key=lambda u: u[1]), by_unit)
        ),
        Breakdown(_("By SDG"), _rows([(s.pk, str(s)) for s in SDG.objects.all()], queries.grouped("sdgs"))),
    ]
