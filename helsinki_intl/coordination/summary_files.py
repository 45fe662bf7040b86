"""The summary as files: one XLSX workbook, or a zip with one CSV a sheet.

The first sheet holds the figures the summary page shows; then one sheet a register lists the
records with a change-history row in the range. Register rows are streamed from the database
and written with openpyxl's write-only workbook, and every value goes through the export cells,
so that text such as a record's name is never read as a formula.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.records.export.cells import csv_cell, xlsx_cell
from networks.models import Membership
from partnerships.models import Partnership

from .summary import Period, Summary

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


def _record_sheet(name, model, period, related, columns: list[tuple[str, Callable]]) -> Sheet:
    records = _changed_in(model, period).select_related(*related).order_by("pk")
    return Sheet(
        name,
        [str(capfirst(label)) for label, _value in columns],
        ([value(record) for _label, value in columns] for record in records.iterator(CHUNK_SIZE)),
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
    period = summary.period
    return [
        Sheet(
            str(_("Summary")),
            [str(pgettext("summary", "Figure")), str(_("Value")), str(_("Explanation"))],
            _summary_rows(summary),
        ),
        _record_sheet(
            str(_("Memberships")),
            Membership,
            period,
            ["network", "owner_unit"],
            [
                (_("network"), lambda r: r.network.name),
                (_("owner unit"), lambda r: r.owner_unit.name),
                (_("status"), lambda r: r.get_status_display()),
                (_("start date"), lambda r: r.start_date),
                (_("end date"), lambda r: r.end_date),
                (_("next review due"), lambda r: r.next_review_due),
            ],
        ),
        _record_sheet(
            str(_("Partnerships")),
            Partnership,
            period,
            ["partner", "owner_unit"],
            [
                (_("partner"), lambda r: r.partner.name),
                (_("type"), lambda r: r.get_type_display()),
                (_("owner unit"), lambda r: r.owner_unit.name),
                (_("status"), lambda r: r.get_status_display()),
                (_("start date"), lambda r: r.start_date),
                (_("end date"), lambda r: r.end_date),
            ],
        ),
        _record_sheet(
            str(_("EU applications")),
            Application,
            period,
            ["owner_unit"],
            [
                (_("project name"), lambda r: r.project_name),
                (_("acronym"), lambda r: r.acronym),
                (_("lead unit"), lambda r: r.owner_unit.name),
                (_("status"), lambda r: r.get_status_display()),
                (_("EU grant requested (€)"), lambda r: r.eu_grant_requested),
                (_("EU grant granted (€)"), lambda r: r.eu_grant_granted),
                (_("co-financing granted (€)"), lambda r: r.cofinancing_granted),
            ],
        ),
        _record_sheet(
            str(_("Event bids")),
            EventBid,
            period,
            ["owner_unit"],
            [
                (_("name"), lambda r: r.name),
                (_("kind"), lambda r: r.get_kind_display()),
                (_("host unit"), lambda r: r.owner_unit.name),
                (_("status"), lambda r: r.get_status_display()),
                (_("starts on"), lambda r: r.starts_on),
                (_("decision date"), lambda r: r.decision_date),
            ],
        ),
    ]


def file_stem(summary: Summary) -> str:
    return f"international-summary-{summary.period}".replace("–", "_")


def write_xlsx(summary: Summary, output) -> None:
    workbook = Workbook(write_only=True)
    for sheet in sheets(summary):
        worksheet = workbook.create_sheet(sheet.name[:31])
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
