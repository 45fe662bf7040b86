"""The Content-Security-Policy on every page (portal and admin) and the hardening headers that
production settings send."""

import base64
import hashlib
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import path, reverse

from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import ApplicationFactory, CoFinancingAppropriationFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory
from tests.partnerships.factories import PartnershipFactory

from .processes import PROJECT, gunicorn, production_env

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
SCRIPT_DIRECTIVES = ("default-src", "script-src", "script-src-elem", "script-src-attr")


def parse_policy(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


class ScriptCollector(HTMLParser):
    """The page's <script> elements and its inline event handlers (onclick="..." and the like)."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.handlers += [value or "" for name, value in attrs if name.startswith("on")]


def sha256_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def assert_page_follows_the_policy(response) -> None:
    url = response.request["PATH_INFO"]
    assert response.status_code == 200, url
    policy = parse_policy(response["Content-Security-Policy"])
    for name, source in REQUIRED_DIRECTIVES.items():
        assert policy.get(name) == [source], (url, name, policy.get(name))
    for name in SCRIPT_DIRECTIVES:
        assert not UNSAFE_SOURCES & set(policy.get(name, [])), (url, name, policy[name])

    page = ScriptCollector()
    page.feed(response.content.decode())
    nonces = {source for source in policy.get("script-src", []) if source.startswith("'nonce-")}
    for script in page.scripts:
        if script.get("src"):
            assert script["src"].startswith("/") and not script["src"].startswith("//"), (url, script)
        else:
            assert f"'nonce-{script.get('nonce')}'" in nonces, (url, "an inline script without the nonce")
    for handler in page.handlers:
        assert sha256_source(handler) in policy.get("script-src-attr", []), (url, handler)


@pytest.fixture
def records(strategy_user, strategy_unit):
    mine = {"owner_unit": strategy_unit, "responsible_person": strategy_user}
    membership = MembershipFactory(active=True, **mine)
    partnership = PartnershipFactory(active=True, **mine)
    application = ApplicationFactory(**mine)
    return {
        "networks:membership": membership,
        "networks:network": membership.network,
        "partnerships:partnership": partnership,
        "partnerships:partner": partnership.partner,
        "eu_projects:application": application,
        "eu_projects:call": application.call,
        "eu_projects:programme": application.call.programme,
        "eu_projects:cofinancingappropriation": CoFinancingAppropriationFactory(),
        "events:eventbid": EventBidFactory(**mine),
        "activities:activity": ActivityFactory(**mine),
    }


def portal_pages(records) -> list[str]:
    pages = [reverse("home")]
    for name, record in records.items():
        pages += [
            reverse(f"{name}-list"),
            reverse(f"{name}-add"),
            reverse(f"{name}-detail", args=[record.pk]),
        ]
    return pages


def admin_pages(membership) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:networks_membership_changelist"),
        reverse("admin:networks_membership_change", args=[membership.pk]),
        reverse("admin:networks_membership_history", args=[membership.pk]),
        reverse("admin:networks_membership_import"),
        reverse("admin:networks_membership_export"),
    ]


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_runs_no_unapproved_inline_script(strategy_client, records):
    pages = portal_pages(records) + admin_pages(records["networks:membership"])
    for url in pages:
        assert_page_follows_the_policy(strategy_client.get(url))


@pytest.mark.django_db
def test_the_sign_in_page_and_errors_carry_the_policy_too(client, strategy_client):
    for response in (client.get(reverse("login")), strategy_client.get("/no-such-page/")):
        policy = parse_policy(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_the_export_pages_select_all_handler_is_the_one_the_policy_allows(strategy_client):
    response = strategy_client.get(reverse("admin:networks_membership_export"))
    page = ScriptCollector()
    page.feed(response.content.decode())
    # If django-import-export changes its handler, the hash in settings must follow.
    assert page.handlers == ["onSelectToggleChange(event)"]
    assert_page_follows_the_policy(response)


def inline_script_view(request):
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">let x = 1;</script>')
    return HttpResponse(template.render(request=request))


urlpatterns = [path("inline-script/", inline_script_view)]


@pytest.mark.urls(__name__)
def test_an_inline_script_given_the_nonce_is_allowed_by_the_header(client):
    response = client.get("/inline-script/")
    page = ScriptCollector()
    page.feed(response.content.decode())
    nonce = page.scripts[0]["nonce"]
    assert nonce
    assert f"'nonce-{nonce}'" in parse_policy(response["Content-Security-Policy"])["script-src"]
    assert client.get("/inline-script/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def response_headers(url: str, headers: dict[str, str]):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.mark.processes
def test_gunicorn_with_production_settings_sends_the_hardening_headers(tmp_path):
    log = tmp_path / "gunicorn.log"
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'web.sqlite3'}", TRUSTED_PROXY_COUNT="1")
    with gunicorn(env, log) as base:
        status, headers = response_headers(f"{base}/login/", {"X-Forwarded-Proto": "https"})

    assert status == 200, log.read_text()
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = parse_policy(headers["Content-Security-Policy"])
    for name, source in REQUIRED_DIRECTIVES.items():
        assert policy[name] == [source]
    cookies = headers.get_all("Set-Cookie")
    assert cookies and all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


@pytest.mark.processes
def test_the_deployment_checks_pass_with_production_settings():
    env = production_env(ALLOWED_HOSTS="portal.example.com", CACHE_URL="rediscache://127.0.0.1:6379/1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
