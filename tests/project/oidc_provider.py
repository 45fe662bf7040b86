"""A small OpenID Connect provider on loopback for the single sign-on tests.

It serves discovery, an authorization endpoint that sends the browser straight back with a code
(for whoever `next_claims` describes), a token endpoint that checks the client, the redirect
address and the PKCE verifier and returns an RS256-signed ID token, the user info and the JWKS.
`sign_with`, `algorithm`, `key_id` and `token_overrides` let a test spoil the next ID token;
`published_keys` are the keys the JWKS lists (the signing key unless a test says otherwise).
`logout_token()` signs a back-channel logout token as the provider would.
"""

import base64
import hashlib
import importlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.test import Client
from django.urls import clear_url_caches, reverse

from helsinki_intl.accounts import oidc
from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User

REALM = "/realms/helsinki"
KEY_ID = "test-key"
CLIENT_ID = "international-portal"
CLIENT_SECRET = "stub-secret-of-at-least-thirty-two-bytes"
SUBJECT = "6b0e5c1a-3f6e-4f0b-9d43-2a1f0c9e7d10"
USERNAME = "aino.virtanen"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StubProvider:
    def __init__(self, client_id: str, client_secret: str, key: rsa.RSAPrivateKey):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = key
        self.sign_with = key
        self.algorithm = "RS256"
        self.key_id: str | None = KEY_ID
        self.published_keys: dict[str, rsa.RSAPrivateKey] = {KEY_ID: key}
        self.token_overrides: dict = {}
        self.next_claims: dict = {}
        self.requests: list[str] = []
        self._codes: dict[str, dict] = {}
        self._access_tokens: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{REALM}"

    def start(self) -> "StubProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/certs",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        keys = []
        for key_id, key in self.published_keys.items():
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "alg": "RS256", "use": "sig", **({"kid": key_id} if key_id else {})})
        return {"keys": keys}

    def sign(self, claims: dict) -> str:
        headers = {"kid": self.key_id} if self.key_id else {}
        return jwt.encode(claims, self.sign_with, algorithm=self.algorithm, headers=headers)

    def logout_token(self, **claims) -> str:
        """A back-channel logout token for the subject; `claims` add to or replace its claims."""
        now = int(time.time())
        token = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 120,
            "jti": secrets.token_urlsafe(8),
            "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
            **claims,
        }
        return self.sign({name: value for name, value in token.items() if value is not None})

    def authorize(self, query: dict[str, str]) -> str:
        """The address the browser is sent back to."""
        code = secrets.token_urlsafe(16)
        self._codes[code] = {"claims": dict(self.next_claims), **query}
        return query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})

    def token(self, form: dict[str, str]) -> dict | None:
        grant = self._codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
            or _challenge(form.get("code_verifier", "")) != grant.get("code_challenge")
        ):
            return None
        claims = grant["claims"]
        now = int(time.time())
        id_token = {
            "iss": self.issuer,
            "sub": claims["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce"),
            **({"sid": claims["sid"]} if "sid" in claims else {}),
            **self.token_overrides,
        }
        access_token = secrets.token_urlsafe(16)
        self._access_tokens[access_token] = claims
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.sign(id_token),
        }

    def userinfo(self, authorization: str) -> dict | None:
        return self._access_tokens.get(authorization.removeprefix("Bearer "))

    def _handler_class(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                provider.requests.append(f"GET {self.path}")
                url = urlsplit(self.path)
                query = {name: values[0] for name, values in parse_qs(url.query).items()}
                if url.path == REALM + "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif url.path == REALM + "/certs":
                    self._json(provider.jwks())
                elif url.path == REALM + "/auth":
                    self.send_response(302)
                    self.send_header("Location", provider.authorize(query))
                    self.end_headers()
                elif url.path == REALM + "/userinfo":
                    claims = provider.userinfo(self.headers.get("Authorization", ""))
                    if claims:
                        self._json(claims)
                    else:
                        self._json({"error": "invalid_token"}, 401)
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self):
                provider.requests.append(f"POST {self.path}")
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {name: values[0] for name, values in parse_qs(body).items()}
                response = provider.token(form) if self.path == REALM + "/token" else None
                if response:
                    self._json(response)
                else:
                    self._json({"error": "invalid_grant"}, 400)

            def _json(self, content, status=200):
                body = json.dumps(content).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        return Handler


def _reload_urls():
    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))


def turn_single_sign_on_on(settings, issuer: str, client_id: str, client_secret: str):
    """Single sign-on on, as the settings module turns it on; undone by `turn_single_sign_on_off`."""
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = client_id
    settings.OIDC_RP_CLIENT_SECRET = client_secret
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


def turn_single_sign_on_off(settings):
    settings.OIDC_ENABLED = False
    oidc.provider_metadata.cache_clear()
    _reload_urls()


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


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
