"""A list endpoint as CSV (`?format=csv` or `Accept: text/csv`): the whole filtered, sorted
list in one answer, streamed, so that a spreadsheet or Power BI reads a register from one URL.

The columns are the JSON answer's fields, named as there; a related record is written by its
name, several as "a; b". Cells are written as the portal's exports write them (UTF-8 with a byte
order mark, text that a spreadsheet would run as a formula neutralised, money and numbers as
numbers, dates in ISO 8601)."""

import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework import relations
from rest_framework.renderers import BaseRenderer

from helsinki_intl.records.export.columns import CHUNK_SIZE
from helsinki_intl.records.export.writers import FORMATS, csv_chunks, csv_header


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


def _cell(field, record):
    if isinstance(field, relations.ManyRelatedField):
        return "; ".join(str(related) for related in field.get_attribute(record))
    value = field.get_attribute(record)
    if value is None:
        return None
    if isinstance(field, relations.RelatedField):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    return value


def csv_response(serializer, queryset, *, filename: str) -> StreamingHttpResponse:
    """The rows of `queryset` in the columns the serializer (made for the reader) writes."""
    fields = list(serializer.fields.values())

    def rows():
        for record in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield [_cell(field, record) for field in fields]

    def stream():
        yield csv_header([field.field_name for field in fields])
        yield from csv_chunks(rows())

    response = StreamingHttpResponse(stream(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
