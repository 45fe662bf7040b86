"""A bid decided through each writer leaves the same rows (`tests.records.writers`)."""

import datetime

import pytest
from django.utils import timezone

from events.process import EVENT_BID_PROCESS
from tests.events.factories import EventBidFactory
from tests.records import writers

pytestmark = pytest.mark.django_db

NUMBER = "HEL 2026-012345"
DECISION = "The group supports the bid."
CONDITIONS = "The unit reports the delegates after the event."


def test_a_bid_approved_with_its_decision_is_written_alike_by_every_writer(
    culture_unit, culture_user, strategy_client, strategy_user, tmp_path
):
    step = EVENT_BID_PROCESS.step("decide")
    decided_on = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recorded = {
        "status": "approved",
        "decision_date": decided_on,
        "minutes_reference": NUMBER,
        "decision": DECISION,
        "conditions": CONDITIONS,
        "resources_granted": "80000.00",
    }
    taken = {
        "outcome": "approved",
        "deciding_body": "major_events_group",
        "decision_date": decided_on,
        "decision_reference": NUMBER,
        "note": DECISION,
        "conditions": CONDITIONS,
        "resources_granted": "80000.00",
    }
    table = [
        writers.step_page(strategy_client, step, **taken),
        writers.step_service(step, strategy_user, **taken),
        writers.admin(strategy_client, reason=step.label, **recorded),
        *writers.imports(strategy_client, strategy_user, tmp_path, "bids", **recorded),
    ]

    def make_bid():
        return EventBidFactory(
            name="SETAC Europe 2028",
            owner_unit=culture_unit,
            responsible_person=culture_user,
            status="for_decision",
            expected_impact="Researchers of environmental chemistry meet in Helsinki.",
        )

    rows = writers.written_alike(make_bid, table)

    assert (rows["record"]["status"], rows["record"]["minutes_reference"]) == ("approved", NUMBER)
    [row] = rows["status_changes"]
    assert (row["from_status"], row["status"], row["changed_by"]) == ("for_decision", "approved", "strategy")
    assert (
        row["deciding_body"],
        row["decision_date"].isoformat(),
        row["decision_reference"],
        row["note"],
    ) == (
        "major_events_group",
        decided_on,
        NUMBER,
        DECISION,
    )
    assert rows["events"] == [
        {
            "kind": "eventbid.decide",
            "actor": "strategy",
            "payload": {
                "from_status": "for_decision",
                "status": "approved",
                "decision_date": decided_on,
                "conditions": CONDITIONS,
                "deciding_body": "major_events_group",
                "decision_reference": NUMBER,
                "note": DECISION,
            },
        }
    ]
