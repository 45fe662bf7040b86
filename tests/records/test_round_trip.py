"""Every list's export imports back unchanged: a member of staff who downloads a list, fixes it in
a spreadsheet and uploads it again changes only what they fixed.

Each register's list is downloaded from the portal, as CSV and as Excel, in Finnish, Swedish and
English, with the demo data; the import's dry run of the file must find every row unchanged.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file

pytestmark = pytest.mark.django_db

LISTS = {
    "memberships": "networks:membership-list",
    "networks": "networks:network-list",
    "partners": "partnerships:partner-list",
    "partnerships": "partnerships:partnership-list",
    "programmes": "eu_projects:programme-list",
    "calls": "eu_projects:call-list",
    "applications": "eu_projects:application-list",
    "bids": "events:eventbid-list",
    "activities": "activities:activity-list",
}


def test_every_register_with_a_list_export_and_an_import_is_tried():
    assert set(LISTS) == set(importers.names()) & set(list_exports.names())


@pytest.fixture
def affairs_client(client, settings):
    settings.DEBUG = True  # the demo accounts are made only in demo mode
    call_command("seed_demo", "--accounts")
    settings.DEBUG = False
    user = get_user_model().objects.get(username="strategy")
    client.force_login(user)
    return client, user


def downloaded(client, url_name: str, file_format: str, language: str) -> bytes:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(url_name), {"export": file_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_list_exported_imports_back_with_every_row_unchanged(affairs_client, file_format, language):
    client, user = affairs_client
    outcomes = {}
    for name, url_name in LISTS.items():
        data = downloaded(client, url_name, file_format, language)
        with translation.override(language):
            report = import_file(
                resource=name, data=data, file_name=f"{name}.{file_format}", user=user, dry_run=True
            )
        outcomes[name] = {
            "unchanged": report.count("unchanged"),
            "others": [
                (row.number, row.status, [error.message for error in row.errors])
                for row in report.rows
                if row.status != "unchanged"
            ],
        }

    assert {name: outcome["others"] for name, outcome in outcomes.items()} == {name: [] for name in LISTS}
    assert all(outcome["unchanged"] > 0 for outcome in outcomes.values()), outcomes
