"""Error reports to Sentry: on with SENTRY_DSN (release, environment, no personal data), absent
without it."""

import json
import subprocess
import sys

from helsinki_intl.error_reports import scrub, scrub_breadcrumb

from .processes import PROJECT, production_env

# Nothing listens there: the test's transport keeps the events instead of sending them.
DSN = "http://public-key@127.0.0.1:9/1"


def _run(code: str, **environment: str) -> subprocess.CompletedProcess:
    env = production_env(DJANGO_SETTINGS_MODULE="helsinki_intl.settings", **environment)
    for name in ("SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE"):
        if name not in environment:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )


def test_without_a_dsn_sentry_is_not_even_imported():
    result = _run("import sys, django; django.setup(); print('sentry_sdk' in sys.modules)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_with_a_dsn_errors_are_reported_with_the_release_and_environment():
    code = """
import json, django
django.setup()
import sentry_sdk
options = sentry_sdk.get_client().options
print(json.dumps({name: options[name] for name in
    ("dsn", "release", "environment", "send_default_pii", "include_local_variables")}))
"""
    result = _run(code, SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="staging", SENTRY_RELEASE="portal@abc123")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "dsn": DSN,
        "release": "portal@abc123",
        "environment": "staging",
        "send_default_pii": False,
        "include_local_variables": False,
    }


def test_the_release_is_the_portal_s_version_unless_named():
    code = (
        "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().options['release'])"
    )

    result = _run(code, SENTRY_DSN=DSN)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "helsinki-intl@0.1.0"


def test_a_reported_error_of_a_request_carries_no_personal_data():
    """A view fails for a signed-in user: the report names the user by id, the request by its
    method, path and harmless headers, and has no cookie, body, query string or e-mail address."""
    code = """
import json, django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport
from django.core.management import call_command
from django.test import Client
from unittest import mock
from helsinki_intl.organisation.models import User

events = []
class Keep(Transport):
    def capture_envelope(self, envelope):
        events.extend(item.payload.json for item in envelope.items if item.type == "event")
sentry_sdk.get_client().transport = Keep(sentry_sdk.get_client().options)

call_command("migrate", verbosity=0)
user = User.objects.create_user("aino.virtanen", email="aino.virtanen@hel.fi", first_name="Aino")
client = Client(raise_request_exception=False)
client.force_login(user)
view = "helsinki_intl.coordination.views.dashboard.DashboardView"
with mock.patch(f"{view}.get_context_data", side_effect=RuntimeError("boom")):
    response = client.get("/?q=aino.virtanen@hel.fi", secure=True)
sentry_sdk.flush()
print(json.dumps({"status": response.status_code, "user_id": user.pk, "events": events}))
"""
    result = _run(
        code,
        SENTRY_DSN=DSN,
        DATABASE_URL="sqlite://:memory:",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="CRITICAL",
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 500
    [event] = outcome["events"]
    assert event["exception"]["values"][-1]["value"] == "boom"
    assert event["user"] == {"id": str(outcome["user_id"])}
    assert len(event["tags"]["request_id"]) == 32
    assert set(event["request"]) == {"method", "url", "headers"}
    assert {name.lower() for name in event["request"]["headers"]} <= {"user-agent", "content-type", "accept"}
    written = json.dumps(event)
    assert "aino" not in written.lower()
    assert "sessionid" not in written
    assert "csrftoken" not in written


def test_an_event_keeps_the_user_s_id_only_and_the_request_s_harmless_parts():
    event = {
        "user": {"id": 7, "username": "aino", "email": "aino@hel.fi", "ip_address": "10.0.0.1"},
        "request": {
            "method": "POST",
            "url": "https://portal.example.com/login/",
            "query_string": "next=/",
            "data": {"password": "secret"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "Authorization": "Bearer x", "User-Agent": "Firefox"},
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
        "extra": {"username": "aino", "rows": 3, "api_token": "t", "user_id": 7},
        "logentry": {
            "message": "Reminder %s to %s not sent",
            "params": [1, "aino@hel.fi"],
            "formatted": "...",
        },
    }

    scrubbed = scrub(event)

    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://portal.example.com/login/",
        "headers": {"User-Agent": "Firefox"},
    }
    assert scrubbed["extra"] == {"username": "[redacted]", "rows": 3, "api_token": "[redacted]", "user_id": 7}
    assert scrubbed["logentry"] == {"message": "Reminder %s to %s not sent"}


def test_the_audit_log_s_lines_are_no_breadcrumbs():
    assert scrub_breadcrumb({"category": "helsinki_intl.audit", "message": "sign-in: user='aino'"}) is None
    kept = scrub_breadcrumb(
        {"category": "django.request", "message": "Not Found: /x", "data": {"email": "a"}}
    )
    assert kept == {"category": "django.request", "message": "Not Found: /x", "data": {"email": "[redacted]"}}
