"""Single sign-on with OpenID Connect: the sign-in backend and the groups mapping.

On only when the environment names an issuer and a client (see settings). The provider's
endpoints come from its discovery document, read when first needed. A person's account is found
by the provider's subject (`sub`); the user name follows the provider's name for them, and at
every sign-in the provider's groups decide the user's units and portal roles.
"""

import logging
import re

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

from .oidc_discovery import ProviderUnavailable, endpoint, provider_metadata
from .oidc_tokens import TokenRefused, id_token_claims
from .throttling import client_address

__all__ = ["REFUSALS", "PortalOIDCBackend", "ProviderUnavailable", "endpoint", "provider_metadata"]

audit = logging.getLogger("helsinki_intl.audit")
logger = logging.getLogger(__name__)

# What an unreachable provider, a malformed answer or a token that fails its checks raises
# during a sign-in: each is a refusal, never an error page.
REFUSALS = (
    ProviderUnavailable,
    TokenRefused,
    SuspiciousOperation,
    jwt.PyJWTError,
    requests.RequestException,
    ValueError,
    KeyError,
)

SESSION_SUBJECT = "oidc_sub"
SESSION_ID = "oidc_sid"


def provider_groups(claims: dict, username: str = "") -> set[str]:
    if settings.OIDC_GROUPS_CLAIM not in claims:
        logger.warning(
            "single sign-on: the provider sent no %r claim (user=%r); ask for the scope that releases "
            "it (OIDC_SCOPES) or name the claim the provider uses (OIDC_GROUPS_CLAIM)",
            settings.OIDC_GROUPS_CLAIM,
            username,
        )
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
# What Django's user name validator refuses: anything but letters, digits and @.+-_.
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")
SUBJECT_LENGTH = User._meta.get_field("oidc_subject").max_length


def available_username(claims: dict, user: User) -> str:
    """The user name the provider's claim (`OIDC_USERNAME_CLAIM`, else the e-mail, else the
    subject) gives, in the characters Django allows in one, with a number after it when another
    account has that name."""
    name = ""
    for claim in (settings.OIDC_USERNAME_CLAIM, "email", "sub"):
        value = claims.get(claim)
        if isinstance(value, str) and (name := USERNAME_UNSAFE.sub("", value)):
            break
    name = name[:USERNAME_LENGTH]
    others = User.objects.exclude(pk=user.pk)
    candidate, number = name, 1
    while others.filter(username__iexact=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = name[: USERNAME_LENGTH - len(suffix)] + suffix
    return candidate


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Signs in through the provider: checks the ID token, then creates or updates the user.

    The account is found by the subject (`sub`): the provider never reassigns it, whereas
    `preferred_username` may change or be reused and the specification says not to rely on it.
    Accounts made before the subject was kept apart have it as their user name and are found by
    it once. An existing account that has a password is a local account and is never signed in
    this way, so a subject that happens to equal a local user name cannot take that account over.
    """

    def __init__(self, *args, **kwargs):
        # Django builds a backend for every request of a signed-in user: read no endpoints here.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return endpoint("token_endpoint")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoint("userinfo_endpoint")

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

    def verify_token(self, token, **kwargs):
        """The ID token's claims, once its signature, nonce, expiry, issuer and audience are checked."""
        if not isinstance(token, str):
            raise TokenRefused("the provider sent no ID token")
        return id_token_claims(token, nonce=kwargs.get("nonce"))

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        # What a back-channel logout names to end this session.
        claims = jwt.decode(id_token, options={"verify_signature": False})
        self.request.session[SESSION_SUBJECT] = claims.get("sub")
        self.request.session[SESSION_ID] = claims.get("sid")

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the user info is about another subject than the ID token")
        # Providers put groups in the ID token, the user info or both.
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not 0 < len(subject) <= SUBJECT_LENGTH:
            raise SuspiciousOperation(f"unusable subject {subject!r}")
        with transaction.atomic():
            accounts = User.objects.select_for_update()
            user = accounts.filter(oidc_subject=subject).first()
            if user is None:
                user = accounts.filter(username=subject, oidc_subject=None).first()
                if user is not None and user.has_usable_password():
                    return self._refuse("a local account", subject)
            if user is None:
                user = User(oidc_subject=subject)
                user.set_unusable_password()
            elif not user.is_active:
                return self._refuse("an inactive account", subject)
            user.oidc_subject = subject
            user.username = available_username(claims, user)
            _update_from_claims(user, claims)
            user.save()
            apply_provider_groups(user, provider_groups(claims, user.username))
        return user

    def _refuse(self, account: str, subject: str) -> None:
        address = client_address(self.request)
        audit.warning(
            "single sign-on refused for %s: subject=%r address=%s",
            account,
            subject,
            address,
            extra=audit_facts("single sign-on refused", reason=account, subject=subject, address=address),
        )

    def get_user(self, user_id):
        user = User.objects.signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
