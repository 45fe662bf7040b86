"""The admin's import refuses the files the portal's import refuses, before reading any row."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Partner

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
