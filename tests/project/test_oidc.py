"""Single sign-on with OpenID Connect, against a stub provider on loopback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User
from tests.factories import UserFactory
from tests.project.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    SUBJECT,
    USERNAME,
    new_key,
    sign_in,
    signed_in_user,
)

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def test_first_sign_in_creates_the_user_with_units_and_roles(sso, culture_unit, client, audit_log):
    response = sign_in(client, next_url="/networks/")

    assert response.status_code == 302
    assert response["Location"] == "/networks/"
    user = signed_in_user(client)
    assert (user.username, user.oidc_subject) == (USERNAME, SUBJECT)
    assert (user.first_name, user.last_name, user.email) == ("Aino", "Virtanen", "aino.virtanen@example.fi")
    assert user.language == "sv"
    assert not user.has_usable_password()
    assert not user.is_staff
    assert set(user.units.all()) == {culture_unit}
    assert set(user.groups.values_list("name", flat=True)) == {roles.INTERNATIONAL_AFFAIRS}
    assert f"sign-in: user={USERNAME!r} address=127.0.0.1" in audit_log
    assert client.get("/").status_code == 200


def test_the_next_sign_in_follows_the_provider(sso, culture_unit, urban_unit, audit_log):
    sign_in(Client())
    user = User.objects.get(oidc_subject=SUBJECT)
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
    assert f"single sign-on: no active unit with the codes ['no-such-unit'] (user={USERNAME!r})" in audit_log


def test_no_groups_takes_every_unit_and_role_away(sso, culture_unit):
    sign_in(Client())
    sso.next_claims["groups"] = []
    sign_in(Client())

    user = User.objects.get(oidc_subject=SUBJECT)
    assert not user.units.exists()
    assert not user.groups.exists()


def test_an_inactive_user_is_refused(sso, culture_unit, client, audit_log):
    user = UserFactory(username=USERNAME, oidc_subject=SUBJECT, is_active=False, units=[])
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
    assert not User.objects.filter(oidc_subject=SUBJECT).exists()
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


def failures_counted() -> int:
    return sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))


def assert_refused(client: Client, response, audit_log: list[str], reason: str) -> None:
    """Refused as every sign-in the portal cannot trust: the sign-in page with the friendly
    message, an audit line saying why, and one more failure counted towards the lockout."""
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert signed_in_user(client) is None
    page = client.get(response["Location"]).content.decode()
    assert "Signing in with the City of Helsinki account did not succeed." in page
    assert any(message.startswith("single sign-on refused") and reason in message for message in audit_log), (
        audit_log
    )
    assert any(message.startswith("failed sign-in") for message in audit_log)
    assert failures_counted() == 1


# The user name


def test_the_user_name_is_the_preferred_one_and_follows_it(sso, culture_unit):
    sign_in(Client())
    sso.next_claims["preferred_username"] = "aino.korhonen"
    client = Client()
    sign_in(client)

    user = signed_in_user(client)
    assert (user.username, user.oidc_subject) == ("aino.korhonen", SUBJECT)
    assert User.objects.count() == 1


def test_a_user_name_taken_by_another_account_gets_a_number(sso, culture_unit):
    local = UserFactory(username=USERNAME, first_name="Local")
    local.set_password("a-long-enough-password")
    local.save()
    UserFactory(username=f"{USERNAME}-2")
    client = Client()

    sign_in(client)

    assert signed_in_user(client).username == f"{USERNAME}-3"
    local.refresh_from_db()
    assert (local.first_name, local.oidc_subject, local.has_usable_password()) == ("Local", None, True)


def test_the_user_name_claim_comes_from_the_settings(sso, settings, culture_unit):
    settings.OIDC_USERNAME_CLAIM = "email"
    client = Client()
    sign_in(client)
    assert signed_in_user(client).username == "aino.virtanen@example.fi"

    del sso.next_claims["email"]
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    del sso.next_claims["preferred_username"]
    client = Client()
    sign_in(client)
    assert signed_in_user(client).username == SUBJECT, "with neither name the subject is the name"


def test_a_user_name_keeps_only_the_characters_a_user_name_may_have(sso, culture_unit, client):
    sso.next_claims["preferred_username"] = "Aino Virtanen\n<script>"

    sign_in(client)

    assert signed_in_user(client).username == "AinoVirtanenscript"


def test_an_account_named_after_its_subject_keeps_its_history(sso, culture_unit):
    """Accounts made when the user name was the subject are found by it once, then by the subject."""
    earlier = UserFactory(username=SUBJECT, units=[])
    earlier.set_unusable_password()
    earlier.save()
    client = Client()

    sign_in(client)

    earlier.refresh_from_db()
    assert signed_in_user(client) == earlier
    assert (earlier.username, earlier.oidc_subject) == (USERNAME, SUBJECT)


# Tokens the portal cannot verify


def test_a_token_without_a_key_id_is_checked_with_the_only_key(sso, culture_unit, client):
    sso.key_id = None
    sso.published_keys = {None: sso.key}

    sign_in(client)

    assert signed_in_user(client).oidc_subject == SUBJECT


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        pytest.param(
            lambda provider: setattr(provider, "key_id", None),
            "a token without a key id, and the provider publishes 2 keys",
            id="no key id, two keys",
        ),
        pytest.param(
            lambda provider: setattr(provider, "key_id", "no-such-key"),
            "the provider publishes 0 keys with the key id 'no-such-key'",
            id="unknown key id",
        ),
        pytest.param(
            lambda provider: (
                setattr(provider, "algorithm", "HS256"),
                setattr(provider, "sign_with", CLIENT_SECRET),
            ),
            "a token signed with 'HS256'",
            id="HS256 not configured",
        ),
        pytest.param(
            lambda provider: setattr(provider, "sign_with", new_key()),
            "InvalidSignatureError",
            id="signed by another key",
        ),
    ],
)
def test_a_token_the_portal_cannot_verify_is_refused(sso, client, audit_log, spoil, reason):
    sso.published_keys["another-key"] = new_key()
    spoil(sso)

    response = sign_in(client)

    assert_refused(client, response, audit_log, reason)
    assert not User.objects.exists()


def test_an_unsigned_token_is_refused(sso, client, audit_log, monkeypatch):
    monkeypatch.setattr(sso, "sign", lambda claims: jwt.encode(claims, None, algorithm="none"))

    response = sign_in(client)

    assert_refused(client, response, audit_log, "a token signed with 'none'")


def test_hs256_is_accepted_only_when_configured(sso, settings, culture_unit, client):
    settings.OIDC_SIGN_ALGORITHMS = ["RS256", "HS256"]
    sso.algorithm, sso.sign_with, sso.key_id = "HS256", CLIENT_SECRET, None

    sign_in(client)

    assert signed_in_user(client).oidc_subject == SUBJECT


def test_a_rotated_key_is_read_from_the_provider_without_a_restart(sso, culture_unit):
    sign_in(Client())
    rotated = new_key()
    sso.sign_with, sso.key_id, sso.published_keys = rotated, "rotated", {"rotated": rotated}
    client = Client()

    sign_in(client)

    assert signed_in_user(client).oidc_subject == SUBJECT


def test_a_provider_answer_that_is_not_json_is_refused(sso, client, audit_log, monkeypatch):
    monkeypatch.setattr(sso, "jwks", lambda: "not a key set")

    response = sign_in(client)

    assert_refused(client, response, audit_log, "the provider's key set has no keys")


# The state


def test_a_tampered_state_is_refused_like_a_bad_token(sso, client, audit_log):
    start = client.get(reverse("oidc_authentication_init"))
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = at_provider.headers["Location"].replace("state=", "state=tampered")

    response = client.get(callback)

    assert_refused(client, response, audit_log, "unknown state")
    assert not User.objects.exists()


def test_a_callback_in_a_browser_that_never_started_a_sign_in_is_refused(sso, client, audit_log):
    response = client.get(reverse("oidc_authentication_callback") + "?code=stolen&state=guessed")

    assert_refused(client, response, audit_log, "unknown state")


# Groups


def test_a_missing_groups_claim_is_logged_with_the_claim_s_name(sso, settings, culture_unit, audit_log):
    settings.OIDC_GROUPS_CLAIM = "roles"

    sign_in(Client())

    assert (
        f"single sign-on: the provider sent no 'roles' claim (user={USERNAME!r}); ask for the scope that "
        "releases it (OIDC_SCOPES) or name the claim the provider uses (OIDC_GROUPS_CLAIM)"
    ) in audit_log


def test_a_person_without_a_unit_is_told_whom_to_ask(sso, strategy_user, client):
    strategy_user.email = "strategy@example.fi"
    strategy_user.save()
    sso.next_claims["groups"] = ["all-staff"]
    sign_in(client)

    page = client.get("/").content.decode()

    assert "You do not belong to any unit yet" in page
    assert 'href="mailto:strategy@example.fi"' in page
    assert "Your units come from the groups of your City of Helsinki account." in page


def test_a_person_with_a_unit_sees_the_dashboard(sso, culture_unit, client):
    sso.next_claims["groups"] = ["unit:kuva"]
    sign_in(client)

    page = client.get("/").content.decode()

    assert "You do not belong to any unit yet" not in page
    assert "<h1>Dashboard</h1>" in page


def test_the_accepted_algorithms_come_from_the_environment():
    on = {"OIDC_ISSUER": "https://login.example.fi/realms/helsinki", "OIDC_CLIENT_ID": CLIENT_ID}
    on["OIDC_CLIENT_SECRET"] = CLIENT_SECRET

    assert _settings_from(on).returncode == 0
    unsigned = _settings_from({**on, "OIDC_SIGN_ALGORITHMS": "RS256,none"})
    assert unsigned.returncode != 0
    assert "OIDC_SIGN_ALGORITHMS is ['RS256', 'none']; name one or more of" in unsigned.stderr
