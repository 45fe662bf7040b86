"""Co-financing granted through each writer leaves the same rows (`tests.records.writers`)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from eu_projects.process import APPLICATION_PROCESS
from tests.eu_projects.factories import ApplicationFactory, CallFactory, CoFinancingAppropriationFactory
from tests.records import writers

pytestmark = pytest.mark.django_db

NUMBER = "HEL 2026-001235"


def test_co_financing_granted_is_written_alike_by_every_writer(
    culture_unit, culture_user, strategy_client, strategy_user, tmp_path
):
    year = timezone.localdate().year
    CoFinancingAppropriationFactory(year=year, amount=Decimal("100000"))
    call = CallFactory()
    step = APPLICATION_PROCESS.step("grant_cofinancing")
    granted = {"cofinancing_granted": "4000.00", "decision_reference": NUMBER}
    table = [
        writers.step_page(strategy_client, step, **granted),
        writers.step_service(step, strategy_user, **granted),
        writers.admin(strategy_client, reason=step.label, cofinancing_decision="granted", **granted),
        *writers.imports(strategy_client, strategy_user, tmp_path, "applications", **granted),
    ]

    def make_application():
        return ApplicationFactory(
            project_name="Smart blocks",
            call=call,
            owner_unit=culture_unit,
            responsible_person=culture_user,
            status="granted",
            eu_grant_granted=Decimal("700000.00"),
            cofinancing_requested=Decimal("5000.00"),
            cofinancing_year=year,
        )

    rows = writers.written_alike(make_application, table)

    assert (rows["record"]["cofinancing_decision"], rows["record"]["cofinancing_granted"]) == (
        "granted",
        Decimal("4000"),
    )
    assert rows["status_changes"] == []
    [row] = rows["cofinancing_changes"]
    assert (row["from_status"], row["status"], row["amount"], row["year"], row["decision_reference"]) == (
        "requested",
        "granted",
        Decimal("4000"),
        year,
        NUMBER,
    )
    assert rows["events"] == [
        {
            "kind": "application.grant_cofinancing",
            "actor": "strategy",
            "payload": {
                "from_cofinancing_decision": "requested",
                "cofinancing_decision": "granted",
                "status": "granted",
                "cofinancing_granted": "4000.00",
                "decision_reference": NUMBER,
                "amount": "4000.00",
                "year": year,
            },
        }
    ]


def test_a_programme_not_in_the_register_is_named_alike_by_every_writer(
    culture_unit, culture_user, strategy_client, strategy_user, tmp_path
):
    named = {"named_programme": "Creative Europe"}
    table = [
        writers.edit_form(strategy_client, **named),
        writers.admin(strategy_client, **named),
        writers.record_update(strategy_user, **named),
        *writers.imports(strategy_client, strategy_user, tmp_path, "applications", **named),
    ]

    def make_application():
        return ApplicationFactory(
            project_name="Libraries of things",
            call=None,
            owner_unit=culture_unit,
            responsible_person=culture_user,
            status="idea",
        )

    rows = writers.written_alike(make_application, table)

    assert rows["record"]["named_programme"] == "Creative Europe"
    assert [(event["kind"], event["payload"]) for event in rows["events"]] == [
        ("application.changed", {"status": "idea"}),
        ("application.unlisted_programme_named", {"programme": "Creative Europe"}),
    ]
