"""Sessions: a new key at sign-in, time limits, deactivated accounts and the cookie's flags."""

import json
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from helsinki_intl.accounts.sessions import LAST_ACTIVE_AT, SIGNED_IN_AT
from tests.factories import UserFactory

from .processes import production_env
from .test_processes import _run_python

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"
PAGE = "/networks/memberships/"


@pytest.fixture
def aino(culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def aino_client(aino):
    client = Client()
    response = client.post(reverse("login"), {"username": "aino", "password": PASSWORD})
    assert response.status_code == 302
    return client


def move_back(client, **seconds_by_key):
    session = client.session
    for key, seconds in seconds_by_key.items():
        session[key] -= seconds
    session.save()


def sessions_of(user) -> int:
    return sum(
        session.get_decoded().get("_auth_user_id") == str(user.pk) for session in Session.objects.all()
    )


def test_signing_in_gives_a_new_session_key(client, aino):
    session = client.session
    session["seen_before_sign_in"] = True
    session.save()
    before = client.cookies["sessionid"].value

    client.post(reverse("login"), {"username": "aino", "password": PASSWORD})

    after = client.cookies["sessionid"].value
    assert after != before
    assert not SessionStore().exists(before)
    assert SessionStore(session_key=after)["_auth_user_id"] == str(aino.pk)


@pytest.mark.parametrize(
    ("idle_minutes", "signed_in_hours_ago", "ended"),
    [
        (29, 1, False),
        (31, 1, True),
        (0, 11.9, False),
        (0, 12.1, True),
    ],
)
def test_a_session_ends_after_30_idle_minutes_or_12_hours(
    aino_client, idle_minutes, signed_in_hours_ago, ended
):
    move_back(aino_client, **{LAST_ACTIVE_AT: idle_minutes * 60, SIGNED_IN_AT: signed_in_hours_ago * 3600})

    response = aino_client.get(PAGE)

    if not ended:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={PAGE}"
    login_page = aino_client.get(response["Location"]).content.decode()
    assert "Your session has ended. Please sign in again." in login_page
    assert "_auth_user_id" not in aino_client.session
    assert aino_client.get(PAGE).status_code == 302


def test_the_limits_come_from_the_settings(aino_client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    move_back(aino_client, **{LAST_ACTIVE_AT: 4 * 60})
    assert aino_client.get(PAGE).status_code == 200

    settings.SESSION_MAX_HOURS = 1
    move_back(aino_client, **{SIGNED_IN_AT: 3601})
    assert aino_client.get(PAGE).status_code == 302


def test_activity_is_recorded_at_most_once_a_minute(aino_client):
    last_active = aino_client.session[LAST_ACTIVE_AT]

    response = aino_client.get(PAGE)
    assert aino_client.session[LAST_ACTIVE_AT] == last_active
    assert "sessionid" not in response.cookies, "the session is not saved again"

    move_back(aino_client, **{LAST_ACTIVE_AT: 61})
    response = aino_client.get(PAGE)
    assert aino_client.session[LAST_ACTIVE_AT] == pytest.approx(time.time(), abs=5)
    assert "sessionid" in response.cookies


def test_the_cookie_expires_with_the_session_and_is_not_extended(aino_client):
    expires = aino_client.session.get_expiry_date()
    assert aino_client.cookies["sessionid"]["max-age"] == pytest.approx(12 * 3600, abs=5)

    move_back(aino_client, **{LAST_ACTIVE_AT: 61, SIGNED_IN_AT: 3600})
    response = aino_client.get(PAGE)

    assert "sessionid" in response.cookies
    assert aino_client.session.get_expiry_date() == expires
    assert response.cookies["sessionid"]["max-age"] == pytest.approx(12 * 3600, abs=5)


def test_sessions_from_before_the_limits_get_their_clock_on_the_next_request(aino, client):
    client.force_login(aino)
    session = client.session
    del session[SIGNED_IN_AT], session[LAST_ACTIVE_AT]
    session.save()

    assert client.get(PAGE).status_code == 200
    assert client.session[SIGNED_IN_AT] == pytest.approx(time.time(), abs=5)


def test_requests_without_a_session_cookie_leave_the_session_alone(client):
    response = client.get(reverse("healthz"))
    assert "Cookie" not in response.get("Vary", "")


def test_deactivating_an_account_ends_its_sessions(aino, aino_client, strategy_client, culture_unit):
    other_device = Client()
    other_device.force_login(aino)
    assert aino_client.get(PAGE).status_code == 200
    assert sessions_of(aino) == 2

    response = strategy_client.post(
        reverse("admin:organisation_user_change", args=[aino.pk]),
        {
            "username": "aino",
            "first_name": aino.first_name,
            "last_name": aino.last_name,
            "email": aino.email,
            "date_joined_0": "2025-01-01",
            "date_joined_1": "08:00:00",
            "units": [culture_unit.pk],
            "language": "fi",
            "version": type(aino).objects.get(pk=aino.pk).version,  # as the change page was loaded
            # is_active left out: the checkbox is cleared
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    aino.refresh_from_db()
    assert not aino.is_active
    assert sessions_of(aino) == 0

    for device in (aino_client, other_device):
        response = device.get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert strategy_client.get(PAGE).status_code == 200, "other people's sessions stay"


def test_saving_an_active_account_leaves_its_sessions(aino, aino_client):
    aino.first_name = "Aino-Maija"
    aino.save()
    assert aino_client.get(PAGE).status_code == 200
    assert sessions_of(aino) == 1


def test_with_debug_off_cookies_are_secure_and_sign_ins_are_logged():
    env = production_env(
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite://:memory:",
        DJANGO_SETTINGS_MODULE="helsinki_intl.settings",
    )
    code = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from helsinki_intl.organisation.models import User
call_command("migrate", verbosity=0)
User.objects.create_user("aino", password="a-long-enough-password")
Client().post("/login/", {"username": "aino", "password": "wrong"}, secure=True)
response = Client().post("/login/", {"username": "aino", "password": "a-long-enough-password"}, secure=True)
print(json.dumps({name: dict(morsel) for name, morsel in response.cookies.items()}))
"""
    result = _run_python(code, env)
    assert result.returncode == 0, result.stderr
    cookies = json.loads(result.stdout.strip().splitlines()[-1])

    assert set(cookies) == {"sessionid", "csrftoken"}
    for cookie in cookies.values():
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert cookies["sessionid"]["max-age"] == pytest.approx(12 * 3600, abs=5)
    # LOG_LEVEL is WARNING here; sign-ins are logged all the same.
    assert "sign-in: user='aino' address=127.0.0.1" in result.stderr
    assert "failed sign-in: username='aino' address=127.0.0.1" in result.stderr
    assert "AXES: New login failure" in result.stderr
    assert "wrong" not in result.stderr
