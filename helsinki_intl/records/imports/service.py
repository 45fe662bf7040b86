"""The import of a checked file: a dry run that marks each row, or the real import.

The whole import runs in one transaction: when any row is wrong nothing is saved. The
audit log records who imported which file into which register, and the row counts.
"""

import gc
import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import RowResult

from helsinki_intl.logs import audit_facts

from .resources import importers
from .uploads import read_upload

audit_log = logging.getLogger("helsinki_intl.audit")

STATUSES = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "changed",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_INVALID: "wrong",
    RowResult.IMPORT_TYPE_ERROR: "wrong",
}


@dataclass
class CellError:
    column: str
    message: str


@dataclass
class RowReport:
    """A row of the file (numbered as in the spreadsheet, the header row being 1)."""

    number: int
    status: str
    record: str = ""
    errors: list[CellError] = field(default_factory=list)


@dataclass
class ImportReport:
    resource: str
    file_name: str
    dry_run: bool
    rows: list[RowReport]
    ignored_columns: list[str] = field(default_factory=list)
    """The list export's columns that the import does not read (a call's state), left out."""

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("new", "changed", "unchanged", "wrong")}

    @property
    def has_errors(self) -> bool:
        return self.count("wrong") > 0

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.has_errors


class ImportFailed(Exception):
    """Raised inside the transaction so that a failed real import leaves nothing behind."""


def import_file(*, resource: str, data: bytes, file_name: str, user, dry_run: bool) -> ImportReport:
    """Check, read and import `data` into the register `resource`.

    Raises UploadError when the file itself cannot be imported; row errors are in the report.
    """
    dataset = read_upload(data)
    importer = importers.resource_class(resource)(user=user, file_name=file_name)
    importer.normalise_headers(dataset)
    # The rows' records live until the import ends: the collector would walk them again and
    # again, finding nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with transaction.atomic():
            result = importer.import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            report = ImportReport(
                resource, file_name, dry_run, _row_reports(importer, result), importer.ignored_columns
            )
            if report.has_errors and not dry_run:
                raise ImportFailed
    except ImportFailed:
        pass
    finally:
        if collecting:
            gc.enable()
    if not dry_run:
        audit_log.info(
            "import resource=%s file=%r user=%s saved=%s new=%d changed=%d unchanged=%d wrong=%d",
            resource,
            file_name,
            getattr(user, "username", user),
            report.saved,
            *report.counts.values(),
            extra=audit_facts(
                "import",
                resource=resource,
                file=file_name,
                username=getattr(user, "username", user),
                saved=report.saved,
                **report.counts,
            ),
        )
    return report


def _row_reports(importer, result) -> list[RowReport]:
    errors: dict[int, list[CellError]] = {}
    for number, row_errors in result.row_errors():
        errors[number] = [CellError("", _unexpected_message(error.error)) for error in row_errors]
    for invalid in result.invalid_rows:
        errors[invalid.number] = [
            CellError("" if name == NON_FIELD_ERRORS else importer.column_label(name), message)
            for name, messages in invalid.error_dict.items()
            for message in messages
        ]
    base_errors = [CellError("", _unexpected_message(error.error)) for error in result.base_errors]
    reports = []
    for number, row in enumerate(result.rows, start=1):
        status = STATUSES.get(row.import_type, "unchanged")
        row_errors = errors.get(number, [])
        reports.append(
            RowReport(
                number=number + 1,
                status="wrong" if row_errors else status,
                record=row.object_repr or "",
                errors=row_errors,
            )
        )
    if base_errors:
        reports.append(RowReport(number=0, status="wrong", errors=base_errors))
    return reports


def _unexpected_message(error) -> str:
    if isinstance(error, ValueError):
        return str(error)
    return _("The row could not be imported (%(error)s).") % {"error": type(error).__name__}
