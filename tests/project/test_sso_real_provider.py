"""Single sign-on against a real, independently written provider (django-oidc-provider under
gunicorn on loopback): its sign-in form, its consent page, its keys and its sign-out.

The portal is Django's test client; the person's browser at the provider is a requests session
that fills in the provider's forms.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User
from tests.project.oidc_provider import signed_in_user, turn_single_sign_on_off, turn_single_sign_on_on
from tests.project.sso_provider import CLIENT_ID, PASSWORD, real_provider

pytestmark = [pytest.mark.processes, pytest.mark.django_db]

PORTAL = "http://testserver"
SCOPES = "openid profile email groups"


class Inputs(HTMLParser):
    """The names and values of a page's form fields."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value") or ""


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with real_provider(tmp_path_factory.mktemp("provider"), PORTAL) as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    turn_single_sign_on_on(settings, provider.issuer, CLIENT_ID, provider.client_secret)
    settings.OIDC_RP_SCOPES = SCOPES
    yield provider
    turn_single_sign_on_off(settings)
    provider.seed("client", client_id=CLIENT_ID, jwt_alg="RS256")


class Person:
    """Someone at a browser: the portal's client and their cookies at the provider."""

    def __init__(self, provider, username: str):
        self.provider = provider
        self.username = username
        self.portal = Client()
        self.at_provider = requests.Session()
        self.asked_for_password = False
        self.asked_for_consent = False

    def _follow_at_provider(self, url: str) -> requests.Response:
        """Follows the provider's redirects until a page, or until it sends the browser back."""
        while True:
            response = self.at_provider.get(url, allow_redirects=False, timeout=10)
            location = response.headers.get("Location")
            if response.status_code != 302 or urljoin(url, location).startswith(PORTAL):
                return response
            url = urljoin(url, location)

    def sign_in(self):
        """Clicks "Sign in with the City of Helsinki account", signs in and consents at the
        provider as asked; returns the portal's answer to the callback."""
        return self.portal.get(self.through_provider().removeprefix(PORTAL))

    def through_provider(self) -> str:
        """Starts a sign-in and goes through the provider's pages: the callback address."""
        self.asked_for_password = self.asked_for_consent = False
        start = self.portal.get(reverse("oidc_authentication_init"))
        response = self._follow_at_provider(start["Location"])
        if "/accounts/login/" in response.url:
            self.asked_for_password = True
            fields = {**Inputs(response.text).fields, "username": self.username, "password": PASSWORD}
            posted = self.at_provider.post(response.url, data=fields, allow_redirects=False, timeout=10)
            assert posted.status_code == 302, posted.text
            response = self._follow_at_provider(urljoin(response.url, posted.headers["Location"]))
        if response.status_code == 200 and "Request for Permission" in response.text:
            self.asked_for_consent = True
            fields = {**Inputs(response.text).fields, "allow": "Authorize"}
            response = self.at_provider.post(response.url, data=fields, allow_redirects=False, timeout=10)
        callback = response.headers["Location"]
        assert callback.startswith(f"{PORTAL}/oidc/callback/"), callback
        return callback

    def sign_out(self):
        """Clicks "Sign out"; the browser follows the portal to the provider and back."""
        response = self.portal.post(reverse("logout"))
        if response["Location"].startswith(self.provider.base):
            back = self._follow_at_provider(response["Location"])
            return back.headers["Location"]
        return response["Location"]


def test_sign_in_with_consent_then_sign_out_at_the_provider_too(sso, culture_unit):
    aino = Person(sso, "aino")

    assert aino.sign_in()["Location"] == "/"
    user = signed_in_user(aino.portal)
    assert aino.asked_for_password and aino.asked_for_consent
    assert (user.username, user.oidc_subject, user.get_full_name()) == ("aino", "1", "Aino Virtanen")
    assert set(user.units.all()) == {culture_unit}
    assert roles.INTERNATIONAL_AFFAIRS in user.group_names

    assert aino.sign_out() == f"{PORTAL}/signed-out/"
    assert signed_in_user(aino.portal) is None
    aino.sign_in()
    assert aino.asked_for_password, "the provider's session ended with the portal's"
    assert signed_in_user(aino.portal) == user


def test_a_second_sign_in_in_the_same_browser_asks_no_password_until_signed_out(sso, culture_unit):
    aino = Person(sso, "aino")
    aino.sign_in()
    aino.portal = Client()  # the portal's session gone (expired), the provider's still open

    aino.sign_in()

    assert not aino.asked_for_password
    assert signed_in_user(aino.portal).username == "aino"


def test_a_rotated_key_needs_no_restart(sso, culture_unit):
    aino = Person(sso, "aino")
    aino.sign_in()
    kid = sso.seed("rotate_key")
    assert [key["kid"] for key in requests.get(f"{sso.issuer}/jwks", timeout=5).json()["keys"]] == [kid]

    aino.portal = Client()
    aino.sign_in()

    assert signed_in_user(aino.portal).username == "aino"


def test_an_hs256_token_is_refused_unless_configured(sso, settings, culture_unit, caplog):
    sso.seed("client", client_id=CLIENT_ID, jwt_alg="HS256")
    aino = Person(sso, "aino")

    response = aino.sign_in()

    assert response["Location"] == reverse("login")
    assert signed_in_user(aino.portal) is None
    assert "Signing in with the City of Helsinki account did not succeed." in aino.portal.get(
        response["Location"]
    ).content.decode("utf-8")
    assert "single sign-on refused: a token signed with 'HS256'" in caplog.text
    assert AccessAttempt.objects.get().failures_since_start == 1

    settings.OIDC_SIGN_ALGORITHMS = ["RS256", "HS256"]
    aino.portal = Client()
    aino.sign_in()
    assert signed_in_user(aino.portal).username == "aino"


def test_a_tampered_state_is_refused(sso, caplog):
    aino = Person(sso, "aino")
    callback = aino.through_provider().removeprefix(PORTAL).replace("state=", "state=tampered")

    response = aino.portal.get(callback)

    assert response["Location"] == reverse("login")
    assert signed_in_user(aino.portal) is None
    assert "single sign-on refused: unknown state" in caplog.text
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_without_the_groups_scope_the_lost_groups_are_logged_and_the_person_told_whom_to_ask(
    sso, settings, culture_unit, caplog
):
    settings.OIDC_RP_SCOPES = "openid profile email"
    aino = Person(sso, "aino")

    aino.sign_in()

    assert "single sign-on: the provider sent no 'groups' claim (user='aino')" in caplog.text
    assert not signed_in_user(aino.portal).units.exists()
    assert "You do not belong to any unit yet" in aino.portal.get("/").content.decode()


def test_a_person_whose_groups_name_no_unit_is_told_whom_to_ask(sso, culture_unit):
    eero = Person(sso, "eero")

    eero.sign_in()

    assert User.objects.get(username="eero").units.count() == 0
    assert "You do not belong to any unit yet" in eero.portal.get("/").content.decode()
