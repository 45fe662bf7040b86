"""An import reads what its rows name once for the whole file: its queries do not grow with its rows."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helsinki_intl.records.imports.service import import_file
from networks.models import Membership
from partnerships.models import Partner
from tests.factories import NetworkFactory, PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db


def csv_file(header: str, lines: list[str]) -> bytes:
    return "\n".join([header, *lines]).encode()


def queries_of_import(resource: str, data: bytes, user) -> tuple[list[str], object]:
    # Each import starts as the first of a process does, whatever the tests before it read.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        report = import_file(resource=resource, data=data, file_name="rows.csv", user=user, dry_run=False)
    return [query["sql"] for query in queries.captured_queries], report


def partner_rows(prefix: str, count: int) -> bytes:
    return csv_file(
        "name,kind,country,region,owner_unit",
        [f"{prefix} {number},city,SE,nordic,{'kuva' if number % 2 else 'kymp'}" for number in range(count)],
    )


def test_a_partner_import_takes_as_many_queries_for_fifty_rows_as_for_five(
    culture_unit, urban_unit, strategy_user
):
    five, five_report = queries_of_import("partners", partner_rows("Five", 5), strategy_user)
    fifty, fifty_report = queries_of_import("partners", partner_rows("Fifty", 50), strategy_user)

    assert five_report.saved and fifty_report.saved
    assert len(fifty) == len(five)
    assert Partner.objects.filter(name__startswith="Fifty").count() == 50
    created = Partner.history.filter(name__startswith="Fifty", history_type="+")
    assert created.count() == 50
    assert set(created.values_list("history_user", "history_change_reason")) == {
        (strategy_user.pk, "Import: rows.csv")
    }


def test_updating_partners_takes_no_query_a_row_to_find_them(culture_unit, urban_unit, strategy_user):
    queries_of_import("partners", partner_rows("Partner", 50), strategy_user)
    updated = partner_rows("Partner", 50).replace(b"nordic", b"baltic")

    queries, report = queries_of_import("partners", updated, strategy_user)

    assert report.counts["changed"] == 50
    assert set(Partner.objects.values_list("region", "version")) == {("baltic", 2)}
    assert Partner.history.filter(history_type="~", history_user=strategy_user).count() == 50
    assert sum(1 for sql in queries if sql.startswith("SELECT") and '"partnerships_partner"' in sql) == 1


# The tables whose records a membership row names, and the memberships it may update.
NAMED_TABLES = re.compile(
    r'FROM "(networks_network|networks_membership|organisation_orgunit|organisation_user|'
    r'strategy_priority|strategy_sdg)"(?! INNER JOIN)'
)


def membership_rows(count: int) -> bytes:
    return csv_file(
        "network,owner_unit,responsible_person,participating_units,status,start_date,priorities,sdgs,goals",
        [
            f"Network {number},kuva,anna.virtanen,kymp,active,1.1.2024,talent,11; 13,Learn; Share"
            for number in range(count)
        ],
    )


def test_a_membership_import_reads_what_its_rows_name_once_for_fifty_rows_as_for_five(
    culture_unit, urban_unit, strategy_user
):
    UserFactory(username="anna.virtanen", email="anna.virtanen@hel.fi")
    PriorityFactory(code="talent")
    for number in range(50):
        NetworkFactory(name=f"Network {number}", owner_unit=urban_unit)

    five, five_report = queries_of_import("memberships", membership_rows(5), strategy_user)
    Membership.objects.all().delete()
    fifty, fifty_report = queries_of_import("memberships", membership_rows(50), strategy_user)

    assert five_report.saved and fifty_report.saved
    assert Membership.objects.count() == 50
    lookups = [sql for sql in fifty if sql.startswith("SELECT") and NAMED_TABLES.search(sql)]
    assert len(lookups) == len([sql for sql in five if sql.startswith("SELECT") and NAMED_TABLES.search(sql)])
    assert len(lookups) <= 8
