"""The lists a view can be saved of, found in the URL conf, and the queries a list page takes."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsinki_intl.saved_views.lists import listables, normalised_query
from helsinki_intl.saved_views.models import SavedView
from tests.project.test_query_counts import MAX_QUERIES

from .factories import SavedViewFactory

REGISTER_LISTS = {
    "networks:network-list": "Networks",
    "networks:membership-list": "Memberships",
    "partnerships:partner-list": "Partners",
    "partnerships:partnership-list": "Partnerships",
    "eu_projects:programme-list": "EU programmes",
    "eu_projects:call-list": "Calls",
    "eu_projects:application-list": "EU funding applications",
    "eu_projects:cofinancingappropriation-list": "Co-financing appropriations",
    "events:eventbid-list": "Event bids",
    "activities:activity-list": "Planned activities",
}


def test_every_list_of_the_portal_and_only_they_can_be_saved():
    found = listables()

    assert set(found) == {*REGISTER_LISTS, "coordination:review-queue"}
    assert found["coordination:review-queue"].permission == "coordination.view_review_queue"
    assert found["networks:membership-list"].permission == "networks.view_membership"


def test_each_list_is_named_as_its_page_is():
    labels = {url_name: str(listable.label) for url_name, listable in listables().items()}

    assert labels["coordination:review-queue"] == "Review queue"
    assert set(labels.values()) >= {"Memberships", "Event bids"}


@pytest.mark.parametrize(
    ("query", "normalised"),
    [
        ("page=2&status=active", "status=active"),
        ("status=active&q=&sort=-network", "sort=-network&status=active"),
        ("sdg=3&priority=1&sdg=1", "priority=1&sdg=3&sdg=1"),
        ("export=csv", ""),
        ("q=caf%C3%A9+%26+bar", "q=caf%C3%A9+%26+bar"),
    ],
)
def test_a_query_is_kept_without_the_page_and_empty_filters(query, normalised):
    assert normalised_query(QueryDict(query)) == normalised


def empty_caches() -> None:
    for cache in caches.all():
        cache.clear()


def queries_of(client, path: str) -> list[str]:
    empty_caches()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", [*REGISTER_LISTS, "coordination:review-queue"])
def test_a_list_reads_its_saved_views_in_one_query_however_many(
    url_name, strategy_client, strategy_user, strategy_unit
):
    path = reverse(url_name)
    strategy_client.get(path)  # the session's first activity is noted once
    few = queries_of(strategy_client, path)

    for number in range(12):
        SavedViewFactory(owner=strategy_user, list_name=url_name, name=f"Mine {number}")
        SavedViewFactory(list_name=url_name, name=f"Theirs {number}", shared_with_unit=strategy_unit)
    many = queries_of(strategy_client, path)

    assert len(many) == len(few) <= MAX_QUERIES, "\n".join(many)
    assert len([sql for sql in many if "saved_views_savedview" in sql]) == 1
    assert strategy_client.get(path).context["views"] == list(SavedView.objects.filter(list_name=url_name))


@pytest.mark.django_db
def test_the_results_htmx_asks_for_carry_the_form_with_the_new_filters(culture_client):
    response = culture_client.get(
        reverse("networks:membership-list"), {"status": "ended"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert 'name="query" value="status=ended"' in html
