"""A register's filter form with htmx: the results region alone for an htmx request, the whole
page otherwise, so the lists work the same without JavaScript."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory

MEMBERSHIPS = reverse("networks:membership-list")
HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def memberships(culture_unit):
    MembershipFactory(owner_unit=culture_unit, network__name="Eurocities", active=True)
    MembershipFactory(owner_unit=culture_unit, network__name="ICLEI", status="proposed")


def test_an_htmx_request_gets_only_the_filtered_results(culture_client, memberships):
    response = culture_client.get(MEMBERSHIPS, {"status": "active"}, **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="results" class="results">')
    assert "<html" not in page and "<h1>" not in page
    # The filter form stays on the page as it is; the results carry the form that saves the view.
    assert 'role="search"' not in page and "<form" in page
    assert '<p class="result-count" role="status">' in page
    assert ">Eurocities</a>" in page
    assert ">ICLEI</a>" not in page


CLEAR_LINK = f'<a href="{MEMBERSHIPS}" class="hds-button hds-button--secondary">Clear filters</a>'


@pytest.mark.parametrize(
    ("params", "summary"),
    [
        ({}, "Filters"),
        ({"status": "active"}, "Filters (1 in use)"),
        ({"status": "active", "q": "Euro", "sort": "network", "page": "1"}, "Filters (2 in use)"),
    ],
)
def test_an_htmx_answer_sends_the_filters_summary_and_clear_link_out_of_band(
    culture_client, memberships, params, summary
):
    page = culture_client.get(MEMBERSHIPS, params, **HTMX).content.decode()

    assert page.count('id="filters-count"') == 1
    assert f'<span id="filters-count" data-hx-swap-oob="true">{summary}</span>' in page
    clear = '<span id="filters-clear" class="filters__clear" data-hx-swap-oob="true">'
    assert page.count('id="filters-clear"') == 1
    if summary == "Filters":
        assert f"{clear}</span>" in page
        assert "Clear filters" not in page
    else:
        assert f"{clear}{CLEAR_LINK}</span>" in page


def test_the_whole_page_has_the_summary_and_clear_link_in_the_form_not_out_of_band(
    culture_client, memberships
):
    page = culture_client.get(MEMBERSHIPS, {"status": "active"}).content.decode()

    assert '<summary><span id="filters-count">Filters (1 in use)</span></summary>' in page
    assert f'<span id="filters-clear" class="filters__clear">{CLEAR_LINK}</span>' in page
    assert "hx-swap-oob" not in page


def test_without_htmx_the_same_address_gives_the_whole_page(culture_client, memberships):
    response = culture_client.get(MEMBERSHIPS, {"status": "active"})

    page = response.content.decode()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<h1>") == 1
    assert f'data-hx-get="{MEMBERSHIPS}" data-hx-target="#results"' in page
    assert '<div id="results" class="results">' in page
    assert ">Eurocities</a>" in page
    assert ">ICLEI</a>" not in page


def test_both_answers_tell_caches_they_depend_on_the_htmx_header(culture_client, memberships):
    for kwargs in ({}, HTMX):
        response = culture_client.get(MEMBERSHIPS, **kwargs)
        assert "HX-Request" in response["Vary"]


def test_restoring_a_page_from_the_browser_history_gets_the_whole_page(culture_client, memberships):
    response = culture_client.get(
        MEMBERSHIPS, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert response.content.decode().startswith("<!DOCTYPE html>")


def test_invalid_filters_load_the_whole_page_to_show_their_errors(culture_client, memberships):
    response = culture_client.get(MEMBERSHIPS, {"status": "no-such-status"}, **HTMX)

    assert response["HX-Redirect"] == f"{MEMBERSHIPS}?status=no-such-status"
    assert response.content == b""


def test_the_review_queue_answers_htmx_with_its_results_alone(strategy_client):
    queue = reverse("coordination:review-queue")

    fragment = strategy_client.get(queue, **HTMX).content.decode()
    page = strategy_client.get(queue).content.decode()

    assert fragment.lstrip().startswith('<div id="results" class="results">')
    assert "<h1>" not in fragment
    assert page.count("<h1>") == 1 and '<div id="results" class="results">' in page


def test_the_review_queue_answers_htmx_with_the_filters_summary_out_of_band(strategy_client):
    queue = reverse("coordination:review-queue")

    fragment = strategy_client.get(queue, {"days": "90", "sort": "due"}, **HTMX).content.decode()

    assert '<span id="filters-count" data-hx-swap-oob="true">Filters (1 in use)</span>' in fragment
    assert f'<a href="{queue}" class="hds-button hds-button--secondary">Clear filters</a>' in fragment
