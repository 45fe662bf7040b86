"""Each register's import page of columns, and the empty files (CSV and Excel) to start from."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file

pytestmark = pytest.mark.django_db


def template_rows(response, file_format: str) -> list[list[str]]:
    if file_format == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("resource", importers.names())
def test_an_empty_file_has_the_headers_of_the_person_s_language_that_the_import_reads(
    strategy_client, strategy_user, resource, file_format, language
):
    strategy_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = strategy_client.get(reverse("import-template", args=[resource, file_format]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    headers, example, *rest = template_rows(response, file_format)
    assert rest == []
    with translation.override(language):
        importer = importers.resource_class(resource)()
        assert set(headers) == {
            str(field.column_name) for name, field in importer.fields.items() if name != "id"
        }
        assert len(example) == len(headers) and any(example)
        # Every header is the import's own: the dry run reads the file (its rows may still name
        # records that are not in the portal).
        report = import_file(
            resource=resource, data=response.content, file_name="template", user=strategy_user, dry_run=True
        )
    assert report.ignored_columns == []
    assert len(report.rows) == 1


def test_the_columns_page_says_which_are_required_what_each_takes_and_gives_an_example(strategy_client):
    strategy_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = strategy_client.get(reverse("import-guide", args=["memberships"]))

    assert response.status_code == 200
    columns = {column.header: column for column in response.context["columns"]}
    assert columns["Network"].required and columns["Network"].identifies
    assert not columns["Annual fee (€)"].required
    assert columns["Annual fee (€)"].accepts == "An amount in euros: 1500.00 or 1 500,00."
    assert columns["Responsible person"].example == "Elina Laaksonen <elina.laaksonen@hel.fi>"
    assert columns["Status"].accepts.startswith("One of: “Proposed”, ")
    assert columns["Goals"].example == "Host a forum meeting; Lead a working group"
    page = response.content.decode()
    assert reverse("import-template", args=["memberships", "xlsx"]) in page
    assert reverse("import-template", args=["memberships", "csv"]) in page


def test_the_import_page_links_to_every_register_s_columns(strategy_client):
    page = strategy_client.get(reverse("imports")).content.decode()

    for name in importers.names():
        assert reverse("import-guide", args=[name]) in page


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("import-guide", ["nothing"]),
        ("import-template", ["nothing", "csv"]),
        ("import-template", ["memberships", "pdf"]),
    ],
)
def test_an_unknown_register_or_format_is_not_found(strategy_client, url_name, args):
    assert strategy_client.get(reverse(url_name, args=args)).status_code == 404
