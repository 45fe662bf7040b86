"""An uploaded spreadsheet checked by its content, then read into rows.

Nothing is unpacked or parsed before the cheap checks pass: the size, what the bytes are,
and for an XLSX (a zip) the entry count and uncompressed size from the zip directory.
"""

import csv
import io
import zipfile

import openpyxl
import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_XLSX_ENTRIES = 200
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 10_000
XLSX_MAGIC = b"PK\x03\x04"


class UploadError(ValueError):
    """The file cannot be imported; the message says why, in the user's language."""


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


def read_upload(data: bytes) -> tablib.Dataset:
    """The rows of an uploaded CSV or XLSX file, the first row as headers."""
    if len(data) > max_upload_bytes():
        raise UploadError(
            _("The file is too large: at most %(size)s can be imported.")
            % {"size": filesizeformat(max_upload_bytes())}
        )
    if not data.strip():
        raise UploadError(_("The file is empty."))
    dataset = _read_xlsx(data) if data.startswith(XLSX_MAGIC) else _read_csv(data)
    if not dataset.headers or not any(header for header in dataset.headers):
        raise UploadError(_("The file has no header row."))
    if dataset.height == 0:
        raise UploadError(_("The file has a header row but no rows to import."))
    if dataset.height > MAX_ROWS:
        raise UploadError(_("The file has too many rows: at most %(rows)s.") % {"rows": MAX_ROWS})
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
    rows = [row for row in _csv_rows(text) if any(cell.strip() for cell in row)]
    if not rows:
        raise UploadError(_("The file is empty."))
    headers = [header.strip() for header in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(headers):
            raise UploadError(
                _("Row %(row)s has %(found)s columns where the header row has %(expected)s.")
                % {"row": number, "found": len(row), "expected": len(headers)}
            )
    # The rows' lengths are checked above: the dataset need not check them again, one by one.
    return tablib.Dataset(*([cell.strip() for cell in row] for row in rows[1:]), headers=headers)


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    while True:
        first_line = reader.line_num + 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise UploadError(
                _("The row starting on line %(line)s cannot be read as CSV: check its quotation marks.")
                % {"line": first_line}
            ) from None


def _delimiter(text: str) -> str:
    """The header row's delimiter. Only the delimiter is sniffed: the sniffer guesses the
    quoting rules from the header alone and would then misread quotes in the rows."""
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_xlsx(data: bytes) -> tablib.Dataset:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(_("The Excel file is damaged or incomplete.")) from None
    with archive:
        entries = archive.infolist()
        if "[Content_Types].xml" not in archive.namelist():
            raise UploadError(_("The file is neither a CSV file nor an Excel (XLSX) file."))
        if len(entries) > MAX_XLSX_ENTRIES or (
            sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED_BYTES
        ):
            raise UploadError(_("The Excel file unpacks to too much data to be imported."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors for a damaged workbook
        raise UploadError(_("The Excel file is damaged or incomplete.")) from None
    try:
        sheet = workbook.worksheets[0]
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
