"""The floors the export and the import are measured against, and the import itself.

- COPY: psycopg's `cursor.copy("COPY (<the export's SELECT>) TO STDOUT (FORMAT CSV)")`, read to
  its end: the least any CSV export of those rows can cost.
- bulk_create: the same rows as the import's, already parsed into model instances, saved in
  batches: the least an import of them can cost.

Imports run in a transaction that is rolled back, so the database stays as it was.
Needs Django set up.
"""

import csv
import io
import os
import statistics
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.imports.service import import_file
from partnerships.choices import PartnerKind, Region
from partnerships.models import Partner

from .memory import PeakSampler

IMPORT_ROWS = 10_000
IMPORT_NAME_PREFIX = "Benchmark partner"


def copy_csv(queryset: QuerySet) -> tuple[float, int, int]:
    """(seconds, bytes, rows) of COPY (the queryset's SELECT) TO STDOUT as CSV, read to its end."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Django's psycopg cursor binds parameters on the client, so COPY gets a literal query.
        statement = cursor.cursor.mogrify(sql, params)
        started = time.perf_counter()
        size = 0
        with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT (FORMAT CSV)") as copy:
            for data in copy:
                size += len(data)
        seconds = time.perf_counter() - started
        rows = cursor.cursor.rowcount
    return seconds, size, rows


@dataclass
class ImportRows:
    """The rows of the benchmark's import file, with the owner units they name."""

    names: list[str]
    units: list[OrgUnit]

    @classmethod
    def make(cls, count: int = IMPORT_ROWS) -> "ImportRows":
        units = list(OrgUnit.objects.order_by("pk")[:10])
        return cls([f"{IMPORT_NAME_PREFIX} {number:05d}" for number in range(1, count + 1)], units)

    def unit(self, index: int) -> OrgUnit:
        return self.units[index % len(self.units)]

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["name", "kind", "country", "region", "owner_unit"])
        for index, name in enumerate(self.names):
            writer.writerow([name, PartnerKind.CITY, "SE", Region.NORDIC, self.unit(index).code])
        return buffer.getvalue().encode()

    def instances(self) -> list[Partner]:
        return [
            Partner(
                name=name,
                kind=PartnerKind.CITY,
                country="SE",
                region=Region.NORDIC,
                owner_unit=self.unit(index),
            )
            for index, name in enumerate(self.names)
        ]


@dataclass
class ImportFigures:
    rows: int
    import_seconds: float
    bulk_create_seconds: float
    import_memory_growth_kib: int
    history_rows: int
    saved: bool
    error: str = ""


def measure_import(user, rows: ImportRows, runs: int = 3) -> ImportFigures:
    """The portal's import service and bulk_create on the same rows, each rolled back, taken in
    turn `runs` times; the median of each is reported, as for the exports. The memory growth is
    the first import's, when nothing of it is cached yet."""
    data = rows.csv_bytes()
    history = Partner.history.model.objects
    import_times, bulk_times, growths = [], [], []
    for _ in range(runs):
        with transaction.atomic():
            history_before = history.count()
            with PeakSampler([os.getpid()]) as sampler:
                started = time.perf_counter()
                report = import_file(
                    resource="partners", data=data, file_name="benchmark.csv", user=user, dry_run=False
                )
                import_times.append(time.perf_counter() - started)
            growths.append(sampler.growth_kib())
            history_rows = history.count() - history_before
            transaction.set_rollback(True)
        instances = rows.instances()
        with transaction.atomic():
            started = time.perf_counter()
            Partner.objects.bulk_create(instances, batch_size=1000)
            bulk_times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    wrong = next((row for row in report.rows if row.status == "wrong"), None)
    import_seconds, bulk_seconds = statistics.median(import_times), statistics.median(bulk_times)
    return ImportFigures(
        rows=len(rows.names),
        import_seconds=import_seconds,
        bulk_create_seconds=bulk_seconds,
        import_memory_growth_kib=growths[0],
        history_rows=history_rows,
        saved=report.saved,
        error="" if wrong is None else f"row {wrong.number}: {[e.message for e in wrong.errors]}",
    )
