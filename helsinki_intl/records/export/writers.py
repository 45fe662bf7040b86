"""The export formats: a CSV stream and an Excel workbook written in flat memory.

CSV: UTF-8 with a byte order mark, so that Excel reads ä and ö right; commas between cells and
quotes where a cell needs them (RFC 4180), which every spreadsheet and program reads whatever
its locale. Excel: one sheet written by XlsxWriter in its constant-memory mode, which keeps only
the row being written in memory (and writes a long list in about half the time openpyxl takes);
the file is built before it is sent, since a zip archive is finished only at its end.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

import xlsxwriter

from .cells import DATE_FORMAT, DATETIME_FORMAT, MONEY_FORMAT, XLSX_MAX_TEXT, csv_cell, safe_text, wall_clock

ROWS_PER_CHUNK = 500
"""Rows of CSV sent at a time."""

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_header(headers: list[str]) -> str:
    """The byte order mark and the header row: sent at once, before any row is read."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow([safe_text(header) for header in headers])
    return buffer.getvalue()


def csv_chunks(rows: Iterable[list]) -> Iterator[str]:
    """The rows as CSV text, `ROWS_PER_CHUNK` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if last := buffer.getvalue():
        yield last


def csv_line_chunks(lines: Iterable[str]) -> Iterator[str]:
    """As `csv_chunks`, from rows already written as CSV lines (`sql.SqlCsv.lines()`)."""
    chunk = []
    for line in lines:
        chunk.append(line + "\r\n")
        if len(chunk) == ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def csv_stream(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV file: the header, then the rows in chunks."""
    yield csv_header(headers)
    yield from csv_chunks(rows)


def csv_line_stream(headers: list[str], lines: Iterable[str]) -> Iterator[str]:
    """As `csv_stream`, from rows already written as CSV lines."""
    yield csv_header(headers)
    yield from csv_line_chunks(lines)


_NOT_IN_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")


def write_xlsx(file, headers: list[str], rows: Iterable[list], *, title: str) -> int:
    """Writes the workbook to `file` (a binary file object); returns the number of rows.

    Values are written as `cells.xlsx_cell` gives them to openpyxl: numbers as numbers (money
    and dates with their number format), text made harmless and never read as a formula.
    """
    workbook = xlsxwriter.Workbook(file, {"constant_memory": True})
    sheet = workbook.add_worksheet(_NOT_IN_SHEET_TITLE.sub("", title)[:31] or "Sheet")
    sheet.freeze_panes(1, 0)
    bold = workbook.add_format({"bold": True})
    formats = {
        "money": workbook.add_format({"num_format": MONEY_FORMAT}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
    }
    for column, header in enumerate(headers):
        sheet.write_string(0, column, safe_text(header), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write_cell(sheet, count, column, value, formats)
    workbook.close()
    return count


def _write_cell(sheet, row: int, column: int, value, formats: dict) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        raise TypeError("A yes/no column renders its own text.")
    if isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, Decimal):
        sheet.write_number(row, column, float(value), formats["money"])
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, wall_clock(value), formats["datetime"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif text := safe_text(value)[:XLSX_MAX_TEXT]:
        sheet.write_string(row, column, text)
