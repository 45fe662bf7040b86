import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from networks.models import Membership

from .conftest import sample
from .workbooks import HOSTILE_WORKBOOKS

pytestmark = pytest.mark.django_db


def upload(client, name: str, resource: str = "memberships"):
    return client.post(
        reverse("imports"), {"resource": resource, "file": SimpleUploadedFile(name, sample(name))}
    )


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("culture_client", 403), ("coordinator_client", 403), ("strategy_client", 200)],
)
def test_only_international_affairs_may_import(request, register, client_name, status):
    client = request.getfixturevalue(client_name)

    assert client.get(reverse("imports")).status_code == status
    assert upload(client, "memberships_fi.csv").status_code == status
    assert client.post(reverse("imports-confirm")).status_code == (302 if status == 200 else 403)
    assert Membership.objects.count() == (3 if status == 200 else 1)


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse("imports")).status_code == 302


def test_the_nav_links_to_imports_for_international_affairs_only(strategy_client, culture_client):
    assert 'href="/imports/"' in strategy_client.get(reverse("home")).content.decode()
    assert 'href="/imports/"' not in culture_client.get(reverse("home")).content.decode()


def test_dry_run_then_confirm_saves_the_file(register, strategy_client, strategy_user):
    preview = upload(strategy_client, "memberships_fi.xlsx")

    page = preview.content.decode()
    assert "<caption>Rows of the file (the header row is row 1)</caption>" in page
    assert "Confirm the import" in page
    assert Membership.objects.count() == 1

    confirmed = strategy_client.post(reverse("imports-confirm"), follow=True)

    assert "memberships_fi.xlsx imported: 2 new, 0 changed, 1 unchanged." in confirmed.content.decode()
    assert Membership.objects.count() == 3
    assert Membership.history.filter(history_user=strategy_user, history_type="+").count() == 2


def test_a_file_is_imported_once_however_often_confirm_is_posted(register, strategy_client):
    upload(strategy_client, "memberships_fi.csv")
    strategy_client.post(reverse("imports-confirm"))

    again = strategy_client.post(reverse("imports-confirm"), follow=True)

    assert "The file of the dry run is no longer available: upload it again." in again.content.decode()
    assert Membership.objects.count() == 3


def test_wrong_rows_are_shown_and_cannot_be_confirmed(register, strategy_client):
    preview = upload(strategy_client, "unknown_unit.csv")

    page = preview.content.decode()
    assert "1 row is wrong: correct the file and upload it again. Nothing has been saved." in page
    assert "Owner unit: There is no organisation unit “Tuntematon toimiala”." in page
    assert "Confirm the import" not in page
    assert strategy_client.post(reverse("imports-confirm")).status_code == 302
    assert Membership.objects.count() == 1


def test_a_file_that_cannot_be_read_is_a_field_error(register, strategy_client):
    response = upload(strategy_client, "formula.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Cell H3 holds a formula; only values can be imported."]
    }


@pytest.mark.parametrize("name", HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_a_damaged_file_and_saves_nothing(register, strategy_client, name):
    upload = SimpleUploadedFile("memberships.xlsx", HOSTILE_WORKBOOKS[name]())

    response = strategy_client.post(reverse("imports"), {"resource": "memberships", "file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["The Excel file is damaged or incomplete."]}
    assert strategy_client.post(reverse("imports-confirm")).status_code == 302
    assert Membership.objects.count() == 1


def test_a_csv_of_one_fifty_megabyte_line_is_refused_and_saves_nothing(register, strategy_client):
    upload = SimpleUploadedFile("memberships.csv", b"x" * (50 * 1024 * 1024))

    response = strategy_client.post(reverse("imports"), {"resource": "memberships", "file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file is too large: at most 5.0\xa0MB can be imported."]
    }
    assert Membership.objects.count() == 1
