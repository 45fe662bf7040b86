"""The Strategy Department's summary of a quarter (or any date range).

Each register declares its section of the summary in its own `<app>/summary.py`, given as the
`summary` of its `register.py` (a `SummaryPart`): the section's figures and what they are called,
the rows that count them, and the register's sheet of the downloads. This module puts the parts
together in the registers' order; what each figure counts is written in its register's module.

The figures of decisions and outcomes are counted from the registers' status timelines, which
every writer (the step pages, the admin, imports, commands) notes the same way, so that a change
counts once whoever made it. A decision counts on its decision date, in the range it was decided
in whenever it was recorded; a timeline row without a decision date counts on the day it was
noted.

A record counts once in a figure, however many of its rows fall in the range. The breakdowns
count the figures that have a breakdown column by the current strategy period's priorities, by
owner unit and by SDG, as the records are tagged now. A record with several priorities or SDGs
counts once under each. The figures take two queries however many records there are: one UNION
ALL of every register's totals and grouped figures, and one for the names of the breakdowns'
groups.

A breakdown has a column for each of those figures, too many to read on a screen: the summary's
page shows each one's key figures (those the registers mark `key_figure`) in its top rows
(`BreakdownTop`), and links to its whole table, a page of its own. The downloads hold the whole
tables.

The page and its downloads read a summary from the cache (`cached_summary`) while the registers'
data stays the same; the management command always builds it anew.
"""

import datetime
import operator
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.data_version import data_version
from helsinki_intl.records.multilingual import NAME_FIELDS
from helsinki_intl.records.registers import registers
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

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
    def quarter_of(cls, day: datetime.date) -> "Period":
        """The quarter the day falls in."""
        return cls.quarter(day.year, (day.month + 2) // 3)

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
        if self == Period.quarter_of(self.start):
            return f"{self.start.year}Q{(self.start.month + 2) // 3}"
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


def current_quarter(today: datetime.date | None = None) -> Period:
    return Period.quarter_of(today or timezone.localdate())


def last_full_quarter(today: datetime.date | None = None) -> Period:
    return Period.quarter_of(current_quarter(today).start - datetime.timedelta(days=1))


def recent_quarters(count: int = 8, today: datetime.date | None = None) -> list[Period]:
    """The last `count` full quarters, the latest first."""
    quarters = [last_full_quarter(today)]
    while len(quarters) < count:
        quarters.append(last_full_quarter(quarters[-1].start))
    return quarters


@dataclass(frozen=True)
class FigureDeclaration:
    """A figure of a register's section; the register's sources count it under `key`."""

    key: str
    label: str
    explanation: str
    money: bool = False
    """A sum of euros; else a count."""
    column: str | None = None
    """The figure's column label in the breakdowns; None when the breakdowns leave it out."""
    key_figure: bool = False
    """A column the summary's page shows of each breakdown; the whole tables show every column."""


@dataclass(frozen=True)
class RecordSheet:
    """A register's sheet of the downloads: its records with a change-history row in the range."""

    name: str
    """Also the CSV's file name: short, plain and at most 31 characters (Excel's limit)."""
    model: type[Model]
    related: tuple[str, ...]
    """The related records the columns read, fetched with the records."""
    columns: tuple[tuple[str, Callable[[Model], object]], ...]
    """Each column's label and the record's value in it."""


Source = tuple[QuerySet, str, dict]
"""Rows a register counts, the path from them to its record ("" for the record itself, else e.g.
"application__") and what they count, {figure key: aggregate}."""


@dataclass(frozen=True)
class SummaryPart:
    """A register's section of the summary and its sheet of the downloads."""

    title: str
    figures: tuple[FigureDeclaration, ...]
    sources: Callable[["SummaryQueries", bool], list[Source]]
    """(queries, grouped) -> the rows that count the figures. Grouped is for the breakdowns,
    where a record's rows repeat once for each group it is tagged with, so counts there must be
    distinct; a part none of whose figures is a breakdown column gives nothing grouped."""
    sheet: RecordSheet


def summary_parts() -> list[SummaryPart]:
    """The registers' parts, in the registers' order."""
    return [register.summary for register in registers if register.summary is not None]


def declared_figures() -> list[FigureDeclaration]:
    """Every register's figures, those with a breakdown column first, in the columns' order."""
    figures = [figure for part in summary_parts() for figure in part.figures]
    return sorted(figures, key=lambda figure: figure.column is None)


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

    @property
    def counted(self) -> int:
        """The row's counts added up (its euros left out): how much it has of what happened."""
        return sum(value for value in self.values if not isinstance(value, Decimal))


@dataclass(frozen=True)
class BreakdownKind:
    """What a breakdown groups by, and the name of its whole table's page."""

    group: str
    """The field every register's record has: priorities, owner unit or SDGs."""
    slug: str
    title: str


BREAKDOWNS = (
    BreakdownKind("priorities", "by-priority", _("By priority")),
    BreakdownKind("owner_unit", "by-owner-unit", _("By owner unit")),
    BreakdownKind("sdgs", "by-sdg", _("By SDG")),
)


def breakdown_kind(slug: str) -> BreakdownKind | None:
    return next((kind for kind in BREAKDOWNS if kind.slug == slug), None)


@dataclass(frozen=True)
class Breakdown:
    slug: str
    title: str
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    key_figure: bool = False


def breakdown_columns() -> list[Column]:
    return [
        Column(figure.key, figure.column, figure.key_figure)
        for figure in declared_figures()
        if figure.column is not None
    ]


TOP_ROWS = 5
"""The rows the summary's page shows of a breakdown that has more."""


@dataclass(frozen=True)
class TopRow:
    """A breakdown's row on the summary's page: its key figures, and its counts added up."""

    label: str
    cells: list[tuple[int | Decimal, bool]]
    counted: int


@dataclass(frozen=True)
class BreakdownTop:
    """A breakdown as the summary's page shows it: its key figures, and of a breakdown of more
    than `TOP_ROWS` rows the rows with the most counted, most first (then in the table's order),
    leaving out those with nothing counted (euros alone are not counted); of a shorter breakdown
    every row, in its order."""

    breakdown: Breakdown
    rows: list[TopRow]
    ranked: bool
    """Whether the rows are the top ones rather than all of them."""

    @property
    def total(self) -> int:
        """The rows of the whole table."""
        return len(self.breakdown.rows)


def breakdown_top(breakdown: Breakdown, columns: list[Column], count: int = TOP_ROWS) -> BreakdownTop:
    shown = [number for number, column in enumerate(columns) if column.key_figure]

    def narrowed(row: BreakdownRow) -> TopRow:
        cells = row.cells
        return TopRow(row.label, [cells[number] for number in shown], row.counted)

    if len(breakdown.rows) <= count:
        return BreakdownTop(breakdown, [narrowed(row) for row in breakdown.rows], ranked=False)
    counted = [(position, row) for position, row in enumerate(breakdown.rows) if row.counted]
    counted.sort(key=lambda item: (-item[1].counted, item[0]))
    return BreakdownTop(breakdown, [narrowed(row) for _position, row in counted[:count]], ranked=True)


def figure_keys() -> list[str]:
    return [figure.key for figure in declared_figures()]


def money_keys() -> set[str]:
    return {figure.key for figure in declared_figures() if figure.money}


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
        return breakdown_columns()

    @property
    def key_columns(self) -> list[Column]:
        """The breakdowns' columns the summary's page shows."""
        return [column for column in self.breakdown_columns if column.key_figure]

    @property
    def breakdown_tops(self) -> list[BreakdownTop]:
        columns = self.breakdown_columns
        return [breakdown_top(breakdown, columns) for breakdown in self.breakdowns]

    def breakdown(self, slug: str) -> Breakdown | None:
        return next((breakdown for breakdown in self.breakdowns if breakdown.slug == slug), None)


def in_range(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lte": period.end})


def count_of(ids: QuerySet, distinct: bool) -> Count:
    """How many of the rows are the records whose ids `ids` gives."""
    return Count("pk", filter=Q(pk__in=ids), distinct=distinct)


CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return (value or Decimal(0)).quantize(CENT)


TOTALS = "totals"
BREAKDOWN_GROUPS = tuple(kind.group for kind in BREAKDOWNS)
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


def _not_counted(figure: FigureDeclaration) -> NotCounted:
    if figure.money:
        return NotCounted(DecimalField(max_digits=14, decimal_places=2))
    return NotCounted(IntegerField())


def _figure_rows(
    rows: QuerySet, breakdown: str, group, counts: dict, figures: list[FigureDeclaration]
) -> QuerySet:
    """The rows' aggregates by `group`, in the columns every part of the figures' UNION has."""
    keys = [figure.key for figure in figures]
    values = {
        figure.key: counts[figure.key] if figure.key in counts else _not_counted(figure) for figure in figures
    }
    return (
        rows.order_by()
        .values(breakdown=Value(breakdown), group_id=group)
        .annotate(**values)
        .values("breakdown", "group_id", *keys)
    )


class SummaryQueries:
    """The querysets behind the figures: the registers' sources, put together."""

    def __init__(self, period: Period) -> None:
        self.period = period

    def decided_in_range(self, changes: QuerySet) -> QuerySet:
        """The timeline rows whose decision (or, without a decision date, whose day) is in the range."""
        return changes.decided_between(self.period.start, self.period.end).order_by()

    def sources(self, grouped: bool) -> list[Source]:
        """Each register's counted rows, the path from them to the record, and what they count."""
        return [source for part in summary_parts() for source in part.sources(self, grouped)]

    def figures(self) -> QuerySet:
        """The totals and every breakdown in one UNION ALL: rows of `breakdown`, `group_id` (the
        priority, unit or SDG; empty in the totals) and every figure, each counted by one register.
        """
        figures = declared_figures()
        parts = [
            _figure_rows(rows, TOTALS, NotCounted(IntegerField()), counts, figures)
            for rows, _path, counts in self.sources(grouped=False)
        ]
        sources = self.sources(grouped=True)
        for breakdown in BREAKDOWN_GROUPS:
            for rows, path, counts in sources:
                if breakdown in LISTED_GROUPS:
                    rows = rows.filter(_counted_by_any(counts))
                parts.append(_figure_rows(rows, breakdown, F(path + breakdown), counts, figures))
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


def _rows(groups, values: dict, columns: list[Column], money: set[str]) -> list[BreakdownRow]:
    rows = []
    for key, label in groups:
        counts = values.get(key, {})
        rows.append(
            BreakdownRow(
                label,
                [_money(counts.get(c.key)) if c.key in money else counts.get(c.key) or 0 for c in columns],
            )
        )
    return rows


SUMMARY_CACHE_SECONDS = 5 * 60
SUMMARY_SHAPE = 2


def summary_cache_key(period: Period) -> str:
    """The key of the range's summary, and of what is made from it (its page and files).

    Keyed by the day too, as the breakdowns follow the strategy period current today, and by
    `SUMMARY_SHAPE`, which changes with what the cache keeps (the dataclasses and the page's tables),
    so that a new release never reads what an older one kept.
    """
    today = timezone.localdate()
    return f"summary:{SUMMARY_SHAPE}:{data_version()}:{period.start}:{period.end}:{get_language()}:{today}"


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
    totals = dict.fromkeys(figure_keys()) | figures[TOTALS][None]  # an empty sum is left out
    sections = [
        Section(
            part.title,
            [
                Figure(
                    figure.key,
                    figure.label,
                    _money(totals[figure.key]) if figure.money else totals[figure.key],
                    figure.explanation,
                )
                for figure in part.figures
            ],
        )
        for part in summary_parts()
    ]
    return Summary(period, sections, _breakdowns(figures))


def _breakdowns(figures: dict[str, dict]) -> list[Breakdown]:
    groups = _breakdown_groups(unit_ids=list(figures["owner_unit"]))
    units = sorted(((unit.pk, unit.name) for unit in groups["owner_unit"]), key=lambda unit: unit[1])
    named = {
        "priorities": [(priority.pk, priority.name) for priority in groups["priorities"]],
        "owner_unit": units,
        "sdgs": [(sdg.pk, str(sdg)) for sdg in groups["sdgs"]],
    }
    columns, money = breakdown_columns(), money_keys()
    return [
        Breakdown(kind.slug, kind.title, _rows(named[kind.group], figures[kind.group], columns, money))
        for kind in BREAKDOWNS
    ]
