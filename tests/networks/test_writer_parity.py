"""A membership changed through each writer leaves the same rows (`tests.records.writers`)."""

import datetime
from decimal import Decimal

import pytest

from networks.models import Membership
from networks.process import MEMBERSHIP_PROCESS
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.records import writers

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(strategy_unit):
    return NetworkFactory(name="Eurocities", owner_unit=strategy_unit)


@pytest.fixture
def make_membership(network, culture_unit, culture_user):
    def make(**fields):
        membership = MembershipFactory(
            network=network,
            owner_unit=culture_unit,
            responsible_person=culture_user,
            benefits="Learning",
            **fields,
        )
        MembershipGoalFactory(membership=membership, title="Host a forum meeting")
        return membership

    return make


def test_a_proposal_returned_to_drafting_is_written_alike_by_every_writer(
    make_membership, strategy_client, strategy_user, tmp_path
):
    step = MEMBERSHIP_PROCESS.step("withdraw")
    table = [
        writers.step_page(strategy_client, step),
        writers.step_service(step, strategy_user),
        writers.admin(strategy_client, reason=step.label, status="proposed"),
        *writers.imports(strategy_client, strategy_user, tmp_path, "memberships", status="proposed"),
    ]

    rows = writers.written_alike(lambda: make_membership(status="assessing"), table)

    assert rows["record"]["status"] == "proposed"
    assert [(row["from_status"], row["status"], row["changed_by"]) for row in rows["status_changes"]] == [
        ("assessing", "proposed", "strategy")
    ]
    assert [(row["history_type"], row["history_user"]) for row in rows["history"]] == [("~", "strategy")]
    assert rows["events"] == [
        {
            "kind": "membership.withdraw",
            "actor": "strategy",
            "payload": {"from_status": "assessing", "status": "proposed"},
        }
    ]


def test_a_fee_and_participating_units_changed_are_written_alike_by_every_writer(
    make_membership, strategy_client, strategy_user, urban_unit, tmp_path
):
    units = [str(urban_unit.pk)]
    table = [
        writers.edit_form(strategy_client, annual_fee="2500.00", participating_units=units),
        writers.admin(strategy_client, annual_fee="2500.00", participating_units=units),
        *writers.imports(
            strategy_client,
            strategy_user,
            tmp_path,
            "memberships",
            annual_fee="2500.00",
            participating_units="kymp",
        ),
        writers.record_update(
            strategy_user, annual_fee=Decimal("2500.00"), lists={"participating_units": [urban_unit]}
        ),
    ]
    rows = writers.written_alike(
        lambda: make_membership(status="active", start_date=datetime.date(2024, 1, 1)), table
    )
    assert rows["record"]["annual_fee"] == Decimal("2500")
    assert rows["record"]["participating_units"] == [urban_unit.pk]
    assert [row["participating_units"] for row in rows["history"]] == [[urban_unit.pk]]
    assert rows["status_changes"] == []
    assert rows["events"] == [
        {"kind": "membership.changed", "actor": "strategy", "payload": {"status": "active"}}
    ]


def test_a_new_membership_is_written_alike_by_every_writer(
    network, strategy_client, strategy_user, culture_unit, culture_user, urban_unit, tmp_path
):
    values = {
        "network": str(network.pk),
        "owner_unit": str(culture_unit.pk),
        "responsible_person": str(culture_user.pk),
        "participating_units": [str(urban_unit.pk)],
        "annual_fee": "1000.00",
        "benefits": "Learning",
    }
    file = writers.import_file_with(
        "memberships",
        network="Eurocities",
        owner_unit="kuva",
        responsible_person="culture",
        participating_units="kymp",
        status="proposed",
        annual_fee="1000.00",
        benefits="Learning",
    )
    table = [
        writers.add_form(strategy_client, Membership, **values),
        writers.admin_add(strategy_client, Membership, **values),
        *writers.imports(strategy_client, strategy_user, tmp_path, "memberships", file=file),
    ]

    rows = writers.written_alike(writers.New(Membership, Membership.objects.get), table)

    assert (rows["record"]["status"], rows["record"]["participating_units"]) == ("proposed", [urban_unit.pk])
    assert [(row["history_type"], row["participating_units"]) for row in rows["history"]] == [
        ("+", [urban_unit.pk])
    ]
    assert [(row["from_status"], row["status"]) for row in rows["status_changes"]] == [("", "proposed")]
    assert rows["events"] == [
        {"kind": "membership.created", "actor": "strategy", "payload": {"status": "proposed"}}
    ]


def test_a_goal_imported_in_bulk_and_row_by_row_is_written_alike(
    make_membership, strategy_client, strategy_user, tmp_path
):
    goals = "Host a forum meeting; Lead a working group"
    table = writers.imports(strategy_client, strategy_user, tmp_path, "memberships", goals=goals)

    rows = writers.written_alike(lambda: make_membership(status="proposed"), table)

    assert [(goal["title"], goal["order"]) for goal in rows["goals"]] == [("Lead a working group", 2)]
    assert [(row["history_type"], row["history_user"]) for row in rows["goals history"]] == [
        ("+", "strategy")
    ]
    assert [event["kind"] for event in rows["events"]] == ["membership.changed"]
