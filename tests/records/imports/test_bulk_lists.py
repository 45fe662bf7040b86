"""The registers whose rows hold lists (priorities, goals, units) are saved in bulk too.

An import of fifty rows takes as many queries as one of five, new or changed, and each saved
record still gets its historical row, with its lists as saved, by the importing user.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.records.imports.service import import_file
from networks.models import Membership, MembershipGoal, Role
from partnerships.models import Partnership
from tests.factories import NetworkFactory, PriorityFactory, UserFactory
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db

REASON = "Import: rows.csv"


def csv_file(header: str, lines: list[str]) -> bytes:
    return "\n".join([header, *lines]).encode()


def membership_rows(numbers: range, *, sdgs: str = "11; 13") -> bytes:
    return csv_file(
        "network,owner_unit,responsible_person,participating_units,status,start_date,priorities,sdgs,goals",
        [f"Network {n},kuva,anna.virtanen,kymp,active,1.1.2024,talent,{sdgs},Learn; Share" for n in numbers],
    )


def partnership_rows(numbers: range, *, sdgs: str = "11; 13") -> bytes:
    return csv_file(
        "partner,owner_unit,responsible_person,type,information_exchange,status,priorities,sdgs",
        [f"Partner {n},kuva,anna.virtanen,thematic,yes,explored,talent,{sdgs}" for n in numbers],
    )


def application_rows(numbers: range, *, sdgs: str = "11; 13") -> bytes:
    return csv_file(
        "project_name,owner_unit,responsible_person,status,priorities,sdgs",
        [f"Project {n},kuva,anna.virtanen,idea,talent,{sdgs}" for n in numbers],
    )


def bid_rows(numbers: range, *, sdgs: str = "11; 13") -> bytes:
    return csv_file(
        "name,kind,owner_unit,responsible_person,status,starts_on,ends_on,expected_delegates,priorities,sdgs",
        [
            f"Congress {n},congress,kuva,anna.virtanen,idea,9.9.2029,12.9.2029,500,talent,{sdgs}"
            for n in numbers
        ],
    )


REGISTERS = {
    "memberships": (Membership, membership_rows),
    "partnerships": (Partnership, partnership_rows),
    "applications": (Application, application_rows),
    "bids": (EventBid, bid_rows),
}


@pytest.fixture
def named(culture_unit, urban_unit):
    """What the rows name: a person, a priority, fifty-five networks and as many partners."""
    UserFactory(username="anna.virtanen", email="anna.virtanen@hel.fi")
    PriorityFactory(code="talent")
    for number in range(55):
        NetworkFactory(name=f"Network {number}", owner_unit=urban_unit)
        PartnerFactory(name=f"Partner {number}", owner_unit=urban_unit)
    # The records' domain events name their type: read once a process, not counted against a row.
    for model, _rows in REGISTERS.values():
        ContentType.objects.get_for_model(model)


def import_counting(resource: str, data: bytes, user):
    with CaptureQueriesContext(connection) as queries:
        report = import_file(resource=resource, data=data, file_name="rows.csv", user=user, dry_run=False)
    assert report.saved, [(row.number, row.errors) for row in report.rows if row.errors]
    return len(queries), report


def assert_same_count(fifty: int, five: int) -> None:
    if connection.vendor == "sqlite":
        # SQLite takes 999 parameters a statement: Django splits the bulk insert or update of
        # records of many columns into batches of a few dozen rows, here two for fifty rows.
        assert five <= fifty <= five + 1
    else:
        assert fifty == five


def sdg_numbers(record) -> list[int]:
    return sorted(sdg.number for sdg in record.sdgs.all())


def history_sdg_numbers(entry) -> list[int]:
    return sorted(link.sdg.number for link in entry.sdgs.all())


@pytest.mark.parametrize("resource", REGISTERS)
def test_new_rows_take_as_many_queries_for_fifty_as_for_five(resource, named, strategy_user):
    model, rows = REGISTERS[resource]

    five, _ = import_counting(resource, rows(range(5)), strategy_user)
    fifty, report = import_counting(resource, rows(range(5, 55)), strategy_user)

    assert_same_count(fifty, five)
    assert report.count("new") == 50
    record = model.objects.order_by("pk").last()
    assert sdg_numbers(record) == [11, 13]
    assert [priority.code for priority in record.priorities.all()] == ["talent"]
    [entry] = record.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        strategy_user,
        REASON,
    )
    assert history_sdg_numbers(entry) == [11, 13]
    assert [link.priority.code for link in entry.priorities.all()] == ["talent"]


@pytest.mark.parametrize("resource", REGISTERS)
def test_changed_rows_take_as_many_queries_for_fifty_as_for_five(resource, named, strategy_user):
    model, rows = REGISTERS[resource]
    import_counting(resource, rows(range(50)), strategy_user)

    five, five_report = import_counting(resource, rows(range(5), sdgs="3"), strategy_user)
    fifty, fifty_report = import_counting(resource, rows(range(50), sdgs="4; 17"), strategy_user)

    assert_same_count(fifty, five)
    assert (five_report.count("changed"), fifty_report.count("changed")) == (5, 50)
    record = model.objects.order_by("pk").first()
    assert sdg_numbers(record) == [4, 17]
    assert record.version == 3
    latest = record.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        strategy_user,
        REASON,
    )
    assert history_sdg_numbers(latest) == [4, 17]
    assert [history_sdg_numbers(entry) for entry in record.history.order_by("history_id")] == [
        [11, 13],
        [3],
        [4, 17],
    ]


def test_membership_goals_are_added_in_bulk_with_their_history(named, strategy_user, urban_unit):
    import_counting("memberships", membership_rows(range(3)), strategy_user)
    again = membership_rows(range(3)).replace(b"Learn; Share", b"Learn; Share; Lead")

    _, report = import_counting("memberships", again, strategy_user)

    assert report.count("changed") == 3
    membership = Membership.objects.get(network__name="Network 0")
    assert [(goal.title, goal.order) for goal in membership.goals.order_by("order")] == [
        ("Learn", 1),
        ("Share", 2),
        ("Lead", 3),
    ]
    lead = MembershipGoal.objects.filter(title="Lead")
    assert lead.count() == 3
    assert {
        (entry.history_type, entry.history_user_id) for entry in MembershipGoal.history.filter(title="Lead")
    } == {("+", strategy_user.pk)}


def test_a_wrong_row_leaves_no_record_no_list_and_no_history(named, strategy_user):
    data = partnership_rows(range(5)) + b"\nPartner 9,kuva,anna.virtanen,thematic,yes,explored,nosuch,3"

    report = import_file(
        resource="partnerships", data=data, file_name="rows.csv", user=strategy_user, dry_run=False
    )

    assert not report.saved
    assert [(row.number, [e.message for e in row.errors]) for row in report.rows if row.errors] == [
        (7, ["There is no priority “nosuch”."])
    ]
    assert not Partnership.objects.exists()
    assert not Partnership.history.exists()
    assert not Partnership.sdgs.through.objects.exists()


def role_rows(numbers: range) -> bytes:
    return csv_file(
        "network,owner_unit,title,holder,start_date",
        [f"Network {n},kuva,Board member,Anna Virtanen,1.1.2025" for n in numbers],
    )


def test_roles_take_as_many_queries_for_fifty_rows_as_for_five(named, strategy_user):
    import_counting("memberships", membership_rows(range(55)), strategy_user)

    five, _ = import_counting("roles", role_rows(range(5)), strategy_user)
    fifty, report = import_counting("roles", role_rows(range(5, 55)), strategy_user)

    assert_same_count(fifty, five)
    assert report.count("new") == 50
    role = Role.objects.get(membership__network__name="Network 54")
    assert role.membership.owner_unit.code == "kuva"
    assert (role.history.get().history_user, role.history.get().history_type) == (strategy_user, "+")
