"""A partnership moved along its lifecycle through each writer leaves the same rows
(`tests.records.writers`). The owner unit moves it on its edit form: it has no process."""

import datetime

import pytest

from tests.partnerships.factories import PartnerFactory, PartnershipFactory, PartnershipGoalFactory
from tests.records import writers

pytestmark = pytest.mark.django_db


def test_a_partnership_made_active_is_written_alike_by_every_writer(
    culture_unit, culture_user, strategy_client, strategy_user, tmp_path
):
    partner = PartnerFactory(name="Tallinn", country="EE", region="baltic")
    start = datetime.date(2025, 9, 1)
    table = [
        writers.edit_form(strategy_client, status="active", start_date=start.isoformat()),
        writers.admin(strategy_client, status="active", start_date=start.isoformat()),
        *writers.imports(
            strategy_client,
            strategy_user,
            tmp_path,
            "partnerships",
            status="active",
            start_date=start.isoformat(),
        ),
        writers.record_update(strategy_user, status="active", start_date=start),
    ]

    def make_partnership():
        partnership = PartnershipFactory(
            partner=partner, owner_unit=culture_unit, responsible_person=culture_user
        )
        PartnershipGoalFactory(partnership=partnership, title="Joint climate projects")
        return partnership

    rows = writers.written_alike(make_partnership, table)

    assert (rows["record"]["status"], rows["record"]["start_date"]) == ("active", start)
    [row] = rows["status_changes"]
    assert (row["from_status"], row["status"]) == ("explored", "active")
    assert [(row["history_type"], row["history_user"]) for row in rows["history"]] == [
        ("~", row["changed_by"])
    ]
    assert [event["kind"] for event in rows["events"]] == ["partnership.changed"]
    assert rows["events"][0]["payload"] == {"status": "active", "from_status": "explored"}
