"""The filters of the membership and network lists, and the lists' constant number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helsinki_intl.strategy.models import SDG
from networks.models import Membership
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    OrgUnitFactory,
    PriorityFactory,
    PriorityNetworkFactory,
    StrategyPeriodFactory,
    UserFactory,
)
from tests.networks.test_views import html, url


def membership_with(*, priorities=(), sdgs=(), participating_units=(), **fields) -> Membership:
    """A membership from the factory, with its many-to-many rows."""
    membership = MembershipFactory(**fields)
    membership.priorities.set(priorities)
    membership.sdgs.set(sdgs)
    membership.participating_units.set(participating_units)
    return membership


def listed(client, name: str, **params) -> list:
    response = client.get(url(name), params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def memberships(client, **params) -> list:
    return listed(client, "membership-list", **params)


def networks(client, **params) -> list:
    return listed(client, "network-list", **params)


# Membership list ------------------------------------------------------------------------------


def test_filter_by_status(culture_client, culture_unit):
    active = MembershipFactory(active=True, owner_unit=culture_unit)
    proposed = MembershipFactory(owner_unit=culture_unit)
    ended = MembershipFactory(
        active=True, owner_unit=culture_unit, status="ended", end_date=datetime.date(2023, 12, 31)
    )

    assert memberships(culture_client, status="active") == [active]
    assert memberships(culture_client, status="proposed") == [proposed]
    assert memberships(culture_client, status="ended") == [ended]
    assert memberships(culture_client, status="ending") == []
    assert len(memberships(culture_client)) == 3


def test_filter_by_owner_unit(culture_client, culture_unit, urban_unit):
    culture = MembershipFactory(owner_unit=culture_unit)
    urban = MembershipFactory(owner_unit=urban_unit)
    other = MembershipFactory()

    assert memberships(culture_client, owner_unit=culture_unit.pk) == [culture]
    assert memberships(culture_client, owner_unit=urban_unit.pk) == [urban]
    assert memberships(culture_client, owner_unit=other.owner_unit.pk) == [other]


def test_filter_by_priority(culture_client):
    talent, climate, unused = PriorityFactory.create_batch(3)
    only_talent = membership_with(network__name="A", priorities=[talent])
    both = membership_with(network__name="B", priorities=[talent, climate])
    only_climate = membership_with(network__name="C", priorities=[climate])
    MembershipFactory(network__name="D")

    assert memberships(culture_client, priority=talent.pk) == [only_talent, both]
    assert memberships(culture_client, priority=climate.pk) == [both, only_climate]
    assert memberships(culture_client, priority=unused.pk) == []


def test_filter_by_sdg(culture_client):
    climate_action = SDG.objects.get(number=13)
    sustainable_cities = SDG.objects.get(number=11)
    climate = membership_with(network__name="A", sdgs=[climate_action])
    both = membership_with(network__name="B", sdgs=[climate_action, sustainable_cities])
    cities = membership_with(network__name="C", sdgs=[sustainable_cities])
    MembershipFactory(network__name="D")

    assert memberships(culture_client, sdg=13) == [climate, both]
    assert memberships(culture_client, sdg=11) == [both, cities]
    assert memberships(culture_client, sdg=1) == []


def test_filter_by_network_kind(culture_client):
    foundation = MembershipFactory(network__kind="foundation")
    city_network = MembershipFactory(network__kind="city_network")

    assert memberships(culture_client, network_kind="foundation") == [foundation]
    assert memberships(culture_client, network_kind="city_network") == [city_network]
    assert memberships(culture_client, network_kind="eu_body") == []


def test_filter_by_review_due_before(culture_client):
    def membership(name, status, due, **fields):
        return MembershipFactory(
            active=True, network__name=name, status=status, next_review_due=due, **fields
        )

    due_before = membership("A due in March", "active", datetime.date(2026, 3, 1))
    due_on_the_day = membership("B ending, due on the day", "ending", datetime.date(2026, 3, 31))
    membership("C due the day after", "active", datetime.date(2026, 4, 1))
    membership("D proposed, not reviewed", "proposed", datetime.date(2026, 1, 1))
    membership("E being assessed", "assessing", datetime.date(2026, 1, 1))
    membership("F ended", "ended", datetime.date(2026, 1, 1), end_date=datetime.date(2025, 12, 31))
    membership("G declined", "declined", datetime.date(2026, 1, 1))

    assert memberships(culture_client, review_due_before="2026-03-31") == [due_before, due_on_the_day]
    assert memberships(culture_client, review_due_before="2026-03-30") == [due_before]
    assert memberships(culture_client, review_due_before="2026-02-28") == []


def test_filters_combine(culture_client, culture_unit, urban_unit):
    wanted = MembershipFactory(active=True, owner_unit=culture_unit, network__kind="foundation")
    MembershipFactory(owner_unit=culture_unit, network__kind="foundation")
    MembershipFactory(active=True, owner_unit=urban_unit, network__kind="foundation")
    MembershipFactory(active=True, owner_unit=culture_unit, network__kind="city_network")

    assert memberships(
        culture_client, status="active", owner_unit=culture_unit.pk, network_kind="foundation"
    ) == [wanted]


@pytest.fixture
def searchable():
    return {
        "name": MembershipFactory(network__name="Eurocities"),
        "acronym": MembershipFactory(
            network__name="Local Governments for Sustainability", network__acronym="ICLEI"
        ),
        "benefits": MembershipFactory(benefits="Access to Horizon Europe funding calls."),
        "goal": MembershipGoalFactory(title="Promote the circular economy").membership,
    }


@pytest.mark.parametrize(
    ("term", "matches"),
    [
        ("Eurocities", "name"),
        ("eurocit", "name"),
        ("ICLEI", "acronym"),
        ("iclei", "acronym"),
        ("horizon", "benefits"),
        ("CIRCULAR", "goal"),
        ("  circular  ", "goal"),
    ],
)
def test_search_matches_name_acronym_benefits_and_goals(culture_client, searchable, term, matches):
    assert memberships(culture_client, q=term) == [searchable[matches]]


def test_search_with_several_words_needs_every_word(culture_client):
    both_words = MembershipFactory(network__name="Climate Alliance", benefits="Peer learning on adaptation")
    word_in_a_goal = MembershipFactory(network__name="Climate cities")
    MembershipGoalFactory(membership=word_in_a_goal, title="Share adaptation plans")
    MembershipFactory(network__name="Climate only")
    MembershipFactory(network__name="Adaptation only")

    assert memberships(culture_client, q="climate adaptation") == [both_words, word_in_a_goal]
    assert memberships(culture_client, q="adaptation climate") == [both_words, word_in_a_goal]
    assert memberships(culture_client, q="climate adaptation nowhere") == []


def test_search_matching_two_goals_lists_the_membership_once(culture_client):
    membership = MembershipFactory(network__name="Eurocities")
    MembershipGoalFactory(membership=membership, title="Climate forum")
    MembershipGoalFactory(membership=membership, title="Climate lab")
    MembershipGoalFactory(membership=membership, title="Culture forum")

    response = culture_client.get(url("membership-list"), {"q": "climate"})

    assert list(response.context["object_list"]) == [membership]
    assert response.context["paginator"].count == 1
    assert "1 result" in html(response)
    assert list(response.context["object_list"]) == memberships(culture_client, q="forum")


def test_search_through_goals_with_a_sort_lists_each_membership_once(culture_client):
    first = MembershipFactory(network__name="A", annual_fee=1)
    second = MembershipFactory(network__name="B", annual_fee=2)
    for membership in (first, second):
        MembershipGoalFactory.create_batch(3, membership=membership, title="Climate goal")

    assert memberships(culture_client, q="climate", sort="-fee") == [second, first]


def test_filter_choices_are_kept_in_the_page(culture_client, culture_unit):
    priority = PriorityFactory(name_en="Talent attraction")
    membership_with(
        active=True, owner_unit=culture_unit, priorities=[priority], sdgs=[SDG.objects.get(number=13)]
    )
    params = {
        "q": "climate forum",
        "status": "active",
        "owner_unit": culture_unit.pk,
        "priority": priority.pk,
        "sdg": 13,
        "network_kind": "foundation",
        "review_due_before": "2026-03-31",
        "sort": "-review",
    }

    response = culture_client.get(url("membership-list"), params)

    assert response.status_code == 200
    form = response.context["filter"].form
    assert form.is_valid()
    assert form.cleaned_data["q"] == "climate forum"
    assert form.cleaned_data["owner_unit"] == str(culture_unit.pk)
    assert form.cleaned_data["review_due_before"] == datetime.date(2026, 3, 31)
    page = html(response)
    assert 'name="q" value="climate forum"' in page
    assert f'name="owner_unit" value="{culture_unit.code}"' in page, "a link's unit id shows as its code"
    assert '<option value="active" selected>Active</option>' in page
    assert f'<option value="{priority.pk}" selected>Talent attraction</option>' in page
    assert '<option value="13" selected>13. Climate action</option>' in page
    assert '<option value="foundation" selected>Foundation</option>' in page
    assert 'name="review_due_before" value="2026-03-31"' in page
    assert '<input type="hidden" name="sort" value="-review">' in page
    assert "Clear filters" in page
    # Nothing matches (the network is a city network), and the page says the filters are why.
    assert "Nothing matches these filters." in page


def test_unfiltered_list_offers_no_clearing(culture_client):
    MembershipFactory()

    page = html(culture_client.get(url("membership-list"), {"sort": "network", "page": "1"}))

    assert "Clear filters" not in page


def test_invalid_filter_value_lists_nothing_and_shows_the_error(culture_client):
    MembershipFactory(active=True)

    response = culture_client.get(url("membership-list"), {"status": "no-such-status"})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert response.context["filter"].form.errors["status"] == [
        "Select a valid choice. no-such-status is not one of the available choices."
    ]


# Network list ---------------------------------------------------------------------------------


def test_network_filter_by_kind(culture_client):
    foundation = NetworkFactory(kind="foundation")
    city_network = NetworkFactory(kind="city_network")

    assert networks(culture_client, kind="foundation") == [foundation]
    assert networks(culture_client, kind="city_network") == [city_network]
    assert networks(culture_client, kind="other") == []


def test_network_filter_by_scope(culture_client):
    nordic = NetworkFactory(scope="nordic")
    global_network = NetworkFactory(scope="global")

    assert networks(culture_client, scope="nordic") == [nordic]
    assert networks(culture_client, scope="global") == [global_network]
    assert networks(culture_client, scope="baltic_sea") == []


def test_network_filter_by_owner_unit(culture_client, culture_unit, urban_unit):
    culture = NetworkFactory(owner_unit=culture_unit)
    NetworkFactory(owner_unit=urban_unit)

    assert networks(culture_client, owner_unit=culture_unit.pk) == [culture]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("eurocities", ["Eurocities"]),
        ("ICLEI", ["Local Governments for Sustainability"]),
        ("mobility", ["Eurocities", "Polis"]),
        ("transport innovation", ["Polis"]),
        ("mobility culture", ["Eurocities"]),
        ("nothing like this", []),
    ],
)
def test_network_search(culture_client, term, expected):
    NetworkFactory(name="Eurocities", themes="Culture, mobility, climate")
    NetworkFactory(name="Local Governments for Sustainability", acronym="ICLEI")
    NetworkFactory(name="Polis", description="Cities and regions for transport innovation and mobility.")

    assert [network.name for network in networks(culture_client, q=term)] == expected


def test_network_filters_combine_and_are_kept(culture_client):
    wanted = NetworkFactory(name="Nordic Culture Point", kind="foundation", scope="nordic")
    NetworkFactory(name="Nordic Cities", kind="city_network", scope="nordic")
    NetworkFactory(name="Culture Action Europe", kind="foundation", scope="europe")

    response = culture_client.get(
        url("network-list"), {"kind": "foundation", "scope": "nordic", "q": "culture"}
    )

    assert list(response.context["object_list"]) == [wanted]
    page = html(response)
    assert '<option value="foundation" selected>Foundation</option>' in page
    assert '<option value="nordic" selected>Nordic</option>' in page
    assert 'name="q" value="culture"' in page


# Constant number of queries -------------------------------------------------------------------


def _count_queries(client, path: str, params: dict) -> int:
    """The page's queries with nothing cached (such as its filter form): the most it takes."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


def _rich_memberships(count: int, priorities, sdgs, start: int) -> None:
    for n in range(start, start + count):
        membership = membership_with(
            active=True,
            network__name=f"Network {n:03}",
            owner_unit=OrgUnitFactory(code=f"unit-{n}"),
            responsible_person=UserFactory(username=f"person-{n}"),
            priorities=priorities,
            sdgs=sdgs,
            participating_units=[OrgUnitFactory(code=f"partner-{n}")],
        )
        MembershipGoalFactory(membership=membership, title=f"Second goal {n}")


@pytest.mark.parametrize(
    "params",
    [{}, {"status": "active", "sdg": 13, "priority": "", "q": "network", "sort": "-review"}],
    ids=["plain", "filtered-and-sorted"],
)
def test_membership_list_queries_do_not_grow_with_rows(culture_client, params):
    priorities = PriorityFactory.create_batch(2)
    sdgs = list(SDG.objects.filter(number__in=[11, 13]))
    _rich_memberships(5, priorities, sdgs, start=0)
    culture_client.get(url("membership-list"), params)  # warms up the session and caches

    with_5 = _count_queries(culture_client, url("membership-list"), params)
    _rich_memberships(45, priorities, sdgs, start=5)
    with_50 = _count_queries(culture_client, url("membership-list"), params)

    assert Membership.objects.count() == 50
    assert len(culture_client.get(url("membership-list"), params).context["object_list"]) == 25
    assert with_50 == with_5


def test_network_list_queries_do_not_grow_with_rows(culture_client):
    periods = [
        StrategyPeriodFactory(),
        StrategyPeriodFactory(
            name="2025–2029", starts_on=datetime.date(2025, 8, 1), ends_on=datetime.date(2029, 7, 31)
        ),
    ]

    def make(count: int, start: int) -> None:
        for n in range(start, start + count):
            network = NetworkFactory(name=f"Network {n:03}", owner_unit=OrgUnitFactory(code=f"unit-{n}"))
            for period in periods:
                PriorityNetworkFactory(network=network, period=period)
            MembershipFactory(active=True, network=network, owner_unit=network.owner_unit)

    make(5, start=0)
    culture_client.get(url("network-list"))

    with_5 = _count_queries(culture_client, url("network-list"), {})
    make(45, start=5)
    with_50 = _count_queries(culture_client, url("network-list"), {})

    assert len(culture_client.get(url("network-list")).context["object_list"]) == 25
    assert with_50 == with_5


def test_the_owner_unit_is_found_by_code_abbreviation_or_part_of_a_name(
    culture_client, culture_unit, urban_unit
):
    culture = membership_with(active=True, owner_unit=culture_unit)
    membership_with(active=True, owner_unit=urban_unit)
    culture_unit.abbreviation = "KUVA"
    culture_unit.save()
    part_of_name = "leisure"

    for typed in (culture_unit.code.upper(), "kuva", part_of_name, f"  {culture_unit.name_en}  "):
        assert memberships(culture_client, owner_unit=typed) == [culture], typed
    assert memberships(culture_client, owner_unit="no such unit") == []


def test_the_owner_unit_filter_is_a_text_input_not_a_list_of_every_unit(culture_client, culture_unit):
    page = html(culture_client.get(url("membership-list")))

    assert '<select name="owner_unit"' not in page
    assert culture_unit.name_fi not in page


@pytest.mark.parametrize(
    ("params", "summary"),
    [
        ({}, "Filters"),
        ({"status": "active"}, "Filters (1 in use)"),
        (
            {"status": "active", "q": "city", "sort": "network", "page": "1"},
            "Filters (2 in use)",
        ),
    ],
)
def test_the_filters_summary_counts_the_filters_in_use_but_not_the_sort_or_page(
    strategy_client, params, summary
):
    page = html(strategy_client.get(url("membership-list"), params))

    assert f'<summary><span id="filters-count">{summary}</span></summary>' in page
    assert '<details class="filters-fold" open>' in page


@pytest.mark.parametrize("typed", ["²", "١٢", "9" * 30])
def test_an_owner_unit_typed_as_other_digits_shows_an_empty_list_not_an_error(strategy_client, typed):
    response = strategy_client.get(url("membership-list"), {"owner_unit": typed})

    assert response.status_code == 200
    assert response.context["paginator"].count == 0
