"""Responses to a signed-in person are stored by no cache, not even the browser's: pages and
downloads carry personal data. Static files and the health check keep their own headers."""

import pytest
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.cache import cache_control

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_signed_in_pages_and_exports_are_not_stored(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit)
    urls = [
        reverse("home"),
        reverse("networks:membership-list"),
        reverse("networks:membership-detail", args=[membership.pk]),
        reverse("networks:membership-list") + "?export=csv",
        reverse("networks:membership-list") + "?export=xlsx",
        reverse("lookup-people") + "?q=a",
        "/no-such-page/",
    ]
    for url in urls:
        response = culture_client.get(url)
        assert {"no-store", "private"} <= directives(response), url


def test_a_page_for_an_anonymous_visitor_is_left_as_it_is(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_static_files_and_the_health_check_keep_their_own_headers(culture_client):
    static = culture_client.get("/static/css/portal.css")
    assert static.status_code == 200
    assert "no-store" not in directives(static)

    health = culture_client.get(reverse("healthz"))
    assert directives(health) == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


@cache_control(private=True, max_age=60)
def own_cache_control(request):
    return HttpResponse("mine")


urlpatterns = [path("own/", own_cache_control)]


@pytest.mark.urls(__name__)
def test_a_response_that_says_how_to_cache_it_is_not_overridden(culture_client):
    assert directives(culture_client.get("/own/")) == {"private", "max-age=60"}
