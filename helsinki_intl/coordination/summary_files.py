"""The summary as files: one XLSX workbook, or a zip with one CSV a sheet.

The first sheet holds the figures the summary page shows; then one sheet a register, as the
register declares it in its `<app>/summary.py`, lists the records with a change-history row in
the range. Register rows are streamed from the database and written with openpyxl's write-only
workbook, and every value goes through the export cells, so that text such as a record's name is
never read as a formula.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from helsinki_intl.records.export.cells import csv_cell, xlsx_cell

from .summary import Period, RecordSheet, Summary, summary_parts

CHUNK_SIZE = 500


@dataclass(frozen=True)
class Sheet:
    name: str
    """Also the CSV's file name: short, plain and at most 31 characters (Excel's limit)."""
    header: list[str]
    rows: Iterable[list]


def _changed_in(model: type[Model], period: Period) -> QuerySet:
    changed = (
        model.history.filter(history_date__gte=period.starts_at, history_date__lt=period.ends_at)
        .order_by()
        .values("id")
    )
    return model.objects.filter(pk__in=changed)


def _record_sheet(sheet: RecordSheet, period: Period) -> Sheet:
    records = _changed_in(sheet.model, period).select_related(*sheet.related).order_by("pk")
    return Sheet(
        str(sheet.name),
        [str(capfirst(label)) for label, _value in sheet.columns],
        ([value(record) for _label, value in sheet.columns] for record in records.iterator(CHUNK_SIZE)),
    )


def _summary_rows(summary: Summary) -> Iterator[list]:
    yield [str(_("Start date")), summary.period.start]
    yield [str(_("End date")), summary.period.end]
    for section in summary.sections:
        yield []
        yield [str(section.title)]
        for figure in section.figures:
            yield [str(figure.label), figure.value, str(figure.explanation)]
    for breakdown in summary.breakdowns:
        yield []
        yield [str(breakdown.title)] + [str(column.label) for column in summary.breakdown_columns]
        for row in breakdown.rows:
            yield [row.label, *row.values]


def sheets(summary: Summary) -> list[Sheet]:
    return [
        Sheet(
            str(_("Summary")),
            [str(pgettext("summary", "Figure")), str(_("Value")), str(_("Explanation"))],
            _summary_rows(summary),
        ),
        *(_record_sheet(part.sheet, summary.period) for part in summary_parts()),
    ]


def file_stem(summary: Summary) -> str:
    return f"international-summary-{summary.period}".replace("–", "_")


NAME_COLUMN_WIDTH = 40
"""The first column's width in characters: it holds names (a record's, a figure's)."""
NARROWEST, WIDEST = 12, 40


def column_widths(header: list) -> list[int]:
    """Widths (in characters) that show each header whole; the rows are streamed, so the header
    alone decides, and the first column, of names, is wide."""
    return [
        NAME_COLUMN_WIDTH if number == 0 else max(NARROWEST, min(len(str(title)) + 4, WIDEST))
        for number, title in enumerate(header)
    ]


def write_xlsx(summary: Summary, output) -> None:
    workbook = Workbook(write_only=True)
    for sheet in sheets(summary):
        worksheet = workbook.create_sheet(sheet.name[:31])
        # A write-only sheet takes its widths and frozen header before its first row.
        for number, width in enumerate(column_widths(sheet.header), start=1):
            worksheet.column_dimensions[get_column_letter(number)].width = width
        worksheet.freeze_panes = "A2"
        worksheet.append([xlsx_cell(worksheet, value) for value in sheet.header])
        for row in sheet.rows:
            worksheet.append([xlsx_cell(worksheet, value) for value in row])
    workbook.save(output)


def write_csv_zip(summary: Summary, output) -> None:
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet in sheets(summary):
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow([csv_cell(value) for value in sheet.header])
            for row in sheet.rows:
                writer.writerow([csv_cell(value) for value in row])
            archive.writestr(f"{sheet.name}.csv", text.getvalue().encode("utf-8-sig"))
