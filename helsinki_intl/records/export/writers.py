"""The export formats: a CSV stream and an Excel workbook written in flat memory.

CSV: UTF-8 with a byte order mark, so that Excel reads ä and ö right; commas between cells and
quotes where a cell needs them (RFC 4180), which every spreadsheet and program reads whatever
its locale. Excel: one sheet written in openpyxl's write-only mode, which keeps only the row
being written in memory; the file is built before it is sent, since a zip archive is finished
only at its end.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .cells import csv_cell, safe_text, xlsx_cell

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
    """Writes the workbook to `file` (a binary file object); returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_NOT_IN_SHEET_TITLE.sub("", title)[:31] or "Sheet")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
        count += 1
    workbook.save(file)
    return count
