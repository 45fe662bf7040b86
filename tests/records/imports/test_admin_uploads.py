"""The admin's import refuses the files the portal's import refuses, before reading any row."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helsinki_intl.records.imports.service import import_file
from networks.models import Membership, Role
from partnerships.models import Partner
from tests.partnerships.factories import PartnerFactory

from .conftest import sample

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:partnerships_partner_import"
CSV_FORMAT = "0"
XLSX_FORMAT = "1"


def zip_bomb() -> bytes:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return bomb.getvalue()


def post(client, name: str, data: bytes, file_format: str):
    return client.post(
        reverse(IMPORT_URL),
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    ("name", "data", "file_format", "message"),
    [
        ("bomb.xlsx", zip_bomb(), XLSX_FORMAT, "The Excel file unpacks to too much data to be imported."),
        (
            "formula.xlsx",
            sample("formula.xlsx"),
            XLSX_FORMAT,
            "Cell H3 holds a formula; only values can be imported.",
        ),
        (
            "windows1252.csv",
            sample("windows1252.csv"),
            CSV_FORMAT,
            "The file is not in UTF-8 (line 1). Save it as “CSV UTF-8” and try again.",
        ),
    ],
)
def test_a_refused_file_gives_the_form_error_and_saves_nothing(
    strategy_client, name, data, file_format, message
):
    response = post(strategy_client, name, data, file_format)

    assert response.status_code == 200
    assert response.context["form"].errors == {"import_file": [message]}
    assert "confirm_form" not in response.context
    assert not Partner.objects.exists()


def test_a_good_file_reaches_the_confirm_page(strategy_client, strategy_unit):
    data = b"name,kind,country,region,owner_unit\r\nRiga,city,LV,baltic,strategia\r\n"

    response = post(strategy_client, "partners.csv", data, CSV_FORMAT)

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_errors()
    assert not Partner.objects.exists()


def test_the_admin_offers_csv_and_xlsx_only(strategy_client):
    form = strategy_client.get(reverse(IMPORT_URL)).context["form"]

    assert [label for _value, label in form.fields["format"].choices] == ["---", "csv", "xlsx"]


def confirm(client, response):
    """Confirm the admin's dry run, as its confirm button does."""
    confirm_form = response.context["confirm_form"]
    return client.post(reverse("admin:partnerships_partner_process_import"), confirm_form.initial)


def test_a_finnish_file_runs_dry_then_imports_on_confirmation(strategy_client, strategy_user, culture_unit):
    response = post(strategy_client, "partners_fi.csv", sample("partners_fi.csv"), CSV_FORMAT)

    result = response.context["result"]
    assert result.diff_headers == ["Name", "Kind", "Country", "Region", "Website", "Owner unit"]
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert b"Baltic countries" in response.content
    assert not Partner.objects.exists()

    confirmed = confirm(strategy_client, response)

    assert confirmed.status_code == 302
    riga = Partner.objects.get(name="Riika")
    assert (riga.kind, riga.region, riga.owner_unit.code) == ("city", "baltic", "strategia")
    assert Partner.objects.get(name="UN-Habitat").owner_unit == culture_unit
    entry = riga.history.get()
    assert (entry.history_user, entry.history_change_reason) == (strategy_user, "Import: partners_fi.csv")

    again = post(strategy_client, "partners_fi.csv", sample("partners_fi.csv"), CSV_FORMAT)

    assert [row.import_type for row in again.context["result"].rows] == ["skip", "skip"]


def test_a_wrong_row_in_the_admin_names_its_column_and_saves_nothing(strategy_client, culture_unit):
    data = sample("partners_fi.csv").replace(b";LV;", b";;")

    response = post(strategy_client, "partners_fi.csv", data, CSV_FORMAT)

    [invalid] = response.context["result"].invalid_rows
    assert (invalid.number, invalid.error_dict) == (1, {"country": ["A city needs a country."]})
    assert "confirm_form" not in response.context
    assert not Partner.objects.exists()


def test_an_unknown_column_is_a_form_error(strategy_client, strategy_unit):
    data = b"Nimi;Tyyppi;Maa;Vastuuyksikk\xc3\xb6;Huomiot\r\nRiika;Kaupunki;LV;strategia;x\r\n"

    response = post(strategy_client, "partners.csv", data, CSV_FORMAT)

    assert response.context["form"].errors == {"import_file": ["Unknown column “Huomiot”."]}
    assert not Partner.objects.exists()


def test_the_confirmed_import_saves_nothing_when_a_row_has_gone_wrong_since_the_dry_run(
    strategy_client, strategy_unit, culture_unit
):
    response = post(strategy_client, "partners_fi.csv", sample("partners_fi.csv"), CSV_FORMAT)
    culture_unit.code = "kulttuuri"
    culture_unit.name_fi = "Kulttuuri"
    culture_unit.save()

    confirmed = confirm(strategy_client, response)

    assert confirmed.url == reverse(IMPORT_URL)
    assert [str(message) for message in get_messages(confirmed.wsgi_request)] == [
        "Nothing was saved: some rows are wrong. Upload the file again to see them."
    ]
    assert not Partner.objects.exists()


def test_roles_import_in_the_admin_with_the_portal_columns(strategy_client, strategy_user, register):
    response = strategy_client.post(
        reverse("admin:networks_role_import"),
        {
            "resource": "0",
            "format": CSV_FORMAT,
            "import_file": SimpleUploadedFile("r.csv", sample("roles_fi.csv")),
        },
    )

    result = response.context["result"]
    assert result.diff_headers == [
        "Network",
        "Owner unit",
        "Title",
        "Holder",
        "Holder's portal account",
        "Start date",
        "End date",
    ]
    assert [row.import_type for row in result.rows] == ["new", "new"]

    strategy_client.post(
        reverse("admin:networks_role_process_import"), response.context["confirm_form"].initial
    )

    assert Role.objects.filter(membership=register["existing"]).count() == 2
    assert {entry.history_user for entry in Role.history.all()} == {strategy_user}


def test_the_admin_exports_the_columns_it_imports(strategy_client, strategy_user, strategy_unit):
    PartnerFactory(name="Riika", kind="city", country="LV", region="baltic", owner_unit=strategy_unit)
    form = strategy_client.get(reverse("admin:partnerships_partner_export")).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if label == "csv")
    selected = {
        name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)
    }

    response = strategy_client.post(
        reverse("admin:partnerships_partner_export"), {"format": csv_format, "resource": "0", **selected}
    )

    exported = response.content
    assert exported.decode("utf-8-sig").splitlines() == [
        "Name,Kind,Country,Region,Website,Owner unit",
        "Riika,City,LV,Baltic countries,,strategia",
    ]
    report = import_file(
        resource="partners", data=exported, file_name="e.csv", user=strategy_user, dry_run=True
    )
    assert [row.status for row in report.rows] == ["unchanged"]


def test_memberships_with_lists_run_dry_then_import_row_by_row_in_the_admin(
    strategy_client, strategy_user, register
):
    upload = {"resource": "0", "format": CSV_FORMAT}
    upload["import_file"] = SimpleUploadedFile("memberships_fi.csv", sample("memberships_fi.csv"))
    response = strategy_client.post(reverse("admin:networks_membership_import"), upload)

    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["new", "new", "skip"]
    assert not result.has_errors()

    confirmed = strategy_client.post(
        reverse("admin:networks_membership_process_import"), response.context["confirm_form"].initial
    )

    assert confirmed.status_code == 302
    membership = Membership.objects.get(network__name="Eurocities", owner_unit__code="kuva")
    assert sorted(sdg.number for sdg in membership.sdgs.all()) == [11, 13]
    assert membership.goals.count() == 2
    entry = membership.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (strategy_user, "Import: memberships_fi.csv")
    assert sorted(link.sdg.number for link in entry.sdgs.all()) == [11, 13]
