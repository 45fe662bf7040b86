"""The person's API tokens page: a token is shown once, only its owner lists and revokes it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from helsinki_intl.api.models import ApiToken
from helsinki_intl.api.services import token_create

pytestmark = pytest.mark.django_db

PAGE = "/settings/api-tokens/"


def a_token(user, name="Power BI"):
    return token_create(
        user=user, name=name, expires_at=timezone.now() + datetime.timedelta(days=30), by=user
    )


def test_a_new_token_is_shown_once_and_then_only_its_prefix(culture_client, culture_user):
    expires_on = timezone.localdate() + datetime.timedelta(days=90)

    response = culture_client.post(PAGE, {"name": "Power BI report", "expires_on": expires_on.isoformat()})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=culture_user)
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert timezone.localtime(token.expires_at).date() == expires_on + datetime.timedelta(days=1)
    again = culture_client.get(PAGE).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert (
        Client().get("/api/v1/networks/memberships/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 200
    )


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "expires_on": "2030-01-01"},
        {"name": "Excel", "expires_on": ""},
        {"name": "Excel", "expires_on": "2000-01-01"},
        {"name": "Excel", "expires_on": "9999-12-31"},
        {"name": "Excel", "expires_on": "not a date"},
        {"name": "x" * 101, "expires_on": "2030-01-01"},
        {"name": "line\nbreak", "expires_on": "2030-01-01"},
    ],
)
def test_a_bad_form_creates_nothing_and_says_why(culture_client, data):
    if data["expires_on"] == "2030-01-01":
        data = {**data, "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()}

    response = culture_client.post(PAGE, data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_year_from_today_is_the_latest_expiry(culture_client):
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=365)

    assert culture_client.post(PAGE, {"name": "Excel", "expires_on": latest.isoformat()}).status_code == 200
    too_late = latest + datetime.timedelta(days=1)
    assert culture_client.post(PAGE, {"name": "Excel", "expires_on": too_late.isoformat()}).status_code == 400


def test_the_page_lists_only_ones_own_tokens(culture_client, culture_user, urban_user):
    a_token(culture_user, "Mine")
    a_token(urban_user, "Theirs")

    page = culture_client.get(PAGE).content.decode()

    assert "Mine" in page
    assert "Theirs" not in page


def test_revoking_asks_first_and_then_ends_the_token(culture_client, culture_user):
    token, secret = a_token(culture_user)
    revoke = f"{PAGE}{token.pk}/revoke/"

    assert culture_client.get(revoke).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None

    response = culture_client.post(revoke)

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        Client().get("/api/v1/networks/memberships/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 401
    )


def test_another_persons_token_cannot_be_revoked(urban_client, culture_user):
    token, _secret = a_token(culture_user)

    assert urban_client.get(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert urban_client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_needs_signing_in(client):
    assert client.get(PAGE).status_code == 302


def test_the_documentation_page_lists_every_endpoint_with_its_filters_and_fields(culture_client):
    page = culture_client.get("/api/docs/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>" not in html  # nothing inline: the portal's CSP stands as it is
    assert "GET /api/v1/networks/memberships/" in html
    assert "GET /api/v1/strategy/sdgs/{number}/" in html
    assert "<code>sort</code>" in html
    assert "<code>annual_fee</code>" in html
