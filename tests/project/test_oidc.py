"""Single sign-on with OpenID Connect, against a stub provider on loopback."""

import importlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse

from helsinki_intl.accounts import oidc
from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User
from tests.factories import UserFactory
from tests.project.oidc_provider import StubProvider, new_key

pytestmark = pytest.mark.django_db

CLIENT_ID = "international-portal"
CLIENT_SECRET = "stub-secret"
SUBJECT = "6b0e5c1a-3f6e-4f0b-9d43-2a1f0c9e7d10"
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def signing_key():
    return new_key()


@pytest.fixture
def provider(signing_key):
    stub = StubProvider(CLIENT_ID, CLIENT_SECRET, signing_key).start()
    stub.next_claims = {
        "sub": SUBJECT,
        "given_name": "Aino",
        "family_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "locale": "sv-FI",
        "groups": ["unit:kuva", "helsinki-intl-affairs", "all-staff"],
    }
    yield stub
    stub.stop()


def _reload_urls():
    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))


@pytest.fixture
def sso(settings, provider):
    """Single sign-on on, as the settings module turns it on, against the stub provider."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ENABLED = True
    settings.OIDC_ROLE_GROUPS = {
        "helsinki-intl-affairs": roles.INTERNATIONAL_AFFAIRS,
        "helsinki-intl-coordination": roles.COORDINATION_GROUP,
    }
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "helsinki_intl.accounts.oidc.PortalOIDCBackend",
    ]
    oidc.provider_metadata.cache_clear()
    _reload_urls()
    yield provider
    settings.OIDC_ENABLED = False
    _reload_urls()


@pytest.fixture
def audit_log():
    records: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Handler(level=logging.DEBUG)
    loggers = [logging.getLogger("helsinki_intl.audit"), logging.getLogger("helsinki_intl.accounts.oidc")]
    for logger in loggers:
        logger.addHandler(handler)
    yield records
    for logger in loggers:
        logger.removeHandler(handler)


def sign_in(client: Client, next_url: str = ""):
    """Goes through the whole flow as a browser would; returns the portal's last response."""
    query = f"?next={next_url}" if next_url else ""
    start = client.get(reverse("oidc_authentication_init") + query)
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    return client.get(at_provider.headers["Location"])


def signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_sign_in_creates_the_user_with_units_and_roles(sso, culture_unit, client, audit_log):
    response = sign_in(client, next_url="/networks/")

    assert response.status_code == 302
    assert response["Location"] == "/networks/"
    user = signed_in_user(client)
    assert user.username == SUBJECT
    assert (user.first_name, user.last_name, user.email) == ("Aino", "Virtanen", "aino.virtanen@example.fi")
    assert user.language == "sv"
    assert not user.has_usable_password()
    assert not user.is_staff
    assert set(user.units.all()) == {culture_unit}
    assert set(user.groups.values_list("name", flat=True)) == {roles.INTERNATIONAL_AFFAIRS}
    assert f"sign-in: user={SUBJECT!r} address=127.0.0.1" in audit_log
    assert client.get("/").status_code == 200


def test_the_next_sign_in_follows_the_provider(sso, culture_unit, urban_unit, audit_log):
    sign_in(Client())
    user = User.objects.get(username=SUBJECT)
    user.groups.create(name="newsletter-editors")  # given in the admin, not by the provider

    sso.next_claims |= {
        "family_name": "Korhonen",
        "locale": "de",
        "groups": ["unit:kymp", "unit:no-such-unit", "helsinki-intl-coordination"],
    }
    client = Client()
    sign_in(client)

    user.refresh_from_db()
    assert signed_in_user(client) == user
    assert user.last_name == "Korhonen"
    assert user.language == "sv", "a language the portal does not have leaves the choice as it was"
    assert set(user.units.all()) == {urban_unit}
    assert set(user.groups.values_list("name", flat=True)) == {roles.COORDINATION_GROUP, "newsletter-editors"}
    assert f"single sign-on: no active unit with the codes ['no-such-unit'] (user={SUBJECT!r})" in audit_log


def test_no_groups_takes_every_unit_and_role_away(sso, culture_unit):
    sign_in(Client())
    sso.next_claims["groups"] = []
    sign_in(Client())

    user = User.objects.get(username=SUBJECT)
    assert not user.units.exists()
    assert not user.groups.exists()


def test_an_inactive_user_is_refused(sso, culture_unit, client, audit_log):
    user = UserFactory(username=SUBJECT, is_active=False, units=[])
    user.set_unusable_password()
    user.save()

    response = sign_in(client)

    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    assert not user.units.exists()
    assert any("refused for an inactive account" in message for message in audit_log)
    page = client.get(response["Location"])
    assert "Signing in with the City of Helsinki account did not succeed." in page.content.decode()


def test_a_local_account_with_the_same_name_is_not_taken_over(sso, client):
    user = UserFactory(username=SUBJECT, first_name="Local")
    user.set_password("a-long-enough-password")
    user.save()

    sign_in(client)

    assert signed_in_user(client) is None
    user.refresh_from_db()
    assert user.first_name == "Local"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda provider: setattr(provider, "sign_with", new_key()), id="another key"),
        pytest.param(lambda provider: provider.token_overrides.update(aud="another-client"), id="audience"),
        pytest.param(
            lambda provider: provider.token_overrides.update(aud=["another-client", CLIENT_ID]),
            id="audience of another party",
        ),
        pytest.param(
            lambda provider: provider.token_overrides.update(iss="http://127.0.0.1:1/x"), id="issuer"
        ),
        pytest.param(lambda provider: provider.token_overrides.update(exp=1_000_000), id="expired"),
        pytest.param(lambda provider: provider.token_overrides.update(nonce="replayed"), id="nonce"),
        pytest.param(lambda provider: provider.token_overrides.update(sub="someone-else"), id="subject"),
    ],
)
def test_a_bad_id_token_is_refused(sso, client, spoil, audit_log):
    spoil(sso)

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert any(message.startswith("failed sign-in") for message in audit_log)


def test_repeated_refusals_from_one_address_pause_single_sign_on_there(sso, settings, culture_unit):
    password_user = UserFactory(username="eero")
    password_user.set_password("a-long-enough-password")
    password_user.save()
    sso.token_overrides["aud"] = "another-client"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client())
    sso.token_overrides.clear()

    paused = sign_in(Client())
    by_password = Client()
    by_password.post(reverse("login"), {"username": "eero", "password": "a-long-enough-password"})

    assert paused.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert not User.objects.filter(username=SUBJECT).exists()
    assert signed_in_user(by_password) == password_user


def test_password_sign_in_works_and_never_reaches_the_provider(sso, client):
    user = UserFactory(username="eero")
    user.set_password("a-long-enough-password")
    user.save()
    login = reverse("login") + "?code=stolen&state=guessed"

    wrong = client.post(login, {"username": "eero", "password": "wrong-password"})
    right = client.post(login, {"username": "eero", "password": "a-long-enough-password"})

    assert wrong.status_code == 200
    assert right.status_code == 302
    assert signed_in_user(client) == user
    assert sso.requests == []


def test_an_unreachable_provider_is_reported_on_the_sign_in_page(sso, settings, client):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/realms/gone"

    response = client.get(reverse("oidc_authentication_init"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "is not available at the moment" in response.content.decode()


def test_the_sign_in_page_offers_single_sign_on_when_it_is_on(sso, client):
    page = client.get(reverse("login") + "?next=/networks/").content.decode()

    assert 'href="/oidc/authenticate/?next=/networks/"' in page
    assert "Sign in with the City of Helsinki account" in page
    assert 'name="password"' in page


def test_with_single_sign_on_off_there_are_no_addresses_and_no_button(client):
    assert not django_settings.OIDC_ENABLED
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    page = client.get(reverse("login")).content.decode()
    assert "City of Helsinki account</a>" not in page
    assert 'name="password"' in page
    assert "helsinki_intl.accounts.oidc.PortalOIDCBackend" not in django_settings.AUTHENTICATION_BACKENDS


def _settings_from(environment: dict[str, str]) -> subprocess.CompletedProcess:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.AUTHENTICATION_BACKENDS, settings.OIDC_ROLE_GROUPS]))"
    )
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("OIDC_")},
        "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings",
        "SECRET_KEY": "x",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_environment_turns_single_sign_on_on():
    on = {
        "OIDC_ISSUER": "https://login.example.fi/realms/helsinki",
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ROLE_GROUPS": (
            "helsinki-intl-affairs=international-affairs,helsinki-intl-coordination=coordination-group"
        ),
    }
    result = _settings_from(on)
    assert result.returncode == 0, result.stderr
    backends, role_groups = json.loads(result.stdout)
    assert backends[0] == "helsinki_intl.accounts.throttling.SignInThrottleBackend"
    assert backends[-1] == "helsinki_intl.accounts.oidc.PortalOIDCBackend"
    assert role_groups == {
        "helsinki-intl-affairs": "international-affairs",
        "helsinki-intl-coordination": "coordination-group",
    }

    unknown_role = _settings_from({**on, "OIDC_ROLE_GROUPS": "helsinki-admins=superuser"})
    assert unknown_role.returncode != 0
    assert "OIDC_ROLE_GROUPS names unknown roles ['superuser']" in unknown_role.stderr

    no_secret = _settings_from({**on, "OIDC_CLIENT_SECRET": ""})
    assert "OIDC_CLIENT_SECRET is not set" in no_secret.stderr
