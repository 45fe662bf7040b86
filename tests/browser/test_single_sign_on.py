"""Single sign-on in Chromium against a real provider (django-oidc-provider under gunicorn on
loopback): sign-in with the provider's password and consent pages, units and roles from its
groups, signing out at both ends under the portal's own Content-Security-Policy, a key rotation,
and the refusals.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.project.oidc_provider import turn_single_sign_on_off, turn_single_sign_on_on
from tests.project.sso_provider import CLIENT_ID, PASSWORD, real_provider

from .browsers import LANGUAGE_COOKIE, screenshot

pytestmark = pytest.mark.browser

SCOPES = "openid profile email groups"
REFUSED = "Signing in with the City of Helsinki account did not succeed."


@pytest.fixture(scope="module")
def provider(portal, tmp_path_factory):
    with real_provider(tmp_path_factory.mktemp("provider"), portal) as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    turn_single_sign_on_on(settings, provider.issuer, CLIENT_ID, provider.client_secret)
    settings.OIDC_RP_SCOPES = SCOPES
    yield provider
    turn_single_sign_on_off(settings)
    provider.seed("client", client_id=CLIENT_ID, jwt_alg="RS256")


@pytest.fixture
def page(browser, portal):
    """A browser tab in English that keeps the portal's Content-Security-Policy."""
    context = browser.new_context(base_url=portal, locale="en")
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "en", "url": portal}])
    yield context.new_page()
    context.close()


def start_sign_in(page) -> None:
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with the City of Helsinki account").click()


def at_the_provider(page, *, password_asked: bool) -> None:
    """Signs in at the provider if it asks, and consents."""
    if password_asked:
        expect(page.get_by_role("heading", name="Test provider: sign in")).to_be_visible()
        page.get_by_label("User name").fill("aino")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Request for Permission")).to_be_visible()
    page.get_by_role("button", name="Authorize").click()


def sign_out(page, portal: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{portal}/signed-out/")
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()


def test_sign_in_consent_units_roles_and_sign_out_at_both_ends(sso, page, portal):
    start_sign_in(page)
    at_the_provider(page, password_asked=True)

    expect(page).to_have_url(f"{portal}/")
    expect(page.locator(".site-header__user")).to_have_text("Aino Virtanen")
    units = page.get_by_role("table", name="Current records of your units by register")
    expect(units).to_contain_text("Culture and Leisure Division")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports")).to_be_visible()
    screenshot(page, "sso-signed-in")

    sign_out(page, portal)
    start_sign_in(page)
    at_the_provider(page, password_asked=True)
    expect(page).to_have_url(f"{portal}/")
    sign_out(page, portal)


def test_a_rotated_key_needs_no_restart(sso, page, portal):
    start_sign_in(page)
    at_the_provider(page, password_asked=True)
    sign_out(page, portal)
    sso.seed("rotate_key")

    start_sign_in(page)
    at_the_provider(page, password_asked=True)

    expect(page.locator(".site-header__user")).to_have_text("Aino Virtanen")
    sign_out(page, portal)


def test_a_token_signed_hs256_is_refused_with_the_friendly_message(sso, page, portal):
    sso.seed("client", client_id=CLIENT_ID, jwt_alg="HS256")

    start_sign_in(page)
    at_the_provider(page, password_asked=True)

    expect(page).to_have_url(re.compile(re.escape(f"{portal}/login/")))
    expect(page.get_by_role("status")).to_contain_text(REFUSED)


def test_a_tampered_state_is_refused_with_the_friendly_message(sso, page, portal):
    def tamper(route):
        """The provider's answer to the consent, with the state in its redirect changed."""
        if route.request.method != "POST":
            return route.continue_()
        answer = route.fetch(max_redirects=0)
        location = answer.headers["location"]
        assert location.startswith(f"{portal}/oidc/callback/")
        return route.fulfill(status=302, headers={"Location": location.replace("state=", "state=tampered")})

    page.route(re.compile(re.escape(f"{sso.issuer}/authorize")), tamper)
    start_sign_in(page)
    at_the_provider(page, password_asked=True)

    expect(page).to_have_url(re.compile(re.escape(f"{portal}/login/")))
    expect(page.get_by_role("status")).to_contain_text(REFUSED)
    expect(page.locator(".site-header__user")).to_have_count(0)
