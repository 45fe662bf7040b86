import datetime
from decimal import Decimal
from unittest import mock

import pytest

from helsinki_intl.records.imports import service
from helsinki_intl.records.imports.service import import_file
from networks.models import Membership

from .conftest import sample

pytestmark = pytest.mark.django_db


def run(name: str, user, *, dry_run: bool = True, resource: str = "memberships"):
    return import_file(resource=resource, data=sample(name), file_name=name, user=user, dry_run=dry_run)


def outcome(report) -> list[tuple]:
    return [
        (row.number, row.status, [(error.column, error.message) for error in row.errors])
        for row in report.rows
    ]


@pytest.mark.parametrize("name", ["memberships_fi.csv", "memberships_fi.xlsx"])
def test_dry_run_marks_each_row_and_saves_nothing(register, strategy_user, name):
    report = run(name, strategy_user)

    assert outcome(report) == [(2, "new", []), (3, "new", []), (4, "unchanged", [])]
    assert report.counts == {"new": 2, "changed": 0, "unchanged": 1, "wrong": 0}
    assert Membership.objects.count() == 1


@pytest.mark.parametrize("name", ["memberships_fi.csv", "memberships_fi.xlsx"])
def test_import_saves_rows_with_their_goals_and_history(register, strategy_user, name):
    report = run(name, strategy_user, dry_run=False)

    assert report.saved
    membership = Membership.objects.get(network__name="Eurocities", owner_unit__code="kuva")
    assert membership.status == "active"
    assert membership.start_date == datetime.date(2020, 1, 1)
    assert membership.annual_fee == Decimal("12500.00")
    assert [unit.code for unit in membership.participating_units.all()] == ["kymp"]
    assert [priority.code for priority in membership.priorities.all()] == ["talent"]
    assert sorted(sdg.number for sdg in membership.sdgs.all()) == [11, 13]
    assert [goal.title for goal in membership.goals.all()] == [
        "Oppia muilta kaupungeilta",
        "Vaikuttaa EU:n kaupunkipolitiikkaan",
    ]
    covenant = Membership.objects.get(network__name="Covenant of Mayors")
    assert covenant.owner_unit.code == "kymp"
    assert covenant.review_interval_months == 24
    for record in (membership, covenant, *membership.goals.all()):
        entry = record.history.earliest()
        assert entry.history_user == strategy_user
        assert entry.history_change_reason == f"Import: {name}"
    assert Membership.objects.count() == 3


def test_a_changed_row_is_marked_changed_and_saved_with_history(register, strategy_user):
    register["existing"].annual_fee = Decimal("900.00")
    register["existing"].save()

    report = run("memberships_fi.csv", strategy_user, dry_run=False)

    assert [row.status for row in report.rows] == ["new", "new", "changed"]
    register["existing"].refresh_from_db()
    assert register["existing"].annual_fee == Decimal("1000.00")
    latest = register["existing"].history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        strategy_user,
        "Import: memberships_fi.csv",
    )


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        (
            "unknown_unit.csv",
            3,
            "Owner unit",
            "There is no organisation unit “Tuntematon toimiala”.",
        ),
        (
            "bad_date.csv",
            2,
            "Start date",
            "“31.2.2020” is not a date: write it as 31.1.2025 or 2025-01-31.",
        ),
        ("negative_fee.csv", 2, "Annual fee (€)", "A fee cannot be negative."),
        ("far_date.csv", 2, "Start date", "Give a date in the years 1900–2100."),
        (
            "control_character_goal.csv",
            2,
            "Goals",
            "Write this on one line, without line breaks or other control characters.",
        ),
        ("missing_required.csv", 3, "Responsible person", "This field cannot be null."),
        ("duplicate.csv", 4, "Network", "This row repeats row 2."),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_saved(register, strategy_user, name, row, column, message):
    for dry_run in (True, False):
        report = run(name, strategy_user, dry_run=dry_run)

        wrong = [
            (r.number, [(e.column, e.message) for e in r.errors]) for r in report.rows if r.status == "wrong"
        ]
        assert wrong == [(row, [(column, message)])]
        assert not report.saved
        assert Membership.objects.count() == 1
        assert Membership.history.count() == 1


def test_the_import_is_logged_for_the_audit(register, strategy_user):
    with mock.patch.object(service.audit_log, "info") as info:
        run("memberships_fi.csv", strategy_user, dry_run=False)

    assert [call.args[0] % call.args[1:] for call in info.call_args_list] == [
        "import resource=memberships file='memberships_fi.csv' user=strategy saved=True "
        "new=2 changed=0 unchanged=1 wrong=0"
    ]


def test_an_import_shows_on_the_dashboard_at_once(register, strategy_user, culture_client):
    def current_memberships() -> int:
        response = culture_client.get("/")
        return sum(row.figures[0].count for row in response.context["charts"][1].rows)

    assert current_memberships() == 1

    run("memberships_fi.csv", strategy_user, dry_run=False)

    assert current_memberships() == Membership.objects.current().count() == 3


def test_an_import_s_bulk_inserts_say_the_data_changed(register, strategy_user):
    """Bulk inserts send no save signals: the import itself says so."""
    networks = "Nimi;Tyyppi;Vastuuyksikkö\r\nICLEI;Säätiö;kymp\r\n".encode()
    with mock.patch("helsinki_intl.records.imports.resources.registers_changed") as changed:
        report = import_file(
            resource="networks", data=networks, file_name="verkostot.csv", user=strategy_user, dry_run=False
        )

    assert report.saved
    changed.assert_called()
