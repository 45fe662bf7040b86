"""A list endpoint as CSV (`?format=csv` or `Accept: text/csv`): the whole filtered, sorted
list in one answer, streamed, so that a spreadsheet or Power BI reads a register from one URL.

The columns are the JSON answer's fields, named as there; a related record is written by its
name, several as "a; b". Cells are written as the portal's exports write them (UTF-8 with a byte
order mark, text that a spreadsheet would run as a formula neutralised, money and numbers as
numbers, dates in ISO 8601, times on the city's clock to the minute).

On PostgreSQL the database writes each stored value's cell, as it does for the portal's own
exports (`records/export/sql.py`), and Python only joins a row's cells and adds the related
records' names, read once a batch; elsewhere the rows are read by `reading.ListReader` and their
cells written in Python. Both write the same file (`tests/api/test_csv.py`).
"""

import datetime
from collections.abc import Iterator
from itertools import islice

from django.db import connection, models
from django.db.models import Case, F, Func, Value, When
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.renderers import BaseRenderer

from helsinki_intl.records.export import sql
from helsinki_intl.records.export.cells import safe_text
from helsinki_intl.records.export.columns import CHUNK_SIZE
from helsinki_intl.records.export.writers import FORMATS, csv_chunks, csv_header, csv_line_chunks

from .reading import Column, ListReader, RelatedNames, kept_names, many_keys


class CSVRenderer(BaseRenderer):
    """Names the format for content negotiation; a list is streamed by `csv_response`, and what
    else is rendered as CSV (a record, an error) is one row under its fields' names. An answer
    without data (a 304) has no body, as HTTP wants of it."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if not isinstance(data, dict):
            data = {"detail": data}
        rows = [[_flat(value) for value in data.values()]]
        return (csv_header(list(data)) + "".join(csv_chunks(rows))).encode()


def _flat(value):
    if isinstance(value, dict):
        return value.get("name", "")
    if isinstance(value, list):
        return "; ".join(str(_flat(item)) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


_TEXT = models.TextField()


def _python_value(column: Column, value):
    """The value as `cells.csv_cell` writes it."""
    if column.many:
        return "; ".join(name for _key, name in value)
    if value is None:
        return None
    if column.related is not None:
        return value[1]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    return value


def python_rows(reader: ListReader, queryset: models.QuerySet) -> Iterator[list]:
    for batch in reader.batches(queryset, CHUNK_SIZE):
        for values in batch.values():
            yield [_python_value(column, value) for column, value in zip(reader.columns, values, strict=True)]


def _sql_cell(column: Column):
    """The stored value's CSV cell as PostgreSQL writes it, or sql.Untranslatable."""
    field = column.model_field
    value = F(column.path)
    if field is None or isinstance(field, models.IntegerField | models.DecimalField):
        return sql.plain_cell(value)
    if isinstance(field, models.BooleanField):
        yes = When(**{column.path: True}, then=Value("true"))
        no = When(**{column.path: False}, then=Value("false"))
        return Case(yes, no, default=Value(""), output_field=_TEXT)
    if isinstance(field, models.DateTimeField):
        # On the city's clock, to the minute, as `cells.wall_clock` writes it.
        zone = Value(timezone.get_current_timezone_name())
        on_the_clock = Func(zone, value, function="timezone", output_field=_TEXT)
        minutes = Func(on_the_clock, Value("YYYY-MM-DD HH24:MI"), function="to_char", output_field=_TEXT)
        return sql.plain_cell(minutes)
    if isinstance(field, models.DateField):
        return sql.SqlColumn(value, sql.DATE).csv_cell()
    if isinstance(field, models.CharField | models.TextField):
        return sql.text_cell(value)
    raise sql.Untranslatable(column.name)


def _name_cell(name: str) -> str:
    return sql.csv_quoted(safe_text(name))


class SqlLines:
    """The list's CSV lines with the stored values' cells written by PostgreSQL."""

    def __init__(self, reader: ListReader, queryset: models.QuerySet) -> None:
        self.reader = reader
        cells = {}
        paths = []
        for number, column in enumerate(reader.columns):
            key = f"api_cell_{number}"
            if column.many:
                cells[key] = many_keys(column)
                paths.append(key)
            elif column.related is not None:
                paths.append(column.path)
            else:
                cells[key] = _sql_cell(column)
                paths.append(key)
        self.rows = queryset.select_related(None).prefetch_related(None).annotate(**cells).values_list(*paths)

    def lines(self) -> Iterator[str]:
        rows = self.rows.iterator(chunk_size=CHUNK_SIZE)
        related = [(index, column.related, column.many) for index, column in enumerate(self.reader.columns)]
        related = [(index, model, many) for index, model, many in related if model is not None]
        names = RelatedNames(kept_names())
        # Rows share their related records (a unit, a set of priorities): each cell is made once.
        made = [(index, model, many, {}) for index, model, many in related]
        while chunk := list(islice(rows, CHUNK_SIZE)):
            for index, model, many in related:
                if many:
                    names.want_in_order(model)
                    names.want(model, {key for row in chunk for key in row[index]})
                else:
                    names.want(model, {row[index] for row in chunk})
            names.read()
            for row in chunk:
                cells = list(row)
                for index, model, many, cell_of in made:
                    value = tuple(row[index]) if many else row[index]
                    cell = cell_of.get(value)
                    if cell is None:
                        cell = cell_of[value] = _related_cell(names, model, many, value)
                    cells[index] = cell
                yield ",".join(cells)


def _related_cell(names: RelatedNames, model: type[models.Model], many: bool, value) -> str:
    if many:
        return _name_cell("; ".join(names.name(model, key) for key in names.in_order(model, value)))
    return "" if value is None else _name_cell(names.name(model, value))


def sql_lines(reader: ListReader, queryset: models.QuerySet) -> SqlLines | None:
    """The list's SQL-written CSV lines, or None where Python must write them."""
    if connection.vendor != "postgresql":
        return None
    try:
        return SqlLines(reader, queryset)
    except sql.Untranslatable:
        return None


def csv_response(reader: ListReader, queryset: models.QuerySet, *, filename: str) -> StreamingHttpResponse:
    """The rows of `queryset` in the reader's columns (those of the serializer made for the reader)."""
    lines = sql_lines(reader, queryset)

    def stream():
        yield csv_header([column.name for column in reader.columns])
        if lines is None:
            yield from csv_chunks(python_rows(reader, queryset))
        else:
            yield from csv_line_chunks(lines.lines())

    response = StreamingHttpResponse(stream(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
