"""The filters of the partnership and partner lists, and the lists' constant number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helsinki_intl.strategy.models import SDG
from partnerships.models import Partnership
from tests.factories import OrgUnitFactory, PriorityFactory, UserFactory
from tests.partnerships.factories import (
    ContactFactory,
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
)
from tests.partnerships.helpers import html, url

pytestmark = pytest.mark.django_db


def listed(client, name: str, **params) -> list:
    response = client.get(url(name), params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def partnerships(client, **params) -> list:
    return listed(client, "partnership-list", **params)


def partners(client, **params) -> list:
    return listed(client, "partner-list", **params)


# Partnership list -----------------------------------------------------------------------------


def test_filter_by_status(culture_client):
    active = PartnershipFactory(active=True)
    explored = PartnershipFactory()
    dormant = PartnershipFactory(status="dormant")

    assert partnerships(culture_client, status="active") == [active]
    assert partnerships(culture_client, status="explored") == [explored]
    assert partnerships(culture_client, status="dormant") == [dormant]
    assert partnerships(culture_client, status="ended") == []


def test_filter_by_type(culture_client):
    thematic = PartnershipFactory(partner__name="Stockholm")
    project = PartnershipFactory(partner__name="Seoul", type="project_based")
    twin = PartnershipFactory(partner__name="Tallinn", type="twin_city")

    assert partnerships(culture_client, type="thematic") == [thematic]
    assert partnerships(culture_client, type="project_based") == [project]
    assert partnerships(culture_client, type="twin_city") == [twin]


def test_filter_by_owner_unit(culture_client, culture_unit, urban_unit):
    culture = PartnershipFactory(owner_unit=culture_unit)
    urban = PartnershipFactory(owner_unit=urban_unit)

    assert partnerships(culture_client, owner_unit=culture_unit.pk) == [culture]
    assert partnerships(culture_client, owner_unit=urban_unit.pk) == [urban]


def test_filter_by_priority_and_sdg(culture_client):
    climate = PriorityFactory(code="climate")
    talent = PriorityFactory(code="talent")
    sdg_11, sdg_13 = SDG.objects.get(number=11), SDG.objects.get(number=13)
    both = PartnershipFactory(partner__name="Oslo")
    both.priorities.set([climate, talent])
    both.sdgs.set([sdg_11, sdg_13])
    talent_only = PartnershipFactory(partner__name="Copenhagen")
    talent_only.priorities.set([talent])
    talent_only.sdgs.set([sdg_11])

    assert partnerships(culture_client, priority=climate.pk) == [both]
    assert partnerships(culture_client, priority=talent.pk) == [talent_only, both]
    assert partnerships(culture_client, sdg=sdg_13.pk) == [both]
    assert partnerships(culture_client, sdg=sdg_11.pk) == [talent_only, both]


def test_filter_by_region_of_the_partner(culture_client):
    stockholm = PartnershipFactory(partner__name="Stockholm", partner__region="nordic")
    riga = PartnershipFactory(partner__name="Riga", partner__country="LV", partner__region="baltic")
    seoul = PartnershipFactory(partner__name="Seoul", partner__country="KR", partner__region="asia")

    assert partnerships(culture_client, region="nordic") == [stockholm]
    assert partnerships(culture_client, region="baltic") == [riga]
    assert partnerships(culture_client, region="asia") == [seoul]
    assert partnerships(culture_client, region="africa") == []


def test_filter_by_form_of_cooperation(culture_client):
    exchange = PartnershipFactory(partner__name="Riga")
    projects = PartnershipFactory(partner__name="Seoul", information_exchange=False, project_cooperation=True)
    all_three = PartnershipFactory(partner__name="Tallinn", project_cooperation=True, joint_advocacy=True)

    assert partnerships(culture_client, cooperation="information_exchange") == [exchange, all_three]
    assert partnerships(culture_client, cooperation="project_cooperation") == [projects, all_three]
    assert partnerships(culture_client, cooperation="joint_advocacy") == [all_three]


def test_filter_by_review_due_before(culture_client):
    def partnership(name, status, due):
        return PartnershipFactory(
            partner__name=name,
            status=status,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2024, 1, 1) if status == "ended" else None,
            next_review_due=due,
        )

    due = partnership("Due", "active", datetime.date(2026, 3, 1))
    dormant_due = partnership("Dormant due", "dormant", datetime.date(2026, 2, 1))
    partnership("Later", "active", datetime.date(2026, 9, 1))
    partnership("Explored", "explored", datetime.date(2026, 1, 1))
    partnership("Ended", "ended", datetime.date(2026, 1, 1))

    assert partnerships(culture_client, review_due_before="2026-03-01") == [dormant_due, due]


@pytest.fixture
def searchable():
    stockholm = PartnershipFactory(partner__name="Stockholm", themes="Climate neutrality")
    riga = PartnershipFactory(
        partner__name="Riga", themes="Security", description="Information on the Baltic Sea situation"
    )
    PartnershipGoalFactory(partnership=riga, title="Quarterly security briefings")
    PartnershipGoalFactory(partnership=riga, title="Shared briefings on refugees")
    return {"stockholm": stockholm, "riga": riga}


@pytest.mark.parametrize(
    ("term", "matches"),
    [
        ("stockholm", ["stockholm"]),
        ("CLIMATE", ["stockholm"]),
        ("baltic sea", ["riga"]),
        ("briefings", ["riga"]),
        ("refugees", ["riga"]),
        ("nothing like this", []),
    ],
)
def test_search_matches_partner_themes_description_and_goals(culture_client, searchable, term, matches):
    assert partnerships(culture_client, q=term) == [searchable[name] for name in sorted(matches)]


def test_a_search_matching_two_goals_lists_the_partnership_once(culture_client, searchable):
    assert partnerships(culture_client, q="briefings", sort="-status") == [searchable["riga"]]


def test_filters_combine_and_are_kept_in_the_page(culture_client, culture_unit, urban_unit):
    wanted = PartnershipFactory(active=True, owner_unit=culture_unit, partner__region="nordic")
    PartnershipFactory(active=True, owner_unit=urban_unit, partner__region="nordic")
    PartnershipFactory(owner_unit=culture_unit, partner__region="nordic")

    response = culture_client.get(
        url("partnership-list"), {"status": "active", "owner_unit": culture_unit.pk, "region": "nordic"}
    )

    assert list(response.context["object_list"]) == [wanted]
    page = html(response)
    assert '<option value="active" selected>Active</option>' in page
    assert '<option value="nordic" selected>Nordic countries</option>' in page
    assert "Clear filters" in page


def test_an_invalid_filter_value_lists_nothing_and_shows_the_error(culture_client):
    PartnershipFactory()

    response = culture_client.get(url("partnership-list"), {"cooperation": "friendship"})

    assert list(response.context["object_list"]) == []
    assert "Select a valid choice. friendship is not one of the available choices." in html(response)


# Partner list ---------------------------------------------------------------------------------


def test_partner_filters(culture_client, culture_unit):
    tallinn = PartnerFactory(name="Tallinn", country="EE", region="baltic", owner_unit=culture_unit)
    stockholm = PartnerFactory(
        name="Stockholm", country="SE", region="nordic", website="https://start.stockholm"
    )
    unicef = PartnerFactory(name="UNICEF", kind="un_agency", country="", region="")

    assert partners(culture_client, kind="city") == [stockholm, tallinn]
    assert partners(culture_client, kind="un_agency") == [unicef]
    assert partners(culture_client, region="baltic") == [tallinn]
    assert partners(culture_client, country="SE") == [stockholm]
    assert partners(culture_client, q="start.stockholm") == [stockholm]
    assert partners(culture_client, q="unic") == [unicef]
    assert partners(culture_client, owner_unit=culture_unit.pk) == [tallinn]
    assert partners(culture_client, region="baltic", kind="un_agency") == []


def test_partner_country_filter_offers_the_countries_in_use_by_name(culture_client):
    PartnerFactory(name="Tallinn", country="EE", region="baltic")
    PartnerFactory(name="Seoul", country="KR", region="asia")

    page = html(culture_client.get(url("partner-list"), {"country": "EE"}))

    assert '<option value="EE" selected>Estonia</option>' in page
    assert '<option value="KR">South Korea</option>' in page
    assert '<option value="SE">' not in page


def test_partner_countries_are_looked_up_once_until_a_partner_changes(culture_client):
    PartnerFactory(name="Tallinn", country="EE", region="baltic")
    sorted_by_country = {"sort": "country", "country": "EE"}

    def lookups() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            culture_client.get(url("partner-list"), sorted_by_country)
        return [query["sql"] for query in queries.captured_queries if "DISTINCT" in query["sql"]]

    assert lookups()
    assert lookups() == []

    PartnerFactory(name="Stockholm", country="SE", region="nordic")
    assert '<option value="SE">Sweden</option>' in html(culture_client.get(url("partner-list")))


# Constant number of queries -------------------------------------------------------------------


def _count_queries(client, path: str, params: dict) -> int:
    """The page's queries with nothing cached (such as its filter form): the most it takes."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


def _rich_partnerships(count: int, start: int) -> None:
    priority = PriorityFactory()
    person = UserFactory()
    for n in range(start, start + count):
        partnership = PartnershipFactory(
            active=True,
            partner__name=f"City {n:03}",
            owner_unit=OrgUnitFactory(code=f"unit-{n:03}"),
            responsible_person=person,
        )
        partnership.priorities.set([priority])
        ContactFactory(partnership=partnership)
        PartnershipGoalFactory(partnership=partnership, title=f"Second goal {n}")


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "goal", "sort": "-review"}, {"sort": "owner_unit", "cooperation": "information_exchange"}],
)
def test_partnership_list_queries_do_not_grow_with_rows(culture_client, params):
    _rich_partnerships(5, start=0)
    with_5 = _count_queries(culture_client, url("partnership-list"), params)
    _rich_partnerships(45, start=5)
    with_50 = _count_queries(culture_client, url("partnership-list"), params)

    assert Partnership.objects.count() == 50
    assert with_50 == with_5


@pytest.mark.parametrize("params", [{}, {"sort": "country"}, {"sort": "-region", "kind": "city"}])
def test_partner_list_queries_do_not_grow_with_rows(culture_client, params):
    countries = ["SE", "NO", "DK", "IS", "EE"]

    def make(count: int, start: int) -> None:
        for n in range(start, start + count):
            partner = PartnerFactory(name=f"Partner {n:03}", country=countries[n % 5])
            PartnershipFactory(partner=partner)

    make(5, 0)
    with_5 = _count_queries(culture_client, url("partner-list"), params)
    make(45, 5)
    with_50 = _count_queries(culture_client, url("partner-list"), params)

    assert with_50 == with_5
