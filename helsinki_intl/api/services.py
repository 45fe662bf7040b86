"""The writes of personal API tokens: creating one (its secret returned once) and revoking."""

import datetime
import hashlib
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helsinki_intl.logs import audit_facts

from .models import LONGEST_VALIDITY, ApiToken

TOKEN_MARK = "hip_"  # nosec B105 # the mark every token starts with, no secret
"""Every token starts so, for secret scanners and for the person to recognise it."""
PREFIX_LENGTH = len(TOKEN_MARK) + 8

audit = logging.getLogger("helsinki_intl.audit")


def token_digest(token: str) -> str:
    # A token has 256 random bits: a plain hash is as hard to reverse as a slow one.
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user, name: str, expires_at: datetime.datetime, by) -> tuple[ApiToken, str]:
    """A new token of `user`'s, and the token itself, which is not stored and is shown once."""
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if expires_at > now + LONGEST_VALIDITY:
        raise ValidationError({"expires_at": _("A token is valid for a year at most.")})
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
        created_at=now,
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
    audit.info(
        "api token created: user=%r token=%s by=%r",
        user.get_username(),
        token.prefix,
        by.get_username(),
        extra=audit_facts(
            "api token created", username=user.get_username(), token=token.prefix, user=user.pk
        ),
    )
    return token, secret


LAST_USED_PRECISION = datetime.timedelta(minutes=1)
"""How exact a token's last use is kept: a reporting tool's refresh of many pages writes it once."""


def token_used(*, token: ApiToken, at: datetime.datetime) -> None:
    """Notes the token's use at `at`, at most once a minute."""
    if token.last_used_at is None or at - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)


def token_revoke(*, token: ApiToken, by) -> None:
    """Ends the token at once; revoking it again changes nothing."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db(fields=["revoked_at"])
    if revoked:
        audit.info(
            "api token revoked: token=%s by=%r",
            token.prefix,
            by.get_username(),
            extra=audit_facts("api token revoked", token=token.prefix, user=token.user_id),
        )


def tokens_of_revoke(*, user) -> int:
    """Ends every token of the person's (when the account is deactivated)."""
    return ApiToken.objects.of(user).filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
