"""On PostgreSQL the exports' cells are computed by the database: the files are the same."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.records.export.sql import SqlCsv, SqlRows, export_rows, sql_csv
from helsinki_intl.records.export.writers import csv_line_stream, csv_stream
from helsinki_intl.strategy.models import SDG
from tests.eu_projects.factories import ApplicationFactory, CoFinancingAppropriationFactory, ProgrammeFactory
from tests.factories import MembershipFactory, OrgUnitFactory, PriorityFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL export is PostgreSQL's")

AWKWARD_TEXT = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    'Quote "inside", and a comma',
    "Two\nlines",
    "Bell\x07 and \x1f dropped",
    "\x01=after a control character",
    "Åbo, Göteborg",
    "",
]


@pytest.fixture
def awkward_rows(db):
    unit = OrgUnitFactory(name_fi='Yksikkö, "lainattu"', name_sv="", name_en="=Unit")
    nameless = UserFactory(first_name="", last_name="", username="nameless")
    priorities = [PriorityFactory(name_fi="Toinen"), PriorityFactory(name_fi="=Ensimmäinen")]
    sdgs = list(SDG.objects.order_by("number")[:2])
    for number, value in enumerate(AWKWARD_TEXT):
        membership = MembershipFactory(
            network__name=value or "Network",
            decision_reference=value[:20],
            owner_unit=unit,
            annual_fee=Decimal("1234.5") if number % 2 else None,
            end_date=datetime.date(2030, 1, number + 1) if number % 3 else None,
        )
        membership.priorities.set(priorities[: number % 3])
        membership.sdgs.set(sdgs[: number % 3])
        membership.participating_units.set([unit] if number % 2 else [])
        partnership = PartnershipFactory(partner__name=f"Partner {number}", themes=value, owner_unit=unit)
        if number % 2:
            partnership.responsible_person = nameless
            partnership.save()
        partnership.priorities.set(priorities[: number % 3])
    # More granted than appropriated: a negative amount left.
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("100.00"))
    ApplicationFactory(
        cofinancing_year=2026,
        cofinancing_requested=Decimal("300.00"),
        cofinancing_granted=Decimal("300.00"),
        status="granted",
    )
    ProgrammeFactory(name="-LIFE", is_active=False)


def _both(name: str) -> tuple[str, str]:
    export = list_exports.export(name, None, personal_data=True)
    orm = "".join(csv_stream(export.headers(), export.rows()))
    database = "".join(csv_line_stream(export.headers(), SqlCsv(export).lines()))
    return orm, database


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_database_writes_the_same_file_as_the_models(awkward_rows, language):
    written_by_database = []
    with translation.override(language):
        for name in list_exports.names():
            export = list_exports.export(name, None, personal_data=True)
            if sql_csv(export) is None:
                continue
            written_by_database.append(name)
            orm, database = _both(name)
            assert database.splitlines() == orm.splitlines(), name
            assert database == orm, name
    # The long lists, above all, are written by the database.
    assert {"memberships", "partnerships", "appropriations", "programmes"} <= set(written_by_database)


def test_a_column_computed_in_python_leaves_the_export_to_the_models(db):
    assert sql_csv(list_exports.export("calls", None, personal_data=True)) is None


def _typed(rows) -> list[list]:
    """The cells with their types: a Decimal and an int write different Excel cells."""
    return [[(type(value), value) for value in row] for row in rows]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_database_gives_the_workbook_the_same_values_as_the_models(awkward_rows, language):
    with translation.override(language):
        for name in list_exports.names():
            export = list_exports.export(name, None, personal_data=True)
            if sql_csv(export) is None:
                continue
            assert _typed(SqlRows(export).rows()) == _typed(export.rows()), name


def test_a_column_computed_in_python_leaves_the_workbook_to_the_models(db, monkeypatch):
    export = list_exports.export("calls", None, personal_data=True)
    model_rows = object()
    monkeypatch.setattr(type(export), "rows", lambda self: model_rows)
    assert export_rows(export) is model_rows
