"""Each register's list is one table: the page's columns, its sorts and its export's columns."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone

from helsinki_intl.records.export.columns import ListExportResource, list_exports
from helsinki_intl.records.tables import DATE, MONEY, Column, Table
from networks.models import Membership
from tests.factories import MembershipFactory

LISTS = {
    "networks": "networks:network-list",
    "memberships": "networks:membership-list",
    "partners": "partnerships:partner-list",
    "partnerships": "partnerships:partnership-list",
    "programmes": "eu_projects:programme-list",
    "calls": "eu_projects:call-list",
    "applications": "eu_projects:application-list",
    "appropriations": "eu_projects:cofinancingappropriation-list",
    "bids": "events:eventbid-list",
}


def test_every_register_list_has_a_table():
    for name in LISTS:
        assert list_exports.get(name).table is not None, name


@pytest.mark.parametrize("name", LISTS)
def test_the_export_s_columns_are_the_table_s(name):
    resource = list_exports.get(name)
    table = resource.table
    assert [str(field.column_name) for field in resource().columns(personal_data=True)] == [
        str(column.label) for column in table.columns
    ]


@pytest.fixture
def demo_client(client, settings):
    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="strategy"))
    return client


def _texts(cells_html: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells_html]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_the_page_shows_the_table_s_columns_and_offers_its_sorts(name, demo_client):
    table = list_exports.get(name).table
    response = demo_client.get(reverse(LISTS[name]))
    page = response.content.decode()

    head = page[page.index("<thead>") : page.index("</thead>")]
    headers = _texts(re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head, re.S))
    assert headers == [str(column.header) for column in table.shown]
    sortable = re.findall(r'<th scope="col"[^>]*><a href="\?[^"]*sort=([\w-]+)', head)
    assert sortable == [column.sort for column in table.shown if column.sort]

    body = page[page.index("<tbody") : page.index("</tbody>")]
    first_row = body[body.index("<tr>") : body.index("</tr>")]
    assert first_row.count("<td") == len(table.shown)
    # A narrow screen shows each cell under its column's header.
    labels = re.findall(r'<td data-label="([^"]*)"', first_row)
    assert labels == [str(column.header) for column in table.shown]

    choices = response.context["filter"].form.fields["sort"].choices
    offered = [key for key, _label in choices if key and not key.startswith("-")]
    assert offered == [column.sort for column in table.columns if column.sort]


@pytest.mark.django_db
def test_a_new_column_is_on_the_page_in_the_sorts_and_in_the_export():
    added = Column.of(Membership, "end_date", kind=DATE, header="Ends", sort="ends")
    table = Table(*list_exports.get("memberships").table.columns[:2], added)

    class Meta:
        model = Membership

    exported = type("Export", (ListExportResource,), {"table": table, "Meta": Meta})
    assert list(exported.fields) == ["network", "owner_unit", "end_date"]
    assert ("end_date", "ends", "Ends") in table.sorts()
    ordering = table.ordering_filter()
    assert ordering.param_map == {
        "network": "network__name",
        "owner_unit": "owner_unit__name_fi",
        "ends": "end_date",
    }

    membership = MembershipFactory(end_date=None)
    cells = table.cells(membership)
    assert len(cells) == 3 and cells[2].html == "—"
    assert membership.get_absolute_url() in cells[0].html


def test_a_money_column_is_a_number_on_the_page_and_in_the_export():
    column = Column.of(Membership, "annual_fee", kind=MONEY, header="Fee")
    assert column.is_numeric
    assert type(column.field().widget).__name__ == "MoneyWidget"


@pytest.mark.django_db
def test_the_list_page_escapes_what_a_person_typed(strategy_client):
    membership = MembershipFactory(network__name="<script>alert(1)</script>")
    page = strategy_client.get(reverse("networks:membership-list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    rows = re.findall(r"<tr>\s*<td[ >].*?</tr>", page, re.S)
    assert any(membership.get_absolute_url() in row for row in rows)


@pytest.mark.django_db
def test_only_a_review_past_its_date_is_marked_overdue():
    review_column = next(
        column for column in list_exports.get("memberships").table.shown if column.sort == "review"
    )
    today = timezone.localdate()
    late = MembershipFactory(active=True, next_review_due=today - datetime.timedelta(days=1))
    coming = MembershipFactory(active=True, next_review_due=today + datetime.timedelta(days=30))
    assert '<span class="hds-tag status-tag--overdue">Overdue</span>' in review_column.render(late)
    assert "overdue" not in review_column.render(coming).lower()
    assert formats.date_format(coming.next_review_due, "SHORT_DATE_FORMAT") in review_column.render(coming)
