"""Checking the tokens the single sign-on provider signs: the ID token and the logout token.

A token is accepted only when it is signed with an algorithm the settings allow
(`OIDC_SIGN_ALGORITHMS`, RS256 unless configured), by a key the provider publishes now (read at
each check, so that a key rotation needs no restart), and is for this portal from this issuer.
Everything else raises `TokenRefused`, which the callers turn into a refusal.
"""

import jwt
import requests
from django.conf import settings

from .oidc_discovery import endpoint

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


class TokenRefused(Exception):
    """A token the portal cannot verify, or one that is not for it."""


def _published_key(header: dict, algorithm: str):
    """The provider's key that signed the token: the one with the token's `kid`, or, when the
    token has none, the provider's only signing key for the algorithm (as the spec allows)."""
    response = requests.get(endpoint("jwks_uri"), timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise TokenRefused("the provider's key set has no keys")
    candidates = [
        key
        for key in keys
        if isinstance(key, dict) and key.get("use", "sig") == "sig" and key.get("alg", algorithm) == algorithm
    ]
    key_id = header.get("kid")
    if key_id is not None:
        candidates = [key for key in candidates if key.get("kid") == key_id]
        if len(candidates) != 1:
            raise TokenRefused(f"the provider publishes {len(candidates)} keys with the key id {key_id!r}")
    elif len(candidates) != 1:
        raise TokenRefused(f"a token without a key id, and the provider publishes {len(candidates)} keys")
    return jwt.PyJWK(candidates[0], algorithm=algorithm).key


def verified_claims(token: str, *, required: list[str]) -> dict:
    """The token's claims, once its algorithm, signature, issuer, audience and times are checked."""
    try:
        header = jwt.get_unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in settings.OIDC_SIGN_ALGORITHMS:
            accepted = settings.OIDC_SIGN_ALGORITHMS
            raise TokenRefused(f"a token signed with {algorithm!r}; the accepted algorithms are {accepted}")
        if algorithm.startswith("HS"):
            key = settings.OIDC_RP_CLIENT_SECRET
        else:
            key = _published_key(header, algorithm)
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=settings.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER,
            options={"require": ["iss", "aud", "iat", *required]},
        )
    except (jwt.PyJWTError, requests.RequestException, ValueError) as error:
        raise TokenRefused(f"{type(error).__name__}: {error}") from error
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != settings.OIDC_RP_CLIENT_ID:
        raise TokenRefused(f"a token for the party {claims.get('azp')!r}")
    return claims


def id_token_claims(token: str, *, nonce: str | None) -> dict:
    claims = verified_claims(token, required=["sub", "exp"])
    if claims.get("nonce") != nonce:
        raise TokenRefused("the ID token's nonce is not the one the sign-in sent")
    return claims


def logout_token_claims(token: str) -> dict:
    """A back-channel logout token's claims (OpenID Connect Back-Channel Logout 1.0, 2.6)."""
    claims = verified_claims(token, required=[])
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_LOGOUT_EVENT), dict):
        raise TokenRefused("a logout token without the back-channel logout event")
    if not claims.get("sub") and not claims.get("sid"):
        raise TokenRefused("a logout token with neither a subject nor a session")
    if "nonce" in claims:
        raise TokenRefused("a logout token with a nonce")
    return claims
