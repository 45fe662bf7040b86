"""What the home page shows: the person's own reviews and units first, then the city's figures.

Every figure is the number of rows a register's list shows under some filters, and links to
that list. The figure is counted with the list's own filter set, so the link lands on exactly
the rows counted. The lists are cut short and the counts are read together, so the page takes
the same number of queries however much is registered: one for the city's figures with the
strategy period and the year's appropriation, one for the portfolio of every unit, priority and
SDG, one list of the person's reviews for each reviewable register, the event bids, the calls,
the priority networks and the roles (8 with the two reviewable registers; with the session and
the user, 10).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
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


def counted(rows: QuerySet) -> QuerySet:
    """The number of rows, as a query of one value (distinct, as a list shows each row once)."""
    count = Func(F("pk"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    return rows.order_by().values(counted=count)


def read_values(**queries: QuerySet) -> dict:
    """The first value of each one-column query, all read in one query: `SELECT (…) AS a, (…) AS b`."""
    selects, params = [], []
    for name, query in queries.items():
        sql, query_params = query.query.sql_with_params()
        selects.append(f"({sql}) AS {connection.ops.quote_name(name)}")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        return dict(zip(queries, cursor.fetchone(), strict=True))


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


# The portfolio charts: for each, the subjects' model, the records' tie to a subject and the
# lists' filter for it.
CHART_SUBJECTS = {
    "unit": (OrgUnit, "owner_unit", "owner_unit"),
    "priority": (Priority, "priorities", "priority"),
    "sdg": (SDG, "sdgs", "sdg"),
}
CHART_COLUMNS = (
    "chart",
    "register",
    "subject_pk",
    "position",
    "name_fi",
    "name_sv",
    "name_en",
    "mine",
    "counted",
)
"""The columns of every part of the portfolio's UNION."""

NO_REGISTER = -1
"""The `register` of a subject's own row, which names it; a count's row gives the register's index."""


def subject_rows(subjects: QuerySet, chart: str, *, position: str = "", mine=None) -> QuerySet:
    """The subjects of a chart, named, as rows of the portfolio's UNION."""
    return subjects.order_by().values(
        chart_=Value(chart, output_field=CharField()),
        register_=Value(NO_REGISTER, output_field=IntegerField()),
        subject_pk=F("pk"),
        position_=F(position) if position else Value(0, output_field=IntegerField()),
        name_fi_=F("name_fi"),
        name_sv_=F("name_sv"),
        name_en_=F("name_en"),
        mine_=mine if mine is not None else Value(False, output_field=BooleanField()),
        counted=Value(0, output_field=IntegerField()),
    )


def count_rows(records: QuerySet, chart: str, lookup: str, register: int) -> QuerySet:
    """The number of records tied to each subject, grouped in one pass over the register."""
    return (
        records.order_by()
        .filter(**{f"{lookup}__isnull": False})
        .values(subject_pk=F(lookup))
        .annotate(
            chart_=Value(chart, output_field=CharField()),
            register_=Value(register, output_field=IntegerField()),
            position_=Value(0, output_field=IntegerField()),
            name_fi_=Value("", output_field=CharField()),
            name_sv_=Value("", output_field=CharField()),
            name_en_=Value("", output_field=CharField()),
            mine_=Value(False, output_field=BooleanField()),
            # A record is tied to a subject once (a foreign key, or a many-to-many row).
            counted=Count("pk"),
        )
        .values(
            "chart_",
            "register_",
            "subject_pk",
            "position_",
            "name_fi_",
            "name_sv_",
            "name_en_",
            "mine_",
            "counted",
        )
    )


def portfolio(user, period: StrategyPeriod | None) -> dict[str, list[PortfolioRow]]:
    """The rows of the charts by unit, by the period's priorities and by SDG, in one query.

    The subjects come named, then each register's current records counted by subject (a pass
    over each register and tie, rather than a count for each subject). A unit is marked `mine`
    when the person belongs to it.
    """
    membership = get_user_model().units.through.objects.filter(orgunit=OuterRef("pk"), user=user)
    lists = portfolio_lists()
    parts = [
        subject_rows(OrgUnit.objects.all(), "unit", mine=Exists(membership)),
        subject_rows(Priority.objects.filter(period=period), "priority", position="order"),
        subject_rows(SDG.objects.all(), "sdg", position="number"),
        *(
            count_rows(query.rows(), chart, lookup, register)
            for chart, (_model, lookup, _param) in CHART_SUBJECTS.items()
            for register, query in enumerate(lists)
        ),
    ]
    subjects, counts = [], defaultdict(int)
    for values in parts[0].union(*parts[1:], all=True):
        values = dict(zip(CHART_COLUMNS, values.values(), strict=True))
        if values["register"] == NO_REGISTER:
            subjects.append(values)
        else:
            counts[(values["chart"], values["subject_pk"], values["register"])] = values["counted"]

    rows: dict[str, list[PortfolioRow]] = {chart: [] for chart in CHART_SUBJECTS}
    for values in sorted(subjects, key=lambda values: (values["position"], values["name_fi"])):
        chart, pk = values["chart"], values["subject_pk"]
        model, _lookup, param = CHART_SUBJECTS[chart]
        subject = model(
            pk=pk, **{f"name_{language}": values[f"name_{language}"] for language in ("fi", "sv", "en")}
        )
        subject.mine = values["mine"]
        figures = [
            Figure(counts[(chart, pk, register)], ListQuery(query.path, **query.params, **{param: pk}).url)
            for register, query in enumerate(lists)
        ]
        rows[chart].append(PortfolioRow(subject, figures))
    return rows


def unit_rows(rows: list[PortfolioRow]) -> list[PortfolioRow]:
    """Units with current records, and the person's own units, most records first."""
    rows = [row for row in rows if row.total or row.subject.mine]
    return sorted(rows, key=lambda row: (-row.total, str(row.subject)))


def by_priority(rows: list[PortfolioRow]) -> Chart:
    return Chart(_("Current records by priority"), _("Priority"), portfolio_columns(), rows)


def by_unit(units: list[PortfolioRow]) -> Chart:
    rows = [row for row in units if row.total]
    return Chart(_("Current records by owner unit"), _("Owner unit"), portfolio_columns(), rows)


def by_sdg(rows: list[PortfolioRow]) -> Chart:
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


def figure_queries() -> dict[str, ListQuery]:
    queries = {
        f"{reviewable.key}_{name}": ListQuery(reviewable.list_url(), **params)
        for reviewable in reviewables
        for name, params in REVIEWABLE_FIGURES.items()
    }
    queries["memberships_with_roles"] = ListQuery.named("networks:membership-list", has_role="true")
    return queries


@dataclass(frozen=True)
class CityValues:
    figures: dict[str, Figure]
    period: StrategyPeriod | None
    appropriation: CoFinancingAppropriation | None


def city_values(request, year: int) -> CityValues:
    """The city-wide counts, the current strategy period and the year's appropriation, in one query."""
    queries = figure_queries()
    period = StrategyPeriod.objects.current_first()
    appropriation = CoFinancingAppropriation.objects.with_balance().filter(year=year)
    values = read_values(
        **{key: counted(query.rows(request)) for key, query in queries.items()},
        period_pk=period.values("pk")[:1],
        period_name=period.values("name")[:1],
        appropriation_pk=appropriation.values("pk")[:1],
        **{
            f"appropriation_{name}": appropriation.values(name)[:1]
            for name in ("amount", "requested", "granted")
        },
    )
    return CityValues(
        figures={key: Figure(values[key], query.url) for key, query in queries.items()},
        period=StrategyPeriod(pk=values["period_pk"], name=values["period_name"])
        if values["period_pk"]
        else None,
        appropriation=appropriation_of(values, year) if values["appropriation_pk"] else None,
    )


def appropriation_of(values: dict, year: int) -> CoFinancingAppropriation:
    """The appropriation with its balance, from the values read (a database's raw numbers)."""
    euros = CoFinancingAppropriation._meta.get_field("amount").to_python
    appropriation = CoFinancingAppropriation(
        pk=values["appropriation_pk"], year=year, amount=euros(values["appropriation_amount"])
    )
    appropriation.requested = euros(values["appropriation_requested"])
    appropriation.granted = euros(values["appropriation_granted"])
    appropriation.left = appropriation.amount - appropriation.granted
    return appropriation


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
    city = city_values(request, today.year)
    charts = portfolio(user, city.period)
    units = unit_rows(charts["unit"])
    my_units = [row for row in units if row.subject.mine]
    return {
        "today": today,
        "review_window_days": REVIEW_DUE_SOON_DAYS,
        "call_deadline_window_days": CALL_DEADLINE_WINDOW_DAYS,
        "city_first": can_review(user),
        "my_reviews": my_reviews(request, today),
        "my_units": my_units,
        "my_units_total": sum(row.total for row in my_units),
        "portfolio_columns": portfolio_columns(),
        "reviewable_figures": reviewable_figures(city.figures),
        "memberships_with_roles": city.figures["memberships_with_roles"],
        "bids_waiting": listing(ListQuery.named("events:eventbid-list", decision_pending="true")),
        "call_deadlines": listing(
            ListQuery.named("eu_projects:call-list", deadline_within=CALL_DEADLINE_WINDOW_DAYS)
        ),
        "appropriation_year": today.year,
        "appropriation": city.appropriation,
        "period": city.period,
        "priority_networks": priority_networks(city.period),
        "roles": roles(today),
        "charts": [by_priority(charts["priority"]), by_unit(units), by_sdg(charts["sdg"])],
    }
