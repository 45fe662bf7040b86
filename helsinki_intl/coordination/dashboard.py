"""What the home page shows: the person's own reviews and units first, then the city's figures.

Every figure is the number of rows a register's list shows under some filters, and links to
that list. The figure is counted with the list's own filter set, so the link lands on exactly
the rows counted. The lists are cut short and the counts are read together, so the page takes
the same number of queries however much is registered: one for the city's figures with the
strategy period and the values the panels ask for (the year's appropriation), one for the
portfolio by priority, SDG and unit (with the person's own units), one list of the person's
reviews for each reviewable register, and one for each list of the registers' panels (`Panel`,
declared in their `register.py`: the event bids, the calls, the programmes named that are not in
the register, the priority networks and the roles; 9 with the two reviewable registers; with the
session and the user, 11). A panel may be for some people only (`Panel.who`): it is read and
cached with the rest, and shown to them alone.

The city's part is the same for everyone and is cached until the registers' data changes
(`helsinki_intl.records.data_version`): then only the person's reviews and units are read
(3 queries; with the session and the user, 5).
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Model,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import FilterSet

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.permissions import can_review
from helsinki_intl.records.data_version import data_version
from helsinki_intl.records.filters import Missing, ReviewState
from helsinki_intl.records.process import all_queues
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS
from helsinki_intl.records.registers import registers
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

from .registry import ReviewableType, reviewables

LIST_LENGTH = 10
"""Rows a dashboard list shows; its link leads to the rest."""

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
        filterset_class = narrowed(self.filterset_class, frozenset(self.params))
        filterset = filterset_class(self.params, queryset=queryset, request=request)
        if not filterset.is_valid():
            # A figure's filters are written in code: an invalid one is a bug, not a user's mistake.
            raise ValueError(f"{self.url}: {filterset.errors.as_json()}")
        return filterset.qs


@functools.cache
def narrowed(filterset_class: type[FilterSet], names: frozenset[str]) -> type[FilterSet]:
    """The filter set with only the filters named. The others filter nothing when not given, and
    leaving them out spares building their form fields (some with long lists of choices) for
    each of the dashboard's figures."""
    subclass = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    subclass.base_filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    return subclass


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


# The registers' panels --------------------------------------------------------------------------


@dataclass(frozen=True)
class CityReading:
    """What the city's part read in its one query, for the panels to show."""

    today: datetime.date
    period: StrategyPeriod | None
    """The current strategy period (its key, name and dates), if one has been entered."""
    figures: dict[str, Figure]
    values: dict


def no_figures() -> dict[str, ListQuery]:
    return {}


def no_values(year: int) -> dict[str, QuerySet]:
    return {}


@dataclass(frozen=True)
class Panel:
    """A panel of the city's part of the dashboard, declared by a register (`Register.dashboard_panels`).

    What `read` gives is cached with the city's part and shown to everyone alike: rows, numbers
    and names in every language, never a text in one person's language.
    """

    template: str
    read: Callable[[CityReading], dict]
    """The context entries the template shows, read after the city's one query."""
    position: int
    """The panel's place among the registers' panels, after the review panels."""
    figures: Callable[[], dict[str, ListQuery]] = no_figures
    """Lists counted in the city's one query, by key (`CityReading.figures`)."""
    values: Callable[[int], dict[str, QuerySet]] = no_values
    """(year) -> one-value queries read in the city's one query, by key (`CityReading.values`)."""
    who: object = None
    """A `rules` predicate of (user): whom the panel is shown to (read and cached alike for
    everyone); None: everyone."""

    def is_for(self, user) -> bool:
        return self.who is None or self.who.test(user)


def panels() -> list[Panel]:
    return sorted(
        (panel for register in registers for panel in register.dashboard_panels),
        key=lambda panel: panel.position,
    )


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


TOP_UNITS = 10
"""Units the chart by unit names, those with the most current records; the rest make one row."""


@dataclass(frozen=True)
class SubjectCounts:
    """A subject of a chart (a priority, an SDG, a unit) named in every language, and its current
    records counted in each register: what the cache keeps, rendered in the reader's language."""

    pk: int | None
    names: tuple[str, str, str] = ("", "", "")
    position: int = 0
    counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class PortfolioCounts:
    priority: list[SubjectCounts]
    sdg: list[SubjectCounts]
    top_units: list[SubjectCounts]
    other_units: SubjectCounts
    """The records of the units after the first `TOP_UNITS`, added up; `pk` is their number."""


@dataclass
class PortfolioRow:
    subject: object
    figures: list[Figure]
    bar: int | None = 0
    """The bar's length, in per cent of the chart's longest; None for no bar."""

    @property
    def total(self) -> int:
        return sum(figure.count for figure in self.figures)


@dataclass
class Chart:
    caption: str
    subject_label: str
    columns: list[str]
    rows: list[PortfolioRow] = field(default_factory=list)
    other: PortfolioRow | None = None
    """A last row adding up the subjects not shown, without a bar: it is no one subject's."""

    def __post_init__(self) -> None:
        longest = max((row.total for row in self.rows), default=0)
        for row in self.rows:
            row.bar = round(100 * row.total / longest) if longest else 0
        if self.other:
            self.other.bar = None


def portfolio_lists() -> list[ListQuery]:
    """The list of each register counted in the portfolio, of its current records."""
    return [
        ListQuery.named(register.portfolio_list, current="true")
        for register in registers
        if register.portfolio_list
    ]


def portfolio_columns() -> list[str]:
    return [capfirst(query.model._meta.verbose_name_plural) for query in portfolio_lists()]


# The portfolio charts: for each, the subjects' model, the records' tie to a subject and the
# lists' filter for it.
CHART_SUBJECTS = {
    "unit": (OrgUnit, "owner_unit", "owner_unit"),
    "priority": (Priority, "priorities", "priority"),
    "sdg": (SDG, "sdgs", "sdg"),
    # The person's own units, read with the others but never cached with them.
    "mine": (OrgUnit, "owner_unit", "owner_unit"),
}
PART_COLUMNS = (
    "chart_",
    "register_",
    "subject_pk",
    "position_",
    "name_fi_",
    "name_sv_",
    "name_en_",
    "counted",
)
"""The columns of every part of the portfolio's query, in this order."""

NO_REGISTER = -1
"""The `register` of a subject's own row, which names it; a count's row gives the register's index."""

UNITS_COUNTED = "units_counted"
"""The `chart` of the row giving the number of units with current records."""


def subject_rows(subjects: QuerySet, chart: str, *, position: str = "") -> QuerySet:
    """The subjects of a chart, named, as rows of the portfolio's query."""
    return subjects.order_by().values(
        chart_=Value(chart, output_field=CharField()),
        register_=Value(NO_REGISTER, output_field=IntegerField()),
        subject_pk=F("pk"),
        position_=F(position) if position else Value(0, output_field=IntegerField()),
        name_fi_=F("name_fi"),
        name_sv_=F("name_sv"),
        name_en_=F("name_en"),
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
            # A record is tied to a subject once (a foreign key, or a many-to-many row).
            counted=Count("pk"),
        )
    )


def current_records() -> list[QuerySet]:
    """Each register's current records, as its list filters them."""
    return [query.rows() for query in portfolio_lists()]


def count_parts(chart: str, records: list[QuerySet]) -> list[QuerySet]:
    """Each register's records counted by the chart's subject."""
    _model, lookup, _param = CHART_SUBJECTS[chart]
    return [count_rows(rows, chart, lookup, register) for register, rows in enumerate(records)]


def as_part(query: QuerySet) -> tuple[str, tuple]:
    """A part of the portfolio's query, its columns in `PART_COLUMNS`' order whatever the ORM's."""
    sql, params = query.query.sql_with_params()
    return f"SELECT {', '.join(PART_COLUMNS)} FROM ({sql}) part", params  # nosec B608 # ORM-compiled SQL and constants; values are parameters


def top_units_sql(current: list[QuerySet]) -> tuple[str, tuple, list[QuerySet]]:
    """The common table expressions counting each unit's current records and picking the first
    `TOP_UNITS`, and the parts reading them: the first units' counts and names, the rest's counts
    added up (under no unit), and the number of units counted."""
    counts, params = [], []
    for part in count_parts("unit", current):
        sql, part_params = as_part(part)
        counts.append(sql)
        params.extend(part_params)
    with_sql = (
        f"WITH unit_counts AS ({' UNION ALL '.join(counts)}), "  # nosec B608 # ORM-compiled SQL and constants; values are parameters
        "top_units AS (SELECT subject_pk FROM unit_counts GROUP BY subject_pk "
        f"ORDER BY SUM(counted) DESC, subject_pk LIMIT {int(TOP_UNITS)}) "
    )
    no_names = "'' AS name_fi_, '' AS name_sv_, '' AS name_en_"
    reading = [
        "SELECT 'unit' AS chart_, unit_counts.register_, top_units.subject_pk, 0 AS position_, "  # nosec B608 # constants only
        f"{no_names}, CAST(SUM(unit_counts.counted) AS INTEGER) AS counted "
        "FROM unit_counts LEFT JOIN top_units ON top_units.subject_pk = unit_counts.subject_pk "
        "GROUP BY unit_counts.register_, top_units.subject_pk",
        f"SELECT '{UNITS_COUNTED}' AS chart_, 0 AS register_, NULL AS subject_pk, 0 AS position_, "  # nosec B608 # constants only
        f"{no_names}, COUNT(DISTINCT subject_pk) AS counted FROM unit_counts",
    ]
    top_units = OrgUnit.objects.filter(pk__in=RawSQL("SELECT subject_pk FROM top_units", ()))
    named = subject_rows(top_units, "unit")
    return with_sql, tuple(params), [*reading, named]


def read_portfolio(
    parts: list, *, with_sql: str = "", with_params: tuple = ()
) -> dict[str, list[SubjectCounts]]:
    """The rows of the parts (querysets or SQL), in one query, as each chart's subjects with their counts."""
    selects, params = [], list(with_params)
    for part in parts:
        sql, part_params = (part, ()) if isinstance(part, str) else as_part(part)
        selects.append(sql)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(with_sql + " UNION ALL ".join(selects), params)
        rows = [dict(zip(PART_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    counted_registers = len(portfolio_lists())
    names, counts = {}, defaultdict(lambda: [0] * counted_registers)
    for row in rows:
        key = (row["chart_"], row["subject_pk"])
        if row["register_"] == NO_REGISTER:
            names[key] = row
        else:
            counts[key][row["register_"]] = int(row["counted"])
    charts = defaultdict(list)
    for (chart, pk), row in names.items():
        charts[chart].append(
            SubjectCounts(
                pk,
                (row["name_fi_"], row["name_sv_"], row["name_en_"]),
                row["position_"],
                tuple(counts[(chart, pk)]),
            )
        )
    for chart, pk in counts.keys() - names.keys():  # the units after the first, under no unit
        charts[chart].append(SubjectCounts(pk, counts=tuple(counts[(chart, pk)])))
    return charts


def my_unit_parts(unit_ids, current: list[QuerySet]) -> list[QuerySet]:
    units = sorted(unit_ids)
    return [
        subject_rows(OrgUnit.objects.filter(pk__in=units), "mine"),
        *count_parts("mine", [rows.filter(owner_unit__in=units) for rows in current]),
    ]


def portfolio(period_pk: int | None, my_unit_ids=()) -> tuple[PortfolioCounts, list[SubjectCounts]]:
    """The counts of the charts by unit, by the period's priorities and by SDG, in one query, and
    with them those of the person's own units.

    Each register's current records are counted by subject in one pass over the register and
    tie (rather than a count for each subject); the units' counts are summed and ranked in the
    query, which returns the first `TOP_UNITS` and the rest added up.
    """
    current = current_records()
    with_sql, with_params, unit_parts = top_units_sql(current)
    parts = [
        subject_rows(Priority.objects.filter(period=period_pk), "priority", position="order"),
        *count_parts("priority", current),
        subject_rows(SDG.objects.all(), "sdg", position="number"),
        *count_parts("sdg", current),
        *unit_parts,
        *(my_unit_parts(my_unit_ids, current) if my_unit_ids else ()),
    ]
    charts = read_portfolio(parts, with_sql=with_sql, with_params=with_params)
    units = charts["unit"]
    units_counted = sum(counted.counts[0] for counted in charts[UNITS_COUNTED])
    top = [unit for unit in units if unit.pk is not None]
    other = next((unit.counts for unit in units if unit.pk is None), (0,) * len(portfolio_lists()))
    counts = PortfolioCounts(
        priority=charts["priority"],
        sdg=charts["sdg"],
        top_units=top,
        other_units=SubjectCounts(units_counted - len(top), counts=other),
    )
    return counts, charts["mine"]


def my_unit_counts(unit_ids) -> list[SubjectCounts]:
    """The person's own units with their current records counted (a query only if they have units)."""
    if not unit_ids:
        return []
    return read_portfolio(my_unit_parts(unit_ids, current_records()))["mine"]


def portfolio_rows(chart: str, subjects: list[SubjectCounts]) -> list[PortfolioRow]:
    """The rows of a chart in the active language, each number linking to the rows it counts."""
    model, _lookup, param = CHART_SUBJECTS[chart]
    lists = portfolio_lists()
    rows = []
    for counted in subjects:
        subject = model(
            pk=counted.pk, **dict(zip(("name_fi", "name_sv", "name_en"), counted.names, strict=True))
        )
        figures = [
            Figure(count, ListQuery(query.path, **query.params, **{param: counted.pk}).url)
            for count, query in zip(counted.counts, lists, strict=True)
        ]
        rows.append(PortfolioRow(subject, figures))
    return rows


def in_order(subjects: list[SubjectCounts]) -> list[SubjectCounts]:
    return sorted(subjects, key=lambda subject: (subject.position, subject.names[0]))


def by_priority(counts: PortfolioCounts) -> Chart:
    rows = portfolio_rows("priority", in_order(counts.priority))
    return Chart(_("Current records by priority"), _("Priority"), portfolio_columns(), rows)


def by_unit(counts: PortfolioCounts) -> Chart:
    """The units with the most current records, most first, and one row for the others."""
    rows = sorted(portfolio_rows("unit", counts.top_units), key=lambda row: (-row.total, str(row.subject)))
    other = None
    if counts.other_units.pk:
        # The list has no filter for "units other than these": the row's numbers are not links.
        label = ngettext("%(count)s other unit", "%(count)s other units", counts.other_units.pk) % {
            "count": counts.other_units.pk
        }
        other = PortfolioRow(label, [Figure(count, "") for count in counts.other_units.counts])
    return Chart(_("Current records by owner unit"), _("Owner unit"), portfolio_columns(), rows, other)


def by_sdg(counts: PortfolioCounts) -> Chart:
    return Chart(
        _("Current records by sustainable development goal"),
        _("Sustainable development goal"),
        portfolio_columns(),
        portfolio_rows("sdg", in_order(counts.sdg)),
    )


def my_unit_rows(subjects: list[SubjectCounts]) -> list[PortfolioRow]:
    """The person's units, most current records first."""
    rows = portfolio_rows("unit", subjects)
    return sorted(rows, key=lambda row: (-row.total, str(row.subject)))


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
    for queue in all_queues():
        queries[queue.key] = ListQuery.named(queue.list_url_name, **queue.params)
    for panel in panels():
        queries.update(panel.figures())
    return queries


@dataclass(frozen=True)
class CityValues:
    figures: dict[str, Figure]
    period: StrategyPeriod | None
    values: dict
    """The single values the panels asked for (`Panel.values`), as the database gave them."""


def city_values(year: int) -> CityValues:
    """The city-wide counts, the current strategy period and the panels' values, in one query.

    No figure depends on who asks (none is filtered by the person), so they are counted without
    the request and shown alike to everyone.
    """
    queries = figure_queries()
    period = StrategyPeriod.objects.current_first()
    panel_values = {name: query for panel in panels() for name, query in panel.values(year).items()}
    values = read_values(
        **{key: counted(query.rows()) for key, query in queries.items()},
        period_pk=period.values("pk")[:1],
        period_name=period.values("name")[:1],
        period_starts_on=period.values("starts_on")[:1],
        period_ends_on=period.values("ends_on")[:1],
        **panel_values,
    )
    return CityValues(
        figures={key: Figure(values[key], query.url) for key, query in queries.items()},
        period=StrategyPeriod(
            pk=values["period_pk"],
            name=values["period_name"],
            # Read as they are stored: SQLite gives a date as its text.
            starts_on=DateField().to_python(values["period_starts_on"]),
            ends_on=DateField().to_python(values["period_ends_on"]),
        )
        if values["period_pk"]
        else None,
        values={name: values[name] for name in panel_values},
    )


def reviewable_figures(figures: dict[str, Figure]) -> list[ReviewableFigures]:
    return [
        ReviewableFigures(
            reviewable, **{name: figures[f"{reviewable.key}_{name}"] for name in REVIEWABLE_FIGURES}
        )
        for reviewable in reviewables
    ]


def my_queues(user, figures: dict[str, Figure]) -> list[tuple[object, Figure]]:
    """The queues (`records.process.Queue`) of the bodies the person belongs to: how many records
    wait for their step, linked to the list of exactly those rows."""
    return [(queue, figures[queue.key]) for queue in all_queues() if queue.who.test(user)]


# What everyone sees alike, cached ---------------------------------------------------------------

CITY_CACHE_SECONDS = 5 * 60
"""The longest the city's part is kept. A change of the data replaces it at once
(`helsinki_intl.records.data_version`); this bounds what time alone changes, such as a call's
deadline passing."""


@dataclass(frozen=True)
class City:
    """The city's part of the dashboard: the same for everyone who sees it on a day.

    It keeps numbers, ids, and names in every language (models' rows), never a text in the
    language of whoever asked first: labels and links are made for each request.
    """

    values: CityValues
    portfolio: PortfolioCounts
    panels: tuple[tuple[str, dict], ...]
    """The registers' panels: each one's template and what it shows."""


def city_cache_key(today: datetime.date) -> str:
    return f"dashboard:city:{data_version()}:{today.isoformat()}"


def read_city(today: datetime.date, my_unit_ids=()) -> tuple[City, list[SubjectCounts]]:
    """The city's part read from the database, and with it the person's own units' counts."""
    values = city_values(today.year)
    counts, my_units = portfolio(values.period.pk if values.period else None, my_unit_ids)
    reading = CityReading(today, values.period, values.figures, values.values)
    shown = tuple((panel.template, panel.read(reading)) for panel in panels())
    return City(values, counts, shown), my_units


def city_and_my_units(user, today: datetime.date) -> tuple[City, list[SubjectCounts]]:
    """The city's part from the cache (read and cached when missing), and the person's units."""
    key = city_cache_key(today)
    city = cache.get(key)
    if city is not None:
        return city, my_unit_counts(user.unit_ids)
    city, my_units = read_city(today, user.unit_ids)
    cache.set(key, city, CITY_CACHE_SECONDS)
    return city, my_units


def dashboard_context(request) -> dict:
    """Everything the dashboard shows the signed-in person, fetched here rather than while rendering."""
    today = timezone.localdate()
    user = request.user
    city, my_unit_counted = city_and_my_units(user, today)
    my_units = my_unit_rows(my_unit_counted)
    shown_panels = panels_for(user, city)
    context = {
        "today": today,
        "review_window_days": REVIEW_DUE_SOON_DAYS,
        "can_review": can_review(user),
        "my_queues": my_queues(user, city.values.figures),
        "my_reviews": my_reviews(request, today),
        "my_units": my_units,
        "my_units_total": sum(row.total for row in my_units),
        "portfolio_columns": portfolio_columns(),
        "portfolio_lists": [
            (column, query.url) for column, query in zip(portfolio_columns(), portfolio_lists(), strict=True)
        ],
        "top_units": TOP_UNITS,
        "reviewable_figures": reviewable_figures(city.values.figures),
        "period": city.values.period,
        "period_in_force": city.values.period is not None and city.values.period.is_in_force(today),
        "charts": [by_priority(city.portfolio), by_unit(city.portfolio), by_sdg(city.portfolio)],
        "panel_templates": [template for template, _shown in shown_panels],
    }
    for _template, shown in shown_panels:
        context.update(shown)
    return context


def panels_for(user, city: City) -> list[tuple[str, dict]]:
    """The city's panels the person is shown (`Panel.who`)."""
    hidden = {panel.template for panel in panels() if not panel.is_for(user)}
    return [(template, shown) for template, shown in city.panels if template not in hidden]
