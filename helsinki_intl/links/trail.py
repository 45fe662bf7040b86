"""A record's trail, year by year: what it cost and what came of it, from its own register and
from the records of other registers that link to it (the applications that came through a
membership, the EU grants they won, the event bids).

A register says what it adds to the trails of the records its records link to with a `TrailPart`
(the `trail` of its `Register`): its columns, and the items of its records linked to the trail's
record. The links are read once for all the parts, and a part with no records linked reads
nothing: a query, and one a part with records, however many there are. The record's own register
gives its own columns and items (a membership's fees, roles and goals' outcomes) and builds the
trail with `trail_of`, which loops over the registers' parts; no register imports another.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps

from helsinki_intl.records.registers import registers

from .models import RecordLink, type_of

YEARS_SHOWN = 6
"""The latest years of the record's own span the trail shows, besides any year with items."""


@dataclass(frozen=True)
class TrailColumn:
    key: str
    label: str


@dataclass(frozen=True)
class TrailItem:
    """One thing of a year in one column: a fee, a role, an application, a grant."""

    year: int
    column: str
    """The key of its `TrailColumn`."""
    text: str
    url: str = ""
    amount: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class TrailPart:
    """What a register's records of one model add to the trails of the records they link to."""

    source: str
    """The linking records' model, "app_label.model_name"."""
    columns: tuple[TrailColumn, ...]
    items: Callable[[list[int]], list[TrailItem]]
    """(keys of its records linked to the trail's record) -> their items, in a query or two."""


@dataclass
class TrailYear:
    year: int
    cells: list[list[TrailItem]] = field(default_factory=list)
    """The items of each column, in the trail's column order."""


@dataclass
class Trail:
    columns: list[TrailColumn]
    years: list[TrailYear]

    def __bool__(self) -> bool:
        return bool(self.years)


def contributed_parts() -> list[TrailPart]:
    return [register.trail for register in registers if register.trail is not None]


def trail_of(
    *, own_columns: list[TrailColumn], own_items: list[TrailItem], targets: list, span: tuple[int, int] | None
) -> Trail:
    """The trail of `targets` (the record, or it and its own rows that are linked to): the own
    columns, then each register's, in the registers' order; the years with any item and the
    latest `YEARS_SHOWN` of `span` (first year, last year), newest first."""
    columns = list(own_columns)
    items = list(own_items)
    parts = contributed_parts()
    linked = defaultdict(list)
    if parts:
        links = RecordLink.objects.to_records(targets).values_list("source_type_id", "source_id")
        for source_type, source_id in links:
            linked[source_type].append(source_id)
    for part in parts:
        columns += part.columns
        keys = linked.get(type_of(apps.get_model(part.source)).pk)
        if keys:
            items += part.items(keys)
    years = {item.year for item in items}
    if span is not None:
        first, last = span
        years |= set(range(max(first, last - YEARS_SHOWN + 1), last + 1))
    by_year = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_year[item.year][item.column].append(item)
    rows = [
        TrailYear(year, [by_year[year][column.key] for column in columns])
        for year in sorted(years, reverse=True)
    ]
    return Trail(columns, rows)
