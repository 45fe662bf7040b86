"""Signing out with single sign-on: at the provider too, and when the provider says so."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from helsinki_intl.accounts import oidc
from tests.factories import UserFactory
from tests.project.oidc_provider import CLIENT_ID, CLIENT_SECRET, SUBJECT, new_key, sign_in, signed_in_user

pytestmark = pytest.mark.django_db

BACKCHANNEL_LOGOUT = "/oidc/backchannel-logout/"


def form_action(response) -> list[str]:
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    return policy["form-action"].split()


def test_signing_out_ends_the_provider_s_session_too(sso, culture_unit, client, audit_log):
    sign_in(client)
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("logout"))

    assert signed_in_user(client) is None
    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso.issuer}/logout"
    assert parse_qs(location.query) == {
        "id_token_hint": [id_token],
        "post_logout_redirect_uri": ["http://testserver/signed-out/"],
        "client_id": [CLIENT_ID],
    }
    assert "sign-out: user='aino.virtanen' address=127.0.0.1" in audit_log


def test_the_sign_out_address_may_be_set_apart_from_the_discovery(sso, settings, culture_unit, client):
    settings.OIDC_END_SESSION_ENDPOINT = "https://logout.example.fi/end?realm=helsinki"
    sign_in(client)

    response = client.post(reverse("logout"))

    assert response["Location"].startswith("https://logout.example.fi/end?realm=helsinki&id_token_hint=")
    assert "https://logout.example.fi" in form_action(client.get(reverse("login")))


def test_signing_out_after_a_password_sign_in_stays_in_the_portal(sso, client):
    user = UserFactory(username="eero")
    user.set_password("a-long-enough-password")
    user.save()
    client.post(reverse("login"), {"username": "eero", "password": "a-long-enough-password"})

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("signed-out"), 302)]
    assert "You have signed out of the portal." in response.content.decode()
    assert sso.requests == []


def test_signing_out_when_the_provider_is_unreachable_still_signs_out(sso, settings, culture_unit, client):
    sign_in(client)
    settings.OIDC_ISSUER = "http://127.0.0.1:9/realms/gone"
    oidc.provider_metadata.cache_clear()

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("signed-out")
    assert signed_in_user(client) is None


def test_forms_may_post_to_the_provider_only_when_single_sign_on_is_on(sso, settings, client):
    origin = sso.issuer.removesuffix("/realms/helsinki")
    assert form_action(client.get(reverse("login"))) == ["'self'", origin]

    settings.OIDC_ENABLED = False
    assert form_action(client.get(reverse("login"))) == ["'self'"]


# Back-channel logout


@pytest.fixture
def two_sessions(sso, culture_unit):
    """The same person signed in twice, in two provider sessions."""
    first, second = Client(), Client()
    sso.next_claims["sid"] = "session-one"
    sign_in(first)
    sso.next_claims["sid"] = "session-two"
    sign_in(second)
    assert signed_in_user(first) and signed_in_user(second)
    return first, second


def test_a_logout_token_for_the_person_ends_all_their_sessions(sso, two_sessions, client, audit_log):
    bystander = UserFactory(username="eero")
    client.force_login(bystander)

    response = client.post(BACKCHANNEL_LOGOUT, {"logout_token": sso.logout_token(sub=SUBJECT)})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert [signed_in_user(session) for session in two_sessions] == [None, None]
    assert signed_in_user(client) == bystander
    assert f"single sign-on logout: subject={SUBJECT!r} session=None sessions=2" in audit_log


def test_a_logout_token_for_a_provider_session_ends_that_session_only(sso, two_sessions):
    first, second = two_sessions

    response = Client().post(BACKCHANNEL_LOGOUT, {"logout_token": sso.logout_token(sid="session-one")})

    assert response.status_code == 200
    assert signed_in_user(first) is None
    assert signed_in_user(second) is not None


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        pytest.param({"sub": SUBJECT, "nonce": "n"}, "a logout token with a nonce", id="nonce"),
        pytest.param({"sub": SUBJECT, "events": {}}, "without the back-channel logout event", id="no event"),
        pytest.param(
            {"sub": SUBJECT, "events": {"http://schemas.openid.net/event/backchannel-logout": "x"}},
            "without the back-channel logout event",
            id="event not an object",
        ),
        pytest.param({}, "neither a subject nor a session", id="no subject or session"),
        pytest.param({"sub": SUBJECT, "aud": "another-client"}, "InvalidAudienceError", id="audience"),
        pytest.param({"sub": SUBJECT, "iss": "http://127.0.0.1:1/x"}, "InvalidIssuerError", id="issuer"),
        pytest.param(
            {"sub": SUBJECT, "iat": None}, 'MissingRequiredClaimError: Token is missing the "iat"', id="iat"
        ),
        pytest.param({"sub": SUBJECT, "exp": 1_000_000}, "ExpiredSignatureError", id="expired"),
    ],
)
def test_a_logout_token_that_fails_a_check_ends_nothing(sso, two_sessions, audit_log, claims, reason):
    response = Client().post(BACKCHANNEL_LOGOUT, {"logout_token": sso.logout_token(**claims)})

    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request"}
    assert all(signed_in_user(session) for session in two_sessions)
    assert any(
        message.startswith("single sign-on logout refused") and reason in message for message in audit_log
    )


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda provider: setattr(provider, "sign_with", new_key()), id="another key"),
        pytest.param(lambda provider: setattr(provider, "key_id", None), id="no key id, two keys"),
        pytest.param(
            lambda provider: provider.__dict__.update(
                algorithm="HS256", sign_with=CLIENT_SECRET, key_id=None
            ),
            id="HS256",
        ),
    ],
)
def test_a_logout_token_the_portal_cannot_verify_ends_nothing(sso, two_sessions, spoil):
    sso.published_keys["another-key"] = new_key()
    spoil(sso)

    response = Client().post(BACKCHANNEL_LOGOUT, {"logout_token": sso.logout_token(sub=SUBJECT)})

    assert response.status_code == 400
    assert all(signed_in_user(session) for session in two_sessions)


def test_the_back_channel_takes_only_a_post(sso):
    assert Client().get(BACKCHANNEL_LOGOUT).status_code == 405
    assert Client().post(BACKCHANNEL_LOGOUT).status_code == 400
