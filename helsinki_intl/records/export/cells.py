"""Values as spreadsheet cells: numbers stay numbers, dates ISO, text made harmless.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some start a formula after
a tab or a carriage return) as a formula, which can leak data or start programs. Such text is
written with a leading apostrophe, so that it shows as the text it is; numbers are written as
numbers, a negative one included. Control characters other than tab, line feed and carriage
return (NUL among them) are dropped: an Excel file cannot hold them and no spreadsheet shows them.
"""

import datetime
import re
from decimal import Decimal

from django.utils.encoding import force_str
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_TEXT = 32767
"""The longest text an Excel cell holds."""

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def safe_text(value) -> str:
    text = _CONTROL_CHARACTERS.sub("", force_str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def wall_clock(value: datetime.datetime) -> datetime.datetime:
    """The time as the column gives it (the resource picks the time zone), without the zone."""
    return value.replace(tzinfo=None, second=0, microsecond=0)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("A yes/no column renders its own text.")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.datetime):
        return wall_clock(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_text(value)


def xlsx_cell(sheet, value):
    """A value for `sheet.append()`: a plain value, or a cell when it needs a number format."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        raise TypeError("A yes/no column renders its own text.")
    if isinstance(value, Decimal):
        return _formatted(sheet, value, MONEY_FORMAT)
    if isinstance(value, datetime.datetime):
        return _formatted(sheet, wall_clock(value), DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return _formatted(sheet, value, DATE_FORMAT)
    return safe_text(value)[:XLSX_MAX_TEXT]


def _formatted(sheet, value, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell
