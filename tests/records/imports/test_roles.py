"""The import of the roles the city holds in networks, matched by membership, title and start date."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file
from networks.models import Role
from tests.factories import RoleFactory

from .conftest import FILES, sample

pytestmark = pytest.mark.django_db


def run(name: str, user, *, dry_run: bool = False):
    return import_file(resource="roles", data=sample(name), file_name=name, user=user, dry_run=dry_run)


def outcome(report) -> list[tuple]:
    return [
        (row.number, row.status, [(error.column, error.message) for error in row.errors])
        for row in report.rows
    ]


def test_roles_import_with_their_holders_then_the_same_file_is_unchanged(register, strategy_user):
    membership = register["existing"]

    report = run("roles_fi.csv", strategy_user)

    assert outcome(report) == [(2, "new", []), (3, "new", [])]
    chair = Role.objects.get(title="Kulttuurifoorumin puheenjohtaja")
    assert (chair.membership, chair.holder, chair.holder_user) == (
        membership,
        "Anna Virtanen",
        register["person"],
    )
    assert (chair.start_date, chair.end_date) == (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    board = Role.objects.get(title="Hallituksen jäsen")
    assert (board.membership, board.start_date, board.end_date) == (
        membership,
        datetime.date(2023, 6, 1),
        None,
    )
    # Without the holder's name the portal account's full name is used.
    assert board.holder == register["person"].get_full_name()
    for role in (chair, board):
        entry = role.history.get()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "+",
            strategy_user,
            "Import: roles_fi.csv",
        )

    again = run("roles_fi.csv", strategy_user)

    assert outcome(again) == [(2, "unchanged", []), (3, "unchanged", [])]
    assert Role.objects.count() == 2
    assert Role.history.count() == 2


def test_a_changed_role_is_marked_changed_and_saved_with_history(register, strategy_user):
    role = RoleFactory(
        membership=register["existing"],
        title="Kulttuurifoorumin puheenjohtaja",
        holder="Anna Virtanen",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )

    report = run("roles_fi.csv", strategy_user)

    assert [row.status for row in report.rows] == ["changed", "new"]
    role.refresh_from_db()
    assert (role.end_date, role.holder_user) == (datetime.date(2025, 12, 31), register["person"])
    latest = role.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", strategy_user)


def test_a_row_matching_two_roles_is_wrong(register, strategy_user):
    for holder in ("Anna Virtanen", "Matti Meikäläinen"):
        RoleFactory(
            membership=register["existing"],
            title="Kulttuurifoorumin puheenjohtaja",
            holder=holder,
            start_date=datetime.date(2024, 1, 1),
            end_date=None,
        )

    report = run("roles_fi.csv", strategy_user)

    assert [r for r in outcome(report) if r[1] == "wrong"] == [
        (2, "wrong", [("Title", "Several roles of this membership have this title and start date.")])
    ]
    assert Role.objects.count() == 2


def test_the_dry_run_marks_each_row_and_saves_nothing(register, strategy_user):
    report = run("roles_fi.csv", strategy_user, dry_run=True)

    assert report.counts == {"new": 2, "changed": 0, "unchanged": 0, "wrong": 0}
    assert not Role.objects.exists()


def test_a_role_in_an_ended_membership_is_not_matched(register, strategy_user):
    """Only a current membership takes roles: the row names the network, not an old membership."""
    register["existing"].status = "ended"
    register["existing"].end_date = datetime.date(2024, 12, 31)
    register["existing"].save()

    report = run("roles_fi.csv", strategy_user, dry_run=True)

    message = "Urban Environment Division has no current membership in Eurocities."
    assert outcome(report) == [(2, "wrong", [("Network", message)]), (3, "wrong", [("Network", message)])]


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        ("roles_unknown_network.csv", 3, "Network", "There is no network “Metropolis”."),
        (
            "roles_no_membership.csv",
            3,
            "Network",
            "Urban Environment Division has no current membership in Covenant of Mayors.",
        ),
        (
            "roles_bad_date.csv",
            3,
            "Start date",
            "“31.2.2024” is not a date: write it as 31.1.2025 or 2025-01-31.",
        ),
        ("roles_end_before_start.csv", 3, "End date", "A role cannot end before it starts."),
        (
            "roles_unknown_holder.csv",
            3,
            "Holder's portal account",
            "There is no single person with the user name or e-mail “matti.meikalainen”.",
        ),
        ("roles_duplicate.csv", 4, "Network", "This row repeats row 2."),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_saved(register, strategy_user, name, row, column, message):
    for dry_run in (True, False):
        report = run(name, strategy_user, dry_run=dry_run)

        assert [r for r in outcome(report) if r[1] == "wrong"] == [(row, "wrong", [(column, message)])]
        assert not report.saved
        assert not Role.objects.exists()
        assert not Role.history.exists()


def test_a_row_without_the_owner_unit_names_the_column(register, strategy_user):
    data = sample("roles_fi.csv").replace(b"Eurocities;kymp;", b"Eurocities;;")

    report = import_file(resource="roles", data=data, file_name="r.csv", user=strategy_user, dry_run=False)

    assert [r for r in outcome(report) if r[1] == "wrong"] == [
        (2, "wrong", [("Owner unit", "This field cannot be null.")])
    ]
    assert not Role.objects.exists()


def test_import_command_dry_run_of_roles(register, capsys):
    call_command("import", "roles", str(FILES / "roles_fi.csv"), "--dry-run", "--language", "en")

    out, err = capsys.readouterr()
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["2", "new"], ["3", "new"]]
    assert err == "Dry run, nothing saved: new 2, changed 0, unchanged 0, wrong 0.\n"
    assert not Role.objects.exists()


def test_exported_roles_import_unchanged(register, strategy_user):
    """The admin's export of roles is a file the import reads back as it is."""
    run("roles_fi.csv", strategy_user)

    exported = importers.resource_class("roles")().export(queryset=Role.objects.all())

    report = import_file(
        resource="roles", data=exported.csv.encode(), file_name="r.csv", user=strategy_user, dry_run=True
    )
    assert [row.status for row in report.rows] == ["unchanged", "unchanged"]


def test_the_portal_offers_roles_and_imports_them_on_confirmation(register, strategy_client):
    page = strategy_client.get(reverse("imports")).content.decode()
    assert '<option value="roles">Roles</option>' in page

    preview = strategy_client.post(
        reverse("imports"),
        {"resource": "roles", "file": SimpleUploadedFile("roles_fi.csv", sample("roles_fi.csv"))},
    )
    assert "Confirm the import" in preview.content.decode()
    assert not Role.objects.exists()

    confirmed = strategy_client.post(reverse("imports-confirm"), follow=True)

    assert "roles_fi.csv imported: 2 new, 0 changed, 0 unchanged." in confirmed.content.decode()
    assert Role.objects.count() == 2
