"""Log lines: one JSON object a line with LOG_FORMAT=json, with the request's id (sent back in
the response), user id and path, audit facts as fields, and never a password, token or session key."""

import io
import json
import logging
import subprocess
import sys

import pytest
from django.urls import reverse

from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.logs import JsonFormatter, RequestContextFilter, audit_facts, request_id_of
from tests.factories import MembershipFactory, UserFactory

from .processes import PROJECT, production_env

PASSWORD = "a-long-enough-password"


@pytest.fixture
def json_lines():
    """What the portal's loggers write, formatted as with LOG_FORMAT=json."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in output.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def aino(db, culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


def test_every_line_is_one_json_object_with_the_request_s_context(client, aino, json_lines):
    client.force_login(aino)

    response = client.get(reverse("home"))

    request_id = response["X-Request-ID"]
    lines = json_lines()
    assert lines
    [answered] = [line for line in lines if line["logger"] == "helsinki_intl.requests"]
    assert answered["request_id"] == request_id
    assert answered["user_id"] == aino.pk
    assert answered["path"] == "/"
    assert answered["method"] == "GET"
    assert answered["status"] == 200
    assert answered["level"] == "INFO"
    assert answered["message"].startswith("GET / 200 ")
    assert answered["time"].endswith("+00:00")


def test_a_line_outside_a_request_has_no_request_context(json_lines):
    logging.getLogger("helsinki_intl.test").warning("outside %s", "a request")

    [line] = json_lines()
    assert line["message"] == "outside a request"
    assert (line["request_id"], line["user_id"], line["path"]) == (None, None, None)


def test_an_exception_s_traceback_is_in_its_line(json_lines):
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("helsinki_intl.test").exception("it broke")

    [line] = json_lines()
    assert line["message"] == "it broke"
    assert "ValueError: broken" in line["exception"]


def test_each_request_gets_an_id_of_its_own(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")

    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(first["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c", True),
        ("proxy.request_01", True),
        ("short", False),
        ("x" * 65, False),
        ("evil\nINFO forged line", False),
        ('"><script>', False),
        ("", False),
    ],
)
def test_an_incoming_request_id_is_taken_only_when_it_is_a_safe_short_token(client, db, incoming, kept):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert (response["X-Request-ID"] == incoming) is kept
    assert len(request_id_of(incoming)) == (len(incoming) if kept else 32)


def test_a_sign_in_is_an_audit_event_with_its_facts_as_fields(client, aino, json_lines):
    client.post(
        reverse("login"),
        {"username": "aino", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )

    [signed_in] = [line for line in json_lines() if line.get("event") == "sign-in"]
    assert signed_in["logger"] == "helsinki_intl.audit"
    assert signed_in["username"] == "aino"
    assert signed_in["address"] == "10.0.0.7"
    assert signed_in["user"] == aino.pk
    assert signed_in["message"] == "sign-in: user='aino' address=10.0.0.7"


def test_no_line_carries_a_password_or_a_session_key(client, aino, json_lines):
    client.post(reverse("login"), {"username": "aino", "password": "wrong-" + PASSWORD})
    client.post(reverse("login"), {"username": "aino", "password": PASSWORD})
    session_key = client.session.session_key
    client.get(reverse("home"))
    client.post(reverse("logout"))

    written = "\n".join(json.dumps(line) for line in json_lines())
    assert '"event": "failed sign-in"' in written
    assert '"event": "sign-out"' in written
    assert PASSWORD not in written
    assert session_key not in written


def test_a_secret_named_field_is_redacted(json_lines):
    logging.getLogger("helsinki_intl.audit").info(
        "something", extra=audit_facts("test", session_key="abc", api_token="def", rows=3)
    )

    [line] = json_lines()
    assert (line["session_key"], line["api_token"], line["rows"]) == ("[redacted]", "[redacted]", 3)


def test_a_calendar_feed_s_token_never_reaches_a_line(client, aino, json_lines):
    _feed, token = CalendarFeed.issue(aino)
    reverse_kwargs = {"token": token}

    assert client.get(reverse("coordination:calendar-personal", kwargs=reverse_kwargs)).status_code == 200
    assert client.get(reverse("coordination:calendar-city", kwargs=reverse_kwargs)).status_code == 404
    assert (
        client.get(reverse("coordination:calendar-personal", kwargs={"token": "wrong" * 8})).status_code
        == 404
    )

    lines = json_lines()
    written = "\n".join(json.dumps(line) for line in lines)
    assert token not in written
    assert "wrong" * 8 not in written
    [read] = [line for line in lines if line.get("event") == "calendar feed read"]
    assert (read["feed"], read["owner"]) == ("personal", aino.pk)
    assert read["path"] == "/coordination/calendar/[redacted]/mine.ics"
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert [line["message"] for line in not_found] == [
        "Not Found: /coordination/calendar/[redacted]/city.ics",
        "Not Found: /coordination/calendar/[redacted]/mine.ics",
    ]


def test_a_step_taken_is_an_audit_line_with_its_facts_as_fields(strategy_client, strategy_user, json_lines):
    membership = MembershipFactory(status="assessing")

    response = strategy_client.post(
        reverse("networks:membership-step", kwargs={"pk": membership.pk, "step": "assess"}),
        {"recommendation": "join", "statement": "Worth the fee."},
    )

    assert response.status_code == 302
    [taken] = [line for line in json_lines() if line.get("event") == "step taken"]
    assert taken["logger"] == "helsinki_intl.audit"
    assert {
        key: taken[key] for key in ("record_type", "record", "step", "from_state", "to_state", "user")
    } == {
        "record_type": "networks.membership",
        "record": membership.pk,
        "step": "assess",
        "from_state": "assessing",
        "to_state": "assessed",
        "user": strategy_user.pk,
    }
    assert "Worth the fee." not in json.dumps(taken)  # what the step says stays in the register


def _log_one_line(**environment: str) -> subprocess.CompletedProcess:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('helsinki_intl.audit').warning('hello %s', 'there', extra={'event': 'test'})"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="helsinki_intl.settings", **environment)
    if "LOG_FORMAT" not in environment:
        env.pop("LOG_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_log_format_json_makes_each_line_a_json_object():
    result = _log_one_line(LOG_FORMAT="json")

    assert result.returncode == 0, result.stderr
    [line] = [json.loads(line) for line in result.stderr.splitlines()]
    assert line["message"] == "hello there"
    assert line["level"] == "WARNING"
    assert line["event"] == "test"


def test_plain_text_is_the_default():
    result = _log_one_line()

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING helsinki_intl.audit hello there")


def test_an_unknown_log_format_is_refused_at_start():
    result = _log_one_line(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT is 'xml'; it is either plain or json." in result.stderr
