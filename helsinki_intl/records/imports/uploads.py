"""An uploaded spreadsheet checked by its content, then read into rows.

Nothing is unpacked or parsed before the cheap checks pass: the size, what the bytes are,
and for an XLSX (a zip) the entry count and uncompressed size from the zip directory. The
sheet's XML is then read once as a stream (defusedxml: no DTD, so no entity bombs and no
external entities) to bound what openpyxl will build before it builds it.
"""

import csv
import io
import itertools
import re
import zipfile

import openpyxl
import tablib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_XLSX_ENTRIES = 200
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 500
# The cells openpyxl makes of a sheet: each row padded to its last cell, empty ones included.
MAX_SHEET_CELLS = 1_000_000
# Excel's own limits; a sheet beyond them was not written by a spreadsheet program.
XLSX_MAX_ROW = 1_048_576
XLSX_MAX_COLUMN = 16_384
# The sniffer reads the header row only, and no more of it than a header row can need.
SNIFF_CHARS = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class UploadError(ValueError):
    """The file cannot be imported; the message says why, in the user's language."""


def damaged() -> UploadError:
    return UploadError(_("The Excel file is damaged or incomplete."))


def too_many_rows() -> UploadError:
    return UploadError(_("The file has too many rows: at most %(rows)s.") % {"rows": MAX_ROWS})


def too_many_columns() -> UploadError:
    return UploadError(_("The file has too many columns: at most %(columns)s.") % {"columns": MAX_COLUMNS})


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


def check_size(size: int) -> None:
    """Refuses a file over the limit; an upload's size is known before it is read (one too large
    to keep arrives with its size and no content)."""
    if size > max_upload_bytes():
        raise UploadError(
            _("The file is too large: at most %(size)s can be imported.")
            % {"size": filesizeformat(max_upload_bytes())}
        )


def read_upload(data: bytes) -> tablib.Dataset:
    """The rows of an uploaded CSV or XLSX file, the first row as headers."""
    check_size(len(data))
    if not data.strip():
        raise UploadError(_("The file is empty."))
    dataset = _read_xlsx(data) if data.startswith(XLSX_MAGIC) else _read_csv(data)
    if not dataset.headers or not any(header for header in dataset.headers):
        raise UploadError(_("The file has no header row."))
    if dataset.height == 0:
        raise UploadError(_("The file has a header row but no rows to import."))
    if dataset.height > MAX_ROWS:
        raise too_many_rows()
    return dataset


def _read_csv(data: bytes) -> tablib.Dataset:
    if b"\x00" in data:
        raise UploadError(_("The file is neither a CSV file nor an Excel (XLSX) file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadError(
            _("The file is not in UTF-8 (line %(line)s). Save it as “CSV UTF-8” and try again.")
            % {"line": line}
        ) from None
    delimiter = _delimiter(text)
    if text[:SNIFF_CHARS].split("\n", 1)[0].count(delimiter) >= MAX_COLUMNS:
        raise too_many_columns()
    rows = (row for row in _csv_rows(text, delimiter) if any(cell.strip() for cell in row))
    header_row = next(rows, None)
    if header_row is None:
        raise UploadError(_("The file is empty."))
    headers = [header.strip() for header in header_row]
    if len(headers) > MAX_COLUMNS:
        raise too_many_columns()
    body = []
    for number, row in enumerate(rows, start=2):
        if len(row) != len(headers):
            raise UploadError(
                _("Row %(row)s has %(found)s columns where the header row has %(expected)s.")
                % {"row": number, "found": len(row), "expected": len(headers)}
            )
        if len(body) == MAX_ROWS:
            raise too_many_rows()
        body.append([cell.strip() for cell in row])
    # The rows' lengths are checked above: the dataset need not check them again, one by one.
    return tablib.Dataset(*body, headers=headers)


def _csv_rows(text: str, delimiter: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        first_line = reader.line_num + 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module tells a cell over its size limit only by its message; with no
            # quotation mark on the row's first line, the cell is long, not left open.
            if "field larger than field limit" in str(error) and '"' not in _line(text, first_line):
                raise UploadError(
                    _("The row starting on line %(line)s has a cell too long to be imported.")
                    % {"line": first_line}
                ) from None
            raise UploadError(
                _("The row starting on line %(line)s cannot be read as CSV: check its quotation marks.")
                % {"line": first_line}
            ) from None


def _line(text: str, number: int) -> str:
    lines = io.StringIO(text, newline="")
    return next(itertools.islice(lines, number - 1, None), "")


def _delimiter(text: str) -> str:
    """The header row's delimiter. Only the delimiter is sniffed: the sniffer guesses the
    quoting rules from the header alone and would then misread quotes in the rows."""
    try:
        return csv.Sniffer().sniff(text[:SNIFF_CHARS].split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_xlsx(data: bytes) -> tablib.Dataset:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise damaged() from None
    with archive:
        entries = archive.infolist()
        if "[Content_Types].xml" not in archive.namelist():
            raise UploadError(_("The file is neither a CSV file nor an Excel (XLSX) file."))
        if len(entries) > MAX_XLSX_ENTRIES or (
            sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED_BYTES
        ):
            raise UploadError(_("The Excel file unpacks to too much data to be imported."))
        # openpyxl raises many kinds of errors for a damaged workbook, some only while it reads
        # the rows; each of them is this file's fault, not the portal's.
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:
            raise damaged() from None
        try:
            if not workbook.worksheets:
                raise damaged()
            sheet = workbook.worksheets[0]
            # The path of the sheet's XML in the zip, as the workbook's relations name it.
            with archive.open(sheet._worksheet_path) as source:
                _check_sheet_xml(source)
            # Rows as wide as their cells, not as the sheet's (unchecked) dimension claims.
            sheet.reset_dimensions()
            rows = _sheet_rows(sheet)
        except UploadError:
            raise
        except Exception:
            raise damaged() from None
        finally:
            workbook.close()
    if not rows:
        raise UploadError(_("The file is empty."))
    headers = [str(header).strip() for header in rows[0]]
    dataset = tablib.Dataset(headers=headers)
    for values in rows[1:]:
        values = (list(values) + [""] * len(headers))[: len(headers)]
        dataset.append([value.strip() if isinstance(value, str) else value for value in values])
    return dataset


def _check_sheet_xml(source) -> None:
    """Reads the sheet's XML as a stream and refuses it before openpyxl builds its rows: XML that
    is cut off or has a DTD, cells beyond Excel's limits, values beyond the portal's, and more
    cells than openpyxl should make (each row padded up to its last cell)."""
    row_number = column = last_column = value_rows = padded_cells = 0
    row_has_value = False
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            tag = element.tag.rpartition("}")[2]
            if event == "start" and tag == "row":
                row_number = _reference_number(element.get("r"), row_number + 1)
                column = last_column = 0
                row_has_value = False
                if row_number > XLSX_MAX_ROW:
                    raise damaged()
            elif event == "end" and tag == "c":
                column = _cell_column(element.get("r"), column + 1)
                if column > XLSX_MAX_COLUMN:
                    raise damaged()
                last_column = column
                if len(element):
                    row_has_value = True
                    if column > MAX_COLUMNS:
                        raise too_many_columns()
                element.clear()
            elif event == "end" and tag == "row":
                padded_cells += last_column
                value_rows += row_has_value
                if value_rows > MAX_ROWS + 1:
                    raise too_many_rows()
                if padded_cells > MAX_SHEET_CELLS:
                    raise UploadError(_("The Excel file unpacks to too much data to be imported."))
                element.clear()
    except UploadError:
        raise
    except (SyntaxError, DefusedXmlException, ValueError):  # ParseError is a SyntaxError
        raise damaged() from None


def _reference_number(value: str | None, default: int) -> int:
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()):
        raise damaged()
    return int(value)


def _cell_column(reference: str | None, default: int) -> int:
    if reference is None:
        return default
    match = CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise damaged()
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


def _sheet_rows(sheet) -> list[list]:
    rows = []
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                raise UploadError(
                    _("Cell %(cell)s holds a formula; only values can be imported.")
                    % {"cell": cell.coordinate}
                )
        values = ["" if cell.value is None else cell.value for cell in cells]
        if any(str(value).strip() for value in values):
            rows.append(values)
    return rows
