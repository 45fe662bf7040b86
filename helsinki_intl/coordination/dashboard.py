"""What the home page shows: the person's own reviews and units first, then the city's figures.

Every figure is the number of rows a register's list shows under some filters, and links to
that list. The figure is counted with the list's own filter set, so the link lands on exactly
the rows counted. The counts asked of one register are answered in one aggregate query and the
lists are cut short, so the page takes the same number of queries however much is registered:
the strategy period (two when no period covers today), the units with their counts, one
aggregate and one list of the person's reviews for each reviewable register, the event bids,
the calls, the appropriation, the priority networks, the roles, and the priority and SDG charts
(13 with the two reviewable registers; with the session, the user and the user's groups, 16).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eu_projects.models import CoFinancingAppropriation
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.permissions import can_review
from helsinki_intl.records.filters import Missing, ReviewState
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod
from networks.models import Membership, PriorityNetwork, Role

from .registry import ReviewableType, reviewables

CALL_DEADLINE_WINDOW_DAYS = 60
"""How far ahead the dashboard lists EU call deadlines."""

LIST_LENGTH = 10
"""Rows a dashboard list shows; its link leads to the rest."""

PORTFOLIO_LISTS = (
    "networks:membership-list",
    "partnerships:partnership-list",
    "eu_projects:application-list",
    "events:eventbid-list",
)
"""The registers counted in the portfolio, by their lists."""

REVIEWABLE_FIGURES = {
    "overdue": {"review": ReviewState.OVERDUE},
    "upcoming": {"review": ReviewState.UPCOMING},
    "no_goals": {"missing": Missing.GOALS},
    "inactive_owner_unit": {"missing": Missing.OWNER_UNIT},
    "inactive_responsible_person": {"missing": Missing.RESPONSIBLE_PERSON},
}


# Lists and the figures counted from them ------------------------------------------------------


class ListQuery:
    """A register's list under some filters: the rows a dashboard figure counts, and its link."""

    def __init__(self, path: str, **params) -> None:
        self.path = path
        self.params = {name: str(value) for name, value in params.items()}

    @classmethod
    def named(cls, url_name: str, **params) -> "ListQuery":
        return cls(reverse(url_name), **params)

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}"

    @cached_property
    def filterset_class(self):
        return resolve(self.path).func.view_class.filterset_class

    @property
    def model(self) -> type[Model]:
        return self.filterset_class._meta.model

    def rows(self, request=None, queryset: QuerySet | None = None) -> QuerySet:
        """The rows the list shows, taken from `queryset` (by default every record of the register)."""
        if queryset is None:
            queryset = self.model.objects.all()
        filterset = self.filterset_class(self.params, queryset=queryset, request=request)
        if not filterset.is_valid():
            # A figure's filters are written in code: an invalid one is a bug, not a user's mistake.
            raise ValueError(f"{self.url}: {filterset.errors.as_json()}")
        return filterset.qs


@dataclass(frozen=True)
class Figure:
    count: int
    url: str


def count_rows(queries: dict[str, ListQuery], request) -> dict[str, Figure]:
    """The number of rows each list shows: one aggregate query for each register asked about."""
    counts_by_model: dict[type[Model], dict[str, Count]] = defaultdict(dict)
    for key, query in queries.items():
        counts_by_model[query.model][key] = Count("pk", filter=Q(pk__in=query.rows(request).values("pk")))
    counts: dict[str, int] = {}
    for model, aggregates in counts_by_model.items():
        counts.update(model.objects.aggregate(**aggregates))
    return {key: Figure(counts[key], query.url) for key, query in queries.items()}


@dataclass(frozen=True)
class Listing:
    """The first rows of a list, how many rows it has in all, and a link to all of them."""

    rows: list
    total: int
    url: str = ""

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def first_rows(queryset: QuerySet, limit: int = LIST_LENGTH) -> tuple[list, int]:
    """The first `limit` rows and the number of rows in all, in one query."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, (rows[0].rows_in_all if rows else 0)


def listing(query: ListQuery, request=None, *, order_by: tuple[str, ...] = ()) -> Listing:
    """The first rows of the list, fetched with what they show (as the list fetches them)."""
    rows = query.rows(request, query.model.objects.for_list().prefetch_related(None))
    if order_by:
        rows = rows.order_by(*order_by)
    shown, total = first_rows(rows)
    return Listing(shown, total, query.url)


def count_of(queryset: QuerySet) -> Subquery:
    """The number of rows of a queryset that refers to the outer row, as a subquery."""
    counted = queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT")).values("counted")
    return Subquery(counted, output_field=IntegerField())


# Your work ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReview:
    record: Model
    reviewable: ReviewableType
    today: datetime.date

    @property
    def is_overdue(self) -> bool:
        return self.record.next_review_due < self.today


@dataclass(frozen=True)
class MyReviews:
    """The reviews due of records the person is responsible for, nearest first, across registers."""

    rows: list[DueReview]
    listings: list[tuple[ReviewableType, Listing]]


def my_reviews(request, today: datetime.date) -> MyReviews:
    listings = [
        (
            reviewable,
            listing(
                ListQuery(reviewable.list_url(), responsible="me", review=ReviewState.DUE),
                request,
                order_by=("next_review_due", "pk"),
            ),
        )
        for reviewable in reviewables
    ]
    rows = sorted(
        chain.from_iterable(
            (DueReview(record, reviewable, today) for record in listing.rows)
            for reviewable, listing in listings
        ),
        key=lambda due: due.record.next_review_due,
    )
    return MyReviews(rows[:LIST_LENGTH], listings)


# The portfolio by priority, unit and SDG --------------------------------------------------------


@dataclass
class PortfolioRow:
    subject: Model
    figures: list[Figure]
    bar: int = 0
    """The bar's length, in per cent of the chart's longest."""

    @property
    def total(self) -> int:
        return sum(figure.count for figure in self.figures)


@dataclass
class Chart:
    caption: str
    subject_label: str
    columns: list[str]
    rows: list[PortfolioRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        longest = max((row.total for row in self.rows), default=0)
        for row in self.rows:
            row.bar = round(100 * row.total / longest) if longest else 0


def portfolio_lists() -> list[ListQuery]:
    return [ListQuery.named(url_name, current="true") for url_name in PORTFOLIO_LISTS]


def portfolio_columns() -> list[str]:
    return [capfirst(query.model._meta.verbose_name_plural) for query in portfolio_lists()]


def portfolio_rows(subjects: QuerySet, lookup: str, param: str) -> list[PortfolioRow]:
    """Each subject with the number of current records of each register that `lookup` ties to it.

    `param` is the lists' filter for the same tie, so each number links to its rows.
    """
    lists = portfolio_lists()
    annotated = subjects.annotate(
        **{
            f"portfolio_{index}": count_of(query.rows().filter(**{lookup: OuterRef("pk")}))
            for index, query in enumerate(lists)
        }
    )
    return [
        PortfolioRow(
            subject,
            [
                Figure(
                    getattr(subject, f"portfolio_{index}"),
                    ListQuery(query.path, **query.params, **{param: subject.pk}).url,
                )
                for index, query in enumerate(lists)
            ],
        )
        for subject in annotated
    ]


def unit_rows(user) -> list[PortfolioRow]:
    """Units with current records, and the person's own units, most records first.

    Each unit is marked `mine` when the person belongs to it.
    """
    membership = get_user_model().units.through.objects.filter(orgunit=OuterRef("pk"), user=user)
    rows = portfolio_rows(OrgUnit.objects.annotate(mine=Exists(membership)), "owner_unit", "owner_unit")
    rows = [row for row in rows if row.total or row.subject.mine]
    return sorted(rows, key=lambda row: (-row.total, str(row.subject)))


def by_priority(period: StrategyPeriod | None) -> Chart:
    rows = portfolio_rows(Priority.objects.filter(period=period), "priorities", "priority") if period else []
    return Chart(_("Current records by priority"), _("Priority"), portfolio_columns(), rows)


def by_unit(units: list[PortfolioRow]) -> Chart:
    rows = [row for row in units if row.total]
    return Chart(_("Current records by owner unit"), _("Owner unit"), portfolio_columns(), rows)


def by_sdg() -> Chart:
    rows = portfolio_rows(SDG.objects.all(), "sdgs", "sdg")
    return Chart(
        _("Current records by sustainable development goal"),
        _("Sustainable development goal"),
        portfolio_columns(),
        rows,
    )


# The city's figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewableFigures:
    """The review and ownership figures of one reviewable register."""

    reviewable: ReviewableType
    overdue: Figure
    upcoming: Figure
    no_goals: Figure
    inactive_owner_unit: Figure
    inactive_responsible_person: Figure


def city_figures(request) -> dict[str, Figure]:
    """The city-wide counts, one aggregate query for each register they are about."""
    queries = {
        f"{reviewable.key}_{name}": ListQuery(reviewable.list_url(), **params)
        for reviewable in reviewables
        for name, params in REVIEWABLE_FIGURES.items()
    }
    queries["memberships_with_roles"] = ListQuery.named("networks:membership-list", has_role="true")
    return count_rows(queries, request)


def reviewable_figures(figures: dict[str, Figure]) -> list[ReviewableFigures]:
    return [
        ReviewableFigures(
            reviewable, **{name: figures[f"{reviewable.key}_{name}"] for name in REVIEWABLE_FIGURES}
        )
        for reviewable in reviewables
    ]


def roles(today: datetime.date) -> Listing:
    """The roles the city holds, the soonest ending first."""
    held = Role.objects.held(today).select_related("membership__network")
    rows, total = first_rows(held.order_by(F("end_date").asc(nulls_last=True), "title", "pk"))
    return Listing(rows, total)


def priority_networks(period: StrategyPeriod | None) -> Listing:
    """The period's priority and target networks, with the city's current memberships in each."""
    if period is None:
        return Listing([], 0)
    designations = (
        PriorityNetwork.objects.filter(period=period)
        .select_related("network")
        .annotate(memberships=count_of(Membership.objects.current().filter(network=OuterRef("network"))))
    )
    rows, total = first_rows(designations)
    return Listing(rows, total, ListQuery.named("networks:network-list", designated_in=period.pk).url)


def dashboard_context(request) -> dict:
    """Everything the dashboard shows the signed-in person, fetched here rather than while rendering."""
    today = timezone.localdate()
    user = request.user
    period = StrategyPeriod.objects.current()
    units = unit_rows(user)
    my_units = [row for row in units if row.subject.mine]
    figures = city_figures(request)
    return {
        "today": today,
        "review_window_days": REVIEW_DUE_SOON_DAYS,
        "call_deadline_window_days": CALL_DEADLINE_WINDOW_DAYS,
        "city_first": can_review(user),
        "my_reviews": my_reviews(request, today),
        "my_units": my_units,
        "my_units_total": sum(row.total for row in my_units),
        "portfolio_columns": portfolio_columns(),
        "reviewable_figures": reviewable_figures(figures),
        "memberships_with_roles": figures["memberships_with_roles"],
        "bids_waiting": listing(ListQuery.named("events:eventbid-list", decision_pending="true")),
        "call_deadlines": listing(
            ListQuery.named("eu_projects:call-list", deadline_within=CALL_DEADLINE_WINDOW_DAYS)
        ),
        "appropriation_year": today.year,
        "appropriation": CoFinancingAppropriation.objects.balance(today.year),
        "period": period,
        "priority_networks": priority_networks(period),
        "roles": roles(today),
        "charts": [by_priority(period), by_unit(units), by_sdg()],
    }
