"""The single sign-on provider's discovery document: where its endpoints are."""

import functools

import requests
from django.conf import settings


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or does not describe the issuer."""


@functools.lru_cache(maxsize=4)
def provider_metadata(issuer: str) -> dict:
    """The issuer's discovery document, read once per process (a failure is not remembered)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"cannot read {url}: {error}") from error
    if metadata.get("issuer") != issuer:
        raise ProviderUnavailable(f"{url} describes the issuer {metadata.get('issuer')!r}, not {issuer!r}")
    return metadata


def endpoint(name: str) -> str:
    return provider_metadata(settings.OIDC_ISSUER)[name]


def end_session_endpoint() -> str | None:
    """Where signing out ends the provider's session: the setting, else the discovery's, if any."""
    if settings.OIDC_END_SESSION_ENDPOINT:
        return settings.OIDC_END_SESSION_ENDPOINT
    return provider_metadata(settings.OIDC_ISSUER).get("end_session_endpoint")
