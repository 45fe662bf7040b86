"""An export as an HTTP response, and the audit log line every export leaves."""

import logging
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst

from helsinki_intl.logs import audit_facts

from .columns import ListExport
from .sql import export_rows, sql_csv
from .writers import FORMATS, csv_chunks, csv_header, csv_line_chunks, write_xlsx

audit_log = logging.getLogger("helsinki_intl.audit")


def log_export(
    export: ListExport, *, file_format: str, who: str, filters: str, rows: int, complete: bool
) -> None:
    audit_log.info(
        "export list=%s format=%s user=%s filters=%r rows=%d personal_data=%s complete=%s",
        export.name,
        file_format,
        who,
        filters,
        rows,
        export.personal_data,
        complete,
        extra=audit_facts(
            "export",
            list=export.name,
            format=file_format,
            username=who,
            filters=filters,
            rows=rows,
            personal_data=export.personal_data,
            complete=complete,
        ),
    )


def file_name(export: ListExport, file_format: str) -> str:
    return f"{export.name}-{timezone.localdate().isoformat()}.{file_format}"


def sheet_title(export: ListExport) -> str:
    return str(capfirst(export.resource.list_model()._meta.verbose_name_plural))


def export_response(export: ListExport, file_format: str, *, who: str, filters: str):
    """The export as a download: CSV streamed as it is written, Excel from a temporary file."""
    if file_format == "csv":
        response = StreamingHttpResponse(
            _audited_csv(export, who=who, filters=filters), content_type=FORMATS["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{file_name(export, "csv")}"'
        return response
    if file_format == "xlsx":
        file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
        try:
            rows = write_xlsx(file, export.headers(), export_rows(export), title=sheet_title(export))
        except BaseException:
            file.close()
            raise
        file.seek(0)
        log_export(export, file_format="xlsx", who=who, filters=filters, rows=rows, complete=True)
        return FileResponse(
            file, as_attachment=True, filename=file_name(export, "xlsx"), content_type=FORMATS["xlsx"]
        )
    raise ValueError(f"Unknown export format {file_format!r}")


def _audited_csv(export: ListExport, *, who: str, filters: str) -> Iterator[str]:
    """The CSV stream, logged when it ends or is cut short.

    The header is sent first, before any row is read. The rows are written after the view has
    returned, perhaps in another thread, so each row is made in the request's language again.
    On PostgreSQL the database writes the cells (`sql`) where it can.
    """
    language = translation.get_language()
    headers = export.headers()
    rows = 0

    def counted(lines):
        nonlocal rows
        for line in lines:
            rows += 1
            yield line

    def rows_in_language():
        nonlocal rows
        remaining = export.rows()
        while True:
            with translation.override(language):
                row = next(remaining, None)
            if row is None:
                return
            rows += 1
            yield row

    complete = False
    try:
        # The header goes out before the first query: the first byte does not wait for the
        # database to sort the list.
        yield csv_header(headers)
        with translation.override(language):
            database_csv = sql_csv(export)
        if database_csv is not None:
            yield from csv_line_chunks(counted(database_csv.lines()))
        else:
            yield from csv_chunks(rows_in_language())
        complete = True
    finally:
        log_export(export, file_format="csv", who=who, filters=filters, rows=rows, complete=complete)
