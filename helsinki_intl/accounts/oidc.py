"""Single sign-on with OpenID Connect: the provider, the sign-in backend and the groups mapping.

On only when the environment names an issuer and a client (see settings). The provider's
endpoints come from its discovery document, read when first needed. A user is the provider's
subject (`sub`); at every sign-in the provider's groups decide the user's units and portal roles.
"""

import functools
import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from helsinki_intl.logs import audit_facts
from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit, User

from .throttling import client_address

audit = logging.getLogger("helsinki_intl.audit")
logger = logging.getLogger(__name__)


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or does not describe the issuer."""


# What an unreachable provider or a token that fails its checks raises during a sign-in.
REFUSALS = (ProviderUnavailable, SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException)


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


def provider_groups(claims: dict) -> set[str]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {group for group in groups if isinstance(group, str)}


def apply_provider_groups(user: User, groups: set[str]) -> None:
    """Make the user's units and portal roles those the provider's groups name, and no others.

    Groups that are neither a unit nor a mapped role are ignored, as are other Django groups
    of the user (given in the admin).
    """
    prefix = settings.OIDC_UNIT_GROUP_PREFIX
    codes = {group.removeprefix(prefix) for group in groups if group.startswith(prefix)}
    units = list(OrgUnit.objects.filter(code__in=codes, is_active=True))
    if unknown := codes - {unit.code for unit in units}:
        logger.warning(
            "single sign-on: no active unit with the codes %s (user=%r)", sorted(unknown), user.username
        )
    user.units.set(units)

    role_names = {settings.OIDC_ROLE_GROUPS[group] for group in groups if group in settings.OIDC_ROLE_GROUPS}
    other_groups = list(user.groups.exclude(name__in=roles.ALL))
    role_groups = [Group.objects.get_or_create(name=name)[0] for name in sorted(role_names)]
    user.groups.set(other_groups + role_groups)


def _language(claims: dict) -> str | None:
    locale = str(claims.get("locale") or "")
    language = locale.replace("_", "-").split("-")[0].lower()
    return language if language in dict(settings.LANGUAGES) else None


def _update_from_claims(user: User, claims: dict) -> None:
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name"), ("email", "email")):
        if isinstance(claims.get(claim), str):
            setattr(user, field, claims[claim][: User._meta.get_field(field).max_length])
    if language := _language(claims):
        user.language = language


USERNAME_LENGTH = User._meta.get_field("username").max_length


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Signs in through the provider: checks the ID token, then creates or updates the user.

    The user name is the subject (`sub`): the provider never reassigns it, whereas
    `preferred_username` may change or be reused and the specification says not to rely on it.
    An existing account that has a password is a local account and is never signed in this way,
    so a subject that happens to equal a local user name cannot take that account over.
    """

    def __init__(self, *args, **kwargs):
        # Django builds a backend for every request of a signed-in user: read no endpoints here.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return endpoint("token_endpoint")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoint("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return endpoint("jwks_uri")

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password sign-in never reaches the provider.
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except REFUSALS as error:
            address = client_address(request)
            audit.warning(
                "single sign-on refused: %s address=%s",
                error,
                address,
                extra=audit_facts("single sign-on refused", reason=str(error), address=address),
            )
            return None

    def get_payload_data(self, token, key):
        """The ID token's claims, once its signature, expiry, issuer and audience are checked."""
        payload = super().get_payload_data(token, key)
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"ID token from the issuer {payload.get('iss')!r}")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation(f"ID token for the audience {audience!r}")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation(f"ID token for the party {payload.get('azp')!r}")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the user info is about another subject than the ID token")
        # Providers put groups in the ID token, the user info or both.
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not 0 < len(subject) <= USERNAME_LENGTH:
            raise SuspiciousOperation(f"unusable subject {subject!r}")
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=subject).first()
            if user is None:
                user = User(username=subject)
                user.set_unusable_password()
            elif user.has_usable_password():
                return self._refuse("a local account", subject)
            elif not user.is_active:
                return self._refuse("an inactive account", subject)
            _update_from_claims(user, claims)
            user.save()
            apply_provider_groups(user, provider_groups(claims))
        return user

    def _refuse(self, account: str, subject: str) -> None:
        address = client_address(self.request)
        audit.warning(
            "single sign-on refused for %s: user=%r address=%s",
            account,
            subject,
            address,
            extra=audit_facts("single sign-on refused", reason=account, username=subject, address=address),
        )

    def get_user(self, user_id):
        user = User.objects.signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
