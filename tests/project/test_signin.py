"""Signing in: throttling of repeated failures, password rules and the audit log."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from helsinki_intl.accounts.throttling import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"


class Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def messages(self, logger: str) -> list[str]:
        return [record.getMessage() for record in self.records if record.name.startswith(logger)]


@pytest.fixture
def logged():
    """What the audit log and axes write (works with or without pytest's logging plugin)."""
    handler = Records()
    loggers = [logging.getLogger("helsinki_intl.audit"), logging.getLogger("axes")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def aino(culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def eero(culture_unit):
    user = UserFactory(username="eero", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail_five_times(client, username="aino", address="10.0.0.1"):
    return [sign_in(client, username, "wrong", address).status_code for _ in range(5)]


def last_failure_minutes_ago(minutes):
    now = datetime.datetime.now(datetime.UTC)
    AccessAttempt.objects.update(attempt_time=now - datetime.timedelta(minutes=minutes))


def test_five_failures_lock_the_user_name_from_that_address(client, aino):
    assert fail_five_times(client) == [200, 200, 200, 200, 429]

    response = sign_in(client, "aino", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_when_to_try_again(client, aino):
    fail_five_times(client)
    response = sign_in(client, "aino", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Too many sign-in attempts</h1>" in page
    assert "Please try again in 15 minutes." in page
    assert "Traceback" not in page


def test_another_address_or_another_user_is_not_locked(client, aino, eero):
    fail_five_times(client, "aino", "10.0.0.1")

    assert sign_in(client, "aino", PASSWORD, "10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, "eero", PASSWORD, "10.0.0.1").status_code == 302


def test_signing_in_works_again_after_the_cool_off(client, aino):
    fail_five_times(client)
    assert sign_in(client, "aino", PASSWORD).status_code == 429

    last_failure_minutes_ago(14)
    assert sign_in(client, "aino", PASSWORD).status_code == 429, "still within the 15 minutes"

    last_failure_minutes_ago(16)
    assert sign_in(client, "aino", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(aino.pk)


def test_the_limit_and_the_cool_off_come_from_the_settings(client, aino, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)

    assert [sign_in(client, "aino", "wrong").status_code for _ in range(2)] == [200, 429]
    assert "Please try again in 5 minutes." in sign_in(client, "aino", PASSWORD).content.decode()


def test_a_successful_sign_in_clears_earlier_failures(client, aino):
    for _ in range(4):
        sign_in(client, "aino", "wrong")
    assert sign_in(client, "aino", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    assert [sign_in(client, "aino", "wrong").status_code for _ in range(4)] == [200] * 4


def test_failures_and_the_lockout_are_logged_without_the_password(client, aino, logged):
    fail_five_times(client)

    audit = logged.messages("helsinki_intl.audit")
    assert audit.count("failed sign-in: username='aino' address=10.0.0.1") == 5
    assert "sign-in locked out: username='aino' address=10.0.0.1" in audit
    assert any("Locking out" in message for message in logged.messages("axes"))
    assert not any("wrong" in message for message in logged.messages(""))
    assert "wrong" not in AccessAttempt.objects.get().post_data


def test_sign_in_and_sign_out_are_logged(client, aino, logged):
    sign_in(client, "aino", PASSWORD, "10.0.0.7")
    client.get(reverse("logout"), REMOTE_ADDR="10.0.0.7")
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.7")

    assert logged.messages("helsinki_intl.audit") == [
        "sign-in: user='aino' address=10.0.0.7",
        "sign-out: user='aino' address=10.0.0.7",
    ]
    assert not any(PASSWORD in message for message in logged.messages(""))


def test_a_user_name_cannot_forge_log_lines(client, logged):
    sign_in(client, "mallory\n2025-01-01 INFO helsinki_intl.audit sign-in: user='aino'", "x")

    [message] = logged.messages("helsinki_intl.audit")
    assert "\n" not in message


def test_signing_out_takes_a_post_and_get_changes_nothing(culture_client):
    assert culture_client.get(reverse("logout")).status_code == 405
    assert culture_client.get("/").status_code == 200

    assert culture_client.post(reverse("logout")).status_code == 302
    assert culture_client.get("/").status_code == 302


def test_authenticating_from_code_without_a_request_still_works(aino):
    assert authenticate(username="aino", password=PASSWORD) == aino
    assert authenticate(username="aino", password="wrong") is None


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.66, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.66, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)
    assert client_address(request) == expected


def test_behind_a_proxy_each_client_is_locked_separately(client, aino, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in(client, "aino", "wrong", "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    locked = sign_in(client, "aino", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    other = sign_in(client, "aino", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Xk4#pq9!Lm2", "password_too_short"),
        ("password1234", "password_too_common"),
        ("830271946512", "password_entirely_numeric"),
        ("aino.virtanen.helsinki", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = UserFactory.build(username="aino.virtanen", first_name="Aino", last_name="Virtanen")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert code in [error.code for error in refused.value.error_list]


def test_a_long_uncommon_password_is_accepted():
    user = UserFactory.build(username="aino.virtanen")
    validate_password("kuusi karhua kävi kylässä", user)


def test_an_overlong_user_name_is_refused_before_it_is_authenticated(client, db):
    from axes.models import AccessAttempt

    response = client.post("/login/", {"username": "x" * 300, "password": "whatever"})

    assert response.status_code == 200
    assert response.context["form"].has_error("username", "max_length")
    assert not AccessAttempt.objects.exists()
