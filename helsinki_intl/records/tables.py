"""A register's list as one table: the columns its page shows, the sorts it offers and the columns
of its export, declared once (in the register's `tables.py`), so that a new column appears in all
three at once.

A `Column` names the value (an attribute path, as the export reads it) and what kind of value it
is; the kind writes both the export's column and the page's cell. A column may be the export's
only (no `header`), and a sort may be offered by a column the page does not show (`sort` without
`header`). The export's header is the model field's name, which the register's import reads back;
the page's header may be shorter.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters import OrderingFilter
from import_export import fields

from .dates import short_date
from .export import columns as export
from .filters import StableOrderingFilter
from .money import format_euros

EMPTY = "—"


def _date_cell(value) -> str:
    return short_date(value) if value else EMPTY


def _text_cell(value) -> str:
    return EMPTY if value in (None, "") else str(value)


def _names_cell(value) -> str:
    names = [str(related) for related in value.all()] if value is not None else []
    return ", ".join(names) or EMPTY


@dataclass(frozen=True)
class Kind:
    """How a kind of value is exported and shown: the export's field, and the page's cell."""

    field: Callable[[str, str], fields.Field]
    cell: Callable[[object], str]
    numeric: bool = False


TEXT = Kind(export.text, _text_cell)
DATE = Kind(export.date, _date_cell)
MONEY = Kind(export.money, format_euros, numeric=True)
NUMBER = Kind(export.number, _text_cell, numeric=True)
NAMES = Kind(export.names, _names_cell)
PERSON = Kind(export.person, _text_cell)
YES_NO = Kind(export.yes_no, lambda value: EMPTY if value is None else str(_("Yes") if value else _("No")))


@dataclass(frozen=True)
class Column:
    """One column of a list: the export's column, and where the page shows it, its header, cell
    and sort."""

    name: str
    """The export's field name, e.g. "annual_fee"."""
    attribute: str
    """What the column reads from a record: "annual_fee", "network__name", "get_status_display"."""
    label: str
    """The export's header: the model field's name, as the import reads it back."""
    kind: Kind = TEXT
    header: str | None = None
    """The page's header; None: the column is the export's only."""
    cell: Callable[[models.Model], str] | None = None
    """The page's cell, as HTML; by default the value, written as its kind writes it."""
    sort: str | None = None
    """The sort's key in the address (`?sort=fee`); None: the list is not sorted by the column."""
    order_by: str | None = None
    """What the sort orders by; the attribute by default."""
    sort_label: str | None = None
    """The sort option's name, where the page does not show the column."""
    export_field: fields.Field | None = None
    """A field of the export's own (a value a method of the resource writes)."""
    numeric: bool | None = None
    """Whether the page aligns the cell as a number; as its kind does by default."""

    @classmethod
    def of(cls, model: type[models.Model], name: str, attribute: str | None = None, **options) -> "Column":
        """A column of a model field, headed in the export by the field's name."""
        return cls(name, attribute or name, export.label(model, name), **options)

    def field(self) -> fields.Field:
        """The export's column."""
        return self.export_field or self.kind.field(self.attribute, self.label)

    @cached_property
    def _reader(self) -> fields.Field:
        return self.field()

    def value(self, record):
        return self._reader.get_value(record)

    def render(self, record) -> str:
        if self.cell is not None:
            return self.cell(record)
        return self.kind.cell(self.value(record))

    @property
    def is_shown(self) -> bool:
        return self.header is not None

    @property
    def is_numeric(self) -> bool:
        return self.kind.numeric if self.numeric is None else self.numeric


@dataclass(frozen=True)
class Cell:
    html: str
    numeric: bool
    header: str
    """The column's header, which a narrow screen shows beside the value."""


class Table:
    """The columns of one list, in the order the page and the export show them."""

    def __init__(self, *columns: Column) -> None:
        self.columns = columns

    @property
    def shown(self) -> list[Column]:
        return [column for column in self.columns if column.is_shown]

    def cells(self, record) -> list[Cell]:
        """The record's row on the page."""
        return [Cell(column.render(record), column.is_numeric, column.header) for column in self.shown]

    def export_fields(self) -> dict[str, fields.Field]:
        return {column.name: column.field() for column in self.columns}

    def sorts(self) -> list[tuple[str, str, str]]:
        """(what it orders by, key in the address, label) of each sort the list offers."""
        return [
            (column.order_by or column.attribute, column.sort, column.sort_label or column.header)
            for column in self.columns
            if column.sort
        ]

    def ordering_filter(self, filter_class: type[OrderingFilter] = StableOrderingFilter) -> OrderingFilter:
        """The list's "Sort by" filter, offering the table's sorts."""
        sorts = self.sorts()
        return filter_class(
            label=_("Sort by"),
            fields=tuple((order_by, key) for order_by, key, _label in sorts),
            field_labels={order_by: label for order_by, _key, label in sorts},
        )


def link(attribute: str = "__str__") -> Callable[[models.Model], str]:
    """A cell linking to the record's page, named by the attribute (the record itself by default)."""

    def cell(record) -> str:
        name = record if attribute == "__str__" else fields.Field(attribute=attribute).get_value(record)
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), name)

    return cell


def tag(value: str, label) -> str:
    """A design-system tag, coloured by `value`, as `includes/status_tag.html` writes it."""
    return format_html('<span class="hds-tag status-tag--{}">{}</span>', value, label)


def status(record) -> str:
    return tag(record.status, record.get_status_display())


def review_due(record) -> str:
    """The next review's date, marked overdue when it has passed."""
    if not record.next_review_due:
        return EMPTY
    overdue = format_html(" {}", tag("overdue", _("Overdue"))) if record.is_review_overdue() else ""
    return format_html("{}{}", _date_cell(record.next_review_due), overdue)


# The columns every register's record has ------------------------------------------------------


OWNER_UNIT = _("Owner unit")


def owner_unit_column(
    model: type[models.Model], header=OWNER_UNIT, sort: str | None = "owner_unit"
) -> Column:
    """The owner unit, sorted by its name in the active language."""
    return Column.of(
        model, "owner_unit", "owner_unit__name", header=header, sort=sort, order_by="owner_unit__name_fi"
    )


def status_column(model: type[models.Model]) -> Column:
    return Column.of(
        model,
        "status",
        "get_status_display",
        header=_("Status"),
        cell=status,
        sort="status",
        order_by="status",
    )


def next_review_column(model: type[models.Model]) -> Column:
    return Column.of(
        model, "next_review_due", kind=DATE, header=_("Next review"), cell=review_due, sort="review"
    )
