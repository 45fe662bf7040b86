"""The read-only API's lists and details: the portal list's rows, filters, sorting and
visibility, related records as ids and names, ISO dates and money as decimal strings."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.strategy.models import SDG
from tests.factories import MembershipFactory, NetworkFactory, PriorityFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/v1/networks/memberships/"


def test_every_register_list_and_the_reference_data_have_an_endpoint():
    paths = {endpoint.path for endpoint in endpoints()}

    assert {
        "networks/memberships",
        "networks/networks",
        "partnerships/partnerships",
        "partnerships/partners",
        "eu_projects/applications",
        "eu_projects/calls",
        "eu_projects/programmes",
        "eu_projects/appropriations",
        "events/bids",
        "activities",
        "organisation/units",
        "strategy/priorities",
        "strategy/sdgs",
        "strategy/periods",
        "strategy/advocacy-topics",
    } <= paths


def test_an_endpoint_mirrors_the_path_of_the_portal_list():
    assert reverse("api:networks-memberships-list") == MEMBERSHIPS
    assert reverse("networks:membership-list") == "/networks/memberships/"
    # A list at the root of its register's URLs is at the register's own path.
    assert reverse("activities:activity-list") == "/activities/"
    assert reverse("api:activities-list") == "/api/v1/activities/"


def test_a_record_with_related_records_as_ids_and_names_dates_iso_money_as_strings(strategy_client):
    priority = PriorityFactory(name_en="Talent attraction")
    membership = MembershipFactory(
        network=NetworkFactory(name="Eurocities"),
        start_date=datetime.date(2024, 3, 1),
        annual_fee=Decimal("1234.50"),
    )
    membership.priorities.set([priority])
    membership.sdgs.set([SDG.objects.get(number=11)])

    row = strategy_client.get(MEMBERSHIPS).json()["results"][0]

    assert row["id"] == membership.pk
    assert row["network"] == {"id": membership.network_id, "name": "Eurocities"}
    assert row["priorities"] == [{"id": priority.pk, "name": str(priority)}]
    assert row["sdgs"] == [{"id": 11, "name": str(SDG.objects.get(number=11))}]
    assert row["start_date"] == "2024-03-01"
    assert row["annual_fee"] == "1234.50"
    assert "version" not in row
    assert strategy_client.get(f"{MEMBERSHIPS}{membership.pk}/").json() == row


def test_responsible_persons_only_for_those_who_may_export_personal_data(strategy_client, culture_client):
    membership = MembershipFactory()

    assert strategy_client.get(MEMBERSHIPS).json()["results"][0]["responsible_person"] == {
        "id": membership.responsible_person_id,
        "name": str(membership.responsible_person),
    }
    assert "responsible_person" not in culture_client.get(MEMBERSHIPS).json()["results"][0]
    assert "responsible_person" not in culture_client.get(f"{MEMBERSHIPS}{membership.pk}/").json()


def test_a_units_contact_address_is_personal_data(strategy_client, culture_client):
    assert "contact_email" in strategy_client.get("/api/v1/organisation/units/").json()["results"][0]
    assert "contact_email" not in culture_client.get("/api/v1/organisation/units/").json()["results"][0]


def test_the_portal_lists_filters_and_sorting(culture_client):
    cheap = MembershipFactory(network=NetworkFactory(name="B network"), annual_fee=Decimal("10.00"))
    dear = MembershipFactory(network=NetworkFactory(name="A network"), annual_fee=Decimal("900.00"))
    MembershipFactory(network=NetworkFactory(name="C network"), status="active", start_date="2020-01-01")

    def ids(query):
        response = culture_client.get(MEMBERSHIPS + query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("?status=proposed&sort=fee") == [cheap.pk, dear.pk]
    assert ids("?status=proposed&sort=-fee") == [dear.pk, cheap.pk]
    assert ids("?q=A+network") == [dear.pk]


def test_a_filter_out_of_range_is_a_400_with_the_fields_error(culture_client):
    response = culture_client.get(MEMBERSHIPS + "?status=no-such-status")

    assert response.status_code == 400
    assert "status" in response.json()


def test_cursor_pages_cover_the_list_once_in_its_order(culture_client):
    created = [MembershipFactory(annual_fee=Decimal(n)).pk for n in range(7)]
    seen, url = [], MEMBERSHIPS + "?sort=fee&page_size=3"
    pages = 0
    while url:
        page = culture_client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1

    assert seen == created
    assert pages == 3
    back = culture_client.get(culture_client.get(MEMBERSHIPS + "?sort=fee&page_size=3").json()["next"]).json()
    assert [row["id"] for row in culture_client.get(back["previous"]).json()["results"]] == created[:3]


@pytest.mark.parametrize("cursor", ["nonsense", "cD0tMQ==", "eD0x", "%FF"])
def test_a_cursor_the_list_did_not_give_is_a_404(culture_client, cursor):
    assert culture_client.get(f"{MEMBERSHIPS}?cursor={cursor}").status_code == 404


def test_writes_are_not_allowed(strategy_client):
    membership = MembershipFactory()

    assert strategy_client.post(MEMBERSHIPS, {}).status_code == 405
    assert strategy_client.delete(f"{MEMBERSHIPS}{membership.pk}/").status_code == 405


def test_an_unknown_record_is_a_404(culture_client):
    assert culture_client.get(f"{MEMBERSHIPS}999999/").status_code == 404


@pytest.mark.parametrize("record", ["0.5", "1.json", "x"])
@pytest.mark.parametrize("ask, content_type", [({}, "application/json"), ({"format": "csv"}, "text/csv")])
def test_an_id_that_is_no_record_s_is_the_api_s_404_not_the_portal_s_page(
    culture_client, record, ask, content_type
):
    response = culture_client.get(f"{MEMBERSHIPS}{record}/", ask)

    assert response.status_code == 404
    assert response["Content-Type"].startswith(content_type)
