"""The export's cells computed by PostgreSQL, for exports too long for a model instance per row.

Building a model instance and asking each column for its value costs far more than the
database's own work (a 30,000-row list took about 40 times PostgreSQL's `COPY` of the same
rows as CSV, and most of a minute as an Excel file). On PostgreSQL each cell is instead computed
in the SELECT: choice labels and names in the active language, numbers and dates as they are.
For the CSV file (`SqlCsv`) the database writes each cell in its CSV form, text made harmless
as `cells.safe_text` makes it and quoted as `csv.writer` quotes it, and Python only joins the
cells of a row; for the Excel file (`SqlRows`) it gives the values that `ListExport.rows()`
would, which the workbook's writer makes harmless as it does any row. Related names
("a; b; c") come with each row as an array of keys, and the related records' names are read
once.

A column this module cannot compute in SQL (a value a method computes in Python) makes the
whole export use the model path (`ListExport.rows()`); so does any other database.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Case, F, Func, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.utils.translation import get_language
from import_export import widgets

from helsinki_intl.records.multilingual import TranslatedName

from . import columns
from .cells import safe_text

_TEXT = models.TextField()
_MONEY = models.DecimalField(max_digits=16, decimal_places=2)
_CONTROL_CHARACTERS = "[\x01-\x08\x0b\x0c\x0e-\x1f]"
"""As `cells._CONTROL_CHARACTERS`; PostgreSQL text holds no NUL."""
_FORMULA_START = "^([-=+@\t\r])"
_NEEDS_QUOTES = '^(.*[",\r\n].*)$'
"""csv.writer quotes a cell that holds a comma, a quote or a line break (PostgreSQL's `.` matches all)."""
_NEEDS_WORK = f'{_FORMULA_START}|{_CONTROL_CHARACTERS}|[",\r\n]'
"""A text that `harmless` or `quoted` would change: any other is its own cell."""


class Untranslatable(Exception):
    """A column whose value is computed in Python."""


def _regexp_replace(expression, pattern: str, replacement: str, flags: str = "") -> Func:
    arguments = [expression, Value(pattern), Value(replacement)] + ([Value(flags)] if flags else [])
    return Func(*arguments, function="regexp_replace", output_field=_TEXT)


def quoted(expression) -> Func:
    """The text as one CSV cell: quotes doubled, and the cell quoted when it needs it."""
    doubled = Func(expression, Value('"'), Value('""'), function="replace", output_field=_TEXT)
    return _regexp_replace(doubled, _NEEDS_QUOTES, '"\\1"')


def harmless(expression) -> Func:
    """As `cells.safe_text`: control characters dropped, then a formula's start made text."""
    cleaned = _regexp_replace(Cast(expression, _TEXT), _CONTROL_CHARACTERS, "", "g")
    return _regexp_replace(cleaned, _FORMULA_START, "'\\1")


def text_cell(expression) -> Case:
    """The text as a harmless CSV cell; most texts need nothing, and one test of them is cheaper
    than the three replacements that the others take."""
    text = Cast(expression, _TEXT)
    needs_work = Func(
        text,
        Value(_NEEDS_WORK),
        template="(%(expressions)s)",
        arg_joiner=" ~ ",
        output_field=models.BooleanField(),
    )
    return Case(
        When(needs_work, then=quoted(harmless(text))),
        default=Coalesce(text, Value("")),
        output_field=_TEXT,
    )


def plain_cell(expression) -> Coalesce:
    """A number or a date: nothing in it to neutralise or to quote."""
    return Coalesce(Cast(expression, _TEXT), Value(""), output_field=_TEXT)


def translated_name(prefix: str) -> Coalesce:
    """`TranslatedName.name`: the name in the active language, or the Finnish one."""
    language = (get_language() or "fi")[:2]
    return Coalesce(
        NullIf(F(f"{prefix}name_{language}"), Value("")), F(f"{prefix}name_fi"), output_field=_TEXT
    )


def choice_label(field: models.Field, path: str) -> Case:
    """`get_<field>_display()`: the label in the active language, or the stored value."""
    whens = [When(**{path: value}, then=Value(str(label))) for value, label in field.flatchoices]
    return Case(*whens, default=Cast(F(path), _TEXT), output_field=_TEXT)


def person_name(path: str) -> Concat:
    """`columns.PersonWidget`: "full name or user name <e-mail or user name>"."""
    full_name = Trim(
        Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name"), output_field=_TEXT)
    )
    name = Coalesce(NullIf(full_name, Value("")), F(f"{path}__username"), output_field=_TEXT)
    address = Coalesce(NullIf(F(f"{path}__email"), Value("")), F(f"{path}__username"), output_field=_TEXT)
    return Concat(name, Value(" <"), address, Value(">"), output_field=_TEXT)


def _resolve(model: type[models.Model], attribute: str) -> tuple[type[models.Model], str, str]:
    """(the model the last part is on, the path to that model, the last part)."""
    *relations, last = attribute.split("__")
    for name in relations:
        field = model._meta.get_field(name)
        if not field.many_to_one and not field.one_to_one:
            raise Untranslatable(attribute)
        model = field.related_model
    prefix = "".join(f"{name}__" for name in relations)
    return model, prefix, last


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a property or a method
        return None


def _is_date(queryset: models.QuerySet, attribute: str) -> bool:
    if attribute in queryset.query.annotations:
        return False
    model, _, last = _resolve(queryset.model, attribute)
    field = _field(model, last)
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def value_expression(queryset: models.QuerySet, attribute: str):
    """The column's value as the model path reads it, or Untranslatable."""
    if attribute in queryset.query.annotations:
        return F(attribute)
    model, prefix, last = _resolve(queryset.model, attribute)
    if last.startswith("get_") and last.endswith("_display"):
        field = _field(model, last.removeprefix("get_").removesuffix("_display"))
        if field is not None and field.choices:
            return choice_label(field, f"{prefix}{field.name}")
        raise Untranslatable(attribute)
    if last == "name" and issubclass(model, TranslatedName):
        return translated_name(prefix)
    field = _field(model, last)
    if field is None or field.is_relation:
        raise Untranslatable(attribute)
    return F(f"{prefix}{last}")


TEXT, NUMBER, DATE = "text", "number", "date"


@dataclass
class SqlColumn:
    """One column's value as a database expression, and what kind of value it is."""

    value: object
    kind: str

    def csv_cell(self):
        """The cell as CSV text, as `cells.csv_cell` writes the value."""
        if self.kind == TEXT:
            return text_cell(self.value)
        if self.kind == DATE:
            return plain_cell(Func(self.value, Value("YYYY-MM-DD"), function="to_char", output_field=_TEXT))
        return plain_cell(self.value)

    def plain_value(self):
        """The value as the model path gives it: text ("" for none), a number or a date."""
        if self.kind == TEXT:
            return Coalesce(Cast(self.value, _TEXT), Value(""), output_field=_TEXT)
        return self.value


def sql_column(resource, field, queryset: models.QuerySet) -> SqlColumn | None:
    """One column's value (None for a names column, fetched per chunk), or Untranslatable."""
    override = resource.sql_cell(resource.get_field_name(field))
    if override is not None:
        return SqlColumn(override, TEXT)
    widget = field.widget
    attribute = field.attribute
    if not attribute:
        raise Untranslatable(resource.get_field_name(field))
    if isinstance(widget, columns.NamesWidget):
        return None
    if isinstance(widget, columns.PersonWidget):
        _resolve(queryset.model, f"{attribute}__username")
        return SqlColumn(person_name(attribute), TEXT)
    if isinstance(widget, columns.YesNoWidget):
        value_expression(queryset, attribute)
        yes, no = (str(widget.render(value)) for value in (True, False))
        label = Case(
            When(Q(**{attribute: True}), then=Value(yes)),
            When(Q(**{attribute: False}), then=Value(no)),
            output_field=_TEXT,
        )
        return SqlColumn(label, TEXT)
    value = value_expression(queryset, attribute)
    if isinstance(widget, columns.MoneyWidget):
        rounded = Func(value, template="round((%(expressions)s)::numeric, 2)", output_field=_MONEY)
        return SqlColumn(rounded, NUMBER)
    if isinstance(widget, widgets.NumberWidget):
        return SqlColumn(value, NUMBER)
    if isinstance(widget, widgets.DateWidget):
        # A date and time is written as the wall clock of a zone that Python picks.
        if not _is_date(queryset, attribute):
            raise Untranslatable(attribute)
        return SqlColumn(value, DATE)
    if type(widget) is widgets.Widget:
        return SqlColumn(value, TEXT)
    raise Untranslatable(attribute)


def csv_quoted(text: str) -> str:
    """As `csv.writer` quotes a cell (in Python, for the names columns)."""
    if any(character in text for character in ',"\r\n'):
        doubled = text.replace('"', '""')
        return f'"{doubled}"'
    return text


class NamesColumn:
    """A many-to-many column as "a; b; c": `str()` of the related records, in their model's order.

    Each row brings the keys of its related records as an array (`ARRAY(SELECT ...)`, an index
    lookup per row); the related records (reference data: units, priorities, SDGs) are read
    once, and each set of keys is turned into its text once, however many rows share it.
    """

    def __init__(self, model: type[models.Model], attribute: str) -> None:
        from django.contrib.postgres.expressions import ArraySubquery

        field = _field(model, attribute)
        if field is None or not field.many_to_many or field.auto_created:
            raise Untranslatable(attribute)
        through = field.remote_field.through
        links = through._default_manager.filter(**{field.m2m_field_name(): OuterRef("pk")}).order_by()
        self.keys = ArraySubquery(
            links.values(through._meta.get_field(field.m2m_reverse_field_name()).attname)
        )
        related = field.related_model._default_manager.order_by(*field.related_model._meta.ordering, "pk")
        self.rank: dict = {}
        self.label: dict = {}
        for rank, record in enumerate(related):
            self.rank[record.pk] = rank
            self.label[record.pk] = str(record)

    def text(self, keys: tuple) -> str:
        """The "a; b; c" of a row's related keys."""
        return "; ".join(self.label[pk] for pk in sorted(keys, key=self.rank.get))


class SqlRows:
    """The rows of a list export with their values computed by PostgreSQL, as `ListExport.rows()`
    gives them: text, numbers and dates, for `writers.write_xlsx`."""

    def __init__(self, export: "columns.ListExport") -> None:
        queryset = export.queryset
        self.model = queryset.model
        self.values: dict[str, object] = {}
        self.names: dict[str, NamesColumn] = {}
        self.order: list[str] = []
        for number, field in enumerate(export.columns):
            key = f"export_cell_{number}"
            column = sql_column(export.resource, field, queryset)
            if column is None:
                self.names[key] = NamesColumn(self.model, field.attribute)
                self.values[key] = self.names[key].keys
            else:
                self.values[key] = self.cell(column)
            self.order.append(key)
        self.queryset = queryset.annotate(**self.values)

    def cell(self, column: SqlColumn):
        return column.plain_value()

    def names_cell(self, text: str):
        return text

    def rows(self) -> Iterator[list]:
        """One list of cells per row, in the list's order."""
        rows = self.queryset.values_list(*self.order).iterator(chunk_size=columns.CHUNK_SIZE)
        names = [(index, self.names[key]) for index, key in enumerate(self.order) if key in self.names]
        # Rows share few sets of related records: each set's cell is made once.
        made: list[dict] = [{} for _ in names]
        for row in rows:
            cells = list(row)
            for (index, column), cache in zip(names, made, strict=True):
                keys = tuple(cells[index])
                cell = cache.get(keys)
                if cell is None:
                    cell = cache[keys] = self.names_cell(column.text(keys))
                cells[index] = cell
            yield cells


class SqlCsv(SqlRows):
    """The rows of a list export as CSV lines, their cells written by PostgreSQL."""

    def cell(self, column: SqlColumn):
        return column.csv_cell()

    def names_cell(self, text: str):
        return csv_quoted(safe_text(text))

    def lines(self) -> Iterator[str]:
        """One CSV line (without its line break) per row, in the list's order."""
        return (",".join(row) for row in self.rows())


def _on_postgresql(sql_class, export: "columns.ListExport"):
    if connection.vendor != "postgresql":
        return None
    try:
        return sql_class(export)
    except Untranslatable:
        return None


def sql_csv(export: "columns.ListExport") -> SqlCsv | None:
    """The export's SQL-written CSV, or None when the model path must write it."""
    return _on_postgresql(SqlCsv, export)


def export_rows(export: "columns.ListExport") -> Iterable[list]:
    """The export's rows: computed by the database where it can, else by the models."""
    database_rows = _on_postgresql(SqlRows, export)
    return export.rows() if database_rows is None else database_rows.rows()
