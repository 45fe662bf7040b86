"""Personal API tokens: a valid one opens the API, any other is a 401; each use is audited."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from helsinki_intl.api.models import ApiToken
from helsinki_intl.api.services import token_create, token_revoke
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/v1/networks/memberships/"


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def rates(*, token: str, address: str, refused: str = "60/min") -> dict:
    return {"api-token": token, "api-address": address, "api-refused-token": refused}


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_stored_as_its_digest_only(culture_user):
    token, secret = token_create(user=culture_user, name="Power BI", expires_at=in_days(90), by=culture_user)

    assert secret.startswith("hip_") and len(secret) > 40
    assert secret not in {token.digest, token.prefix}
    assert secret.startswith(token.prefix)
    assert not ApiToken.objects.filter(digest=secret).exists()


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_token_expires_within_a_year(culture_user, days):
    with pytest.raises(ValidationError):
        token_create(user=culture_user, name="Excel", expires_at=in_days(days), by=culture_user)
    assert not ApiToken.objects.exists()


def test_a_valid_token_reads_the_api_and_notes_its_use(culture_user, caplog):
    MembershipFactory()
    token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)

    with caplog.at_level(logging.INFO, logger="helsinki_intl.audit"):
        response = Client().get(MEMBERSHIPS, **bearer(secret))

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert any(
        record.event == "api token use" and record.token == token.prefix and record.username == "culture"
        for record in caplog.records
    )


def test_without_a_token_the_api_asks_for_one():
    response = Client().get(MEMBERSHIPS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer hip_unknown", "Bearer", "Bearer two words", "Bearer " + "x" * 300, "Bearer h\u00e4"],
)
def test_an_unknown_or_malformed_token_is_a_401(db, header):
    assert Client().get(MEMBERSHIPS, HTTP_AUTHORIZATION=header).status_code == 401


def test_a_revoked_token_is_refused_at_once(culture_user):
    token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)
    assert Client().get(MEMBERSHIPS, **bearer(secret)).status_code == 200

    token_revoke(token=token, by=culture_user)

    assert Client().get(MEMBERSHIPS, **bearer(secret)).status_code == 401


def test_an_expired_token_is_refused(culture_user):
    token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(1), by=culture_user)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=in_days(-2), expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert Client().get(MEMBERSHIPS, **bearer(secret)).status_code == 401


def test_deactivating_the_account_ends_its_tokens(culture_user):
    token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)

    culture_user.is_active = False
    culture_user.save()
    culture_user.is_active = True
    culture_user.save()

    assert Client().get(MEMBERSHIPS, **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_is_throttled(culture_user, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates(token="2/min", address="9/min"))
    _token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)

    statuses = [Client().get(MEMBERSHIPS, **bearer(secret)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_person_s_tokens_share_one_rate(culture_user, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates(token="2/min", address="9/min"))
    secrets = [
        token_create(user=culture_user, name=f"Excel {n}", expires_at=in_days(30), by=culture_user)[1]
        for n in range(3)
    ]

    statuses = [Client().get(MEMBERSHIPS, **bearer(secret)).status_code for secret in secrets]

    assert statuses == [200, 200, 429]


def test_an_address_is_throttled_whatever_the_token(culture_user, urban_user, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates(token="9/min", address="2/min"))
    secrets = [
        token_create(user=user, name="Excel", expires_at=in_days(30), by=user)[1]
        for user in (culture_user, urban_user, culture_user)
    ]

    statuses = [Client().get(MEMBERSHIPS, **bearer(secret)).status_code for secret in secrets]

    assert statuses == [200, 200, 429]


REFUSALS_2_A_MINUTE = rates(token="9/min", address="9/min", refused="2/min")


def test_an_address_whose_tokens_are_refused_too_often_is_answered_429_whatever_it_sends(
    culture_user, monkeypatch
):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", REFUSALS_2_A_MINUTE)
    _token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)
    guessing, elsewhere = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")

    guesses = [guessing.get(MEMBERSHIPS, **bearer(f"hip_guess{n}")).status_code for n in range(2)]
    refused = guessing.get(MEMBERSHIPS, **bearer(secret))

    assert guesses == [401, 401]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 60
    assert elsewhere.get(MEMBERSHIPS, **bearer(secret)).status_code == 200


def test_a_valid_token_s_uses_are_no_refusals(culture_user, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", REFUSALS_2_A_MINUTE)
    _token, secret = token_create(user=culture_user, name="Excel", expires_at=in_days(30), by=culture_user)

    statuses = [Client().get(MEMBERSHIPS, **bearer(secret)).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_a_malformed_header_is_a_refusal_too(db, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", REFUSALS_2_A_MINUTE)

    statuses = [Client().get(MEMBERSHIPS, HTTP_AUTHORIZATION="Bearer a b").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
