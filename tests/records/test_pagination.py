import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsinki_intl.records.pagination import FromEitherEndPaginator
from networks.models import Network
from networks.views import NetworkListView
from tests.factories import NetworkFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks():
    """Eleven networks, many of them of the same acronym, so that only the primary key breaks ties."""
    unit = OrgUnitFactory()
    acronyms = ["EC", "EC", "ICLEI", "EC", "C40", "ICLEI"] + ["UBC"] * 5
    return [NetworkFactory(acronym=acronym, owner_unit=unit) for acronym in acronyms]


def pages(paginator) -> list[list[int]]:
    return [[network.pk for network in paginator.page(number)] for number in paginator.page_range]


ORDERINGS = [("acronym",), ("-acronym",), ("acronym", "-pk"), ("-owner_unit__code", "acronym")]


@pytest.mark.parametrize("per_page, orphans", [(1, 0), (2, 0), (3, 0), (4, 1), (5, 2), (11, 0), (20, 0)])
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_page_holds_the_rows_of_reading_from_the_start(networks, per_page, orphans, ordering):
    queryset = Network.objects.order_by(*ordering)
    expected = pages(Paginator(queryset.order_by(*ordering, "pk"), per_page, orphans=orphans))

    assert pages(FromEitherEndPaginator(queryset, per_page, orphans=orphans)) == expected


def test_a_list_without_its_own_order_is_read_in_the_model_s_order_and_then_by_key(networks):
    by_model_order = sorted(networks, key=lambda network: network.name)

    paginator = FromEitherEndPaginator(Network.objects.all(), 4)

    assert [pk for page in pages(paginator) for pk in page] == [network.pk for network in by_model_order]


def offsets_read(paginator, number: int) -> list[int]:
    with CaptureQueriesContext(connection) as queries:
        list(paginator.page(number))
    return [int(offset) for query in queries for offset in re.findall(r"OFFSET (\d+)", query["sql"])]


def test_no_page_is_read_past_the_middle_of_the_list(networks):
    paginator = FromEitherEndPaginator(Network.objects.order_by("acronym"), 2)
    paginator.count  # noqa: B018 - counted before, as a list page does

    for number in paginator.page_range:
        assert all(offset <= paginator.count // 2 for offset in offsets_read(paginator, number))
    assert offsets_read(paginator, paginator.num_pages) in ([], [0])


def test_a_plain_list_is_paginated_like_django_s(networks):
    rows = list(range(11))

    assert [list(page) for page in map(FromEitherEndPaginator(rows, 4).page, (1, 2, 3))] == [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10],
    ]


def test_the_last_page_of_a_list_shows_its_last_rows_in_order(strategy_client, networks, monkeypatch):
    monkeypatch.setattr(NetworkListView, "paginate_by", 4)

    response = strategy_client.get(reverse("networks:network-list"), {"page": "last", "sort": "-acronym"})

    # Descending by acronym, equal acronyms by ascending key, as the sort filter orders them.
    by_key = sorted(networks, key=lambda network: network.pk)
    expected = sorted(by_key, key=lambda network: network.acronym, reverse=True)
    assert response.context["page_obj"].number == 3
    assert [network.pk for network in response.context["page_obj"]] == [n.pk for n in expected[8:]]


def test_every_page_of_a_filtered_list_holds_only_matching_rows(strategy_client, networks, monkeypatch):
    monkeypatch.setattr(NetworkListView, "paginate_by", 2)
    ubc = [network.pk for network in networks if network.acronym == "UBC"]

    shown = []
    for page in (1, 2, 3):
        response = strategy_client.get(reverse("networks:network-list"), {"q": "UBC", "page": page})
        shown += [network.pk for network in response.context["page_obj"]]

    assert shown == sorted(ubc, key=lambda pk: Network.objects.get(pk=pk).name)
