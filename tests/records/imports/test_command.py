import pytest
from django.core.management import CommandError, call_command

from networks.models import Membership, Network

from .conftest import FILES

pytestmark = pytest.mark.django_db


def test_import_command_dry_run_marks_rows_and_saves_nothing(register, capsys):
    call_command("import", "memberships", str(FILES / "memberships_fi.csv"), "--dry-run", "--language", "en")

    out, err = capsys.readouterr()
    assert [line.split("\t")[:2] for line in out.splitlines()] == [
        ["2", "new"],
        ["3", "new"],
        ["4", "unchanged"],
    ]
    assert err == "Dry run, nothing saved: new 2, changed 0, unchanged 1, wrong 0.\n"
    assert Membership.objects.count() == 1


def test_import_command_saves_with_the_named_user_in_history(register, strategy_user):
    call_command("import", "memberships", str(FILES / "memberships_fi.csv"), "--user", "strategy")

    assert Membership.objects.count() == 3
    assert Membership.history.filter(history_user=strategy_user, history_type="+").count() == 2


def test_import_command_names_the_wrong_row_and_saves_nothing(register, capsys):
    with pytest.raises(CommandError, match=r"Nothing was saved: some rows are wrong \(.*wrong 1\)"):
        call_command("import", "memberships", str(FILES / "negative_fee.csv"), "--language", "en")

    assert "\tAnnual fee (€): A fee cannot be negative." in capsys.readouterr().out
    assert Membership.objects.count() == 1


def test_import_command_refuses_an_unreadable_file(register):
    with pytest.raises(CommandError, match=r"The file is empty\."):
        call_command("import", "memberships", str(FILES / "empty.csv"), "--language", "en")


def test_networks_import_by_name_and_unit(register, tmp_path):
    path = tmp_path / "verkostot.csv"
    path.write_text(
        "Nimi;Tyyppi;Vastuuyksikkö\r\nEurocities;Kaupunkiverkosto;kuva\r\nICLEI;Säätiö;kymp\r\n", "utf-8"
    )

    call_command("import", "networks", str(path))

    assert Network.objects.get(name="Eurocities").owner_unit.code == "kuva"
    assert Network.objects.get(name="ICLEI").kind == "foundation"
