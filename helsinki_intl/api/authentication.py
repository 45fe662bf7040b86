"""Reading the API with a personal token: `Authorization: Bearer <token>`.

A token that is unknown, revoked or expired, or whose owner's account is no longer active, is
refused with 401, as is a malformed header; a request without the header is left to the next
way of signing in (the browser's session). Every use and every refusal is a line in the audit
log. An address refused too often is answered 429 for a while (`RefusedTokenThrottle`).
"""

import logging
from typing import NoReturn

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from helsinki_intl.accounts.throttling import client_address
from helsinki_intl.logs import audit_facts

from .models import ApiToken
from .services import token_digest, token_used
from .throttling import RefusedTokenThrottle

KEYWORD = "Bearer"
LONGEST_TOKEN = 200
"""A longer value is no token the portal made: refused without a lookup."""

REFUSED = _("The token is not valid: it is unknown, revoked or expired.")

NOT_A_TOKEN = _("The Authorization header is not a token.")

audit = logging.getLogger("helsinki_intl.audit")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        refusals = RefusedTokenThrottle()
        if not refusals.allow_request(request, None):
            raise exceptions.Throttled(refusals.wait())
        if len(header) != 2 or len(header[1]) > LONGEST_TOKEN:
            refuse(request, refusals, NOT_A_TOKEN)
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            refuse(request, refusals, NOT_A_TOKEN)
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
        now = timezone.now()
        if token is None or not token.is_valid(now) or not token.user.is_active:
            refuse(request, refusals, REFUSED, token)
        token_used(token=token, at=now)
        username = token.user.get_username()
        audit.info(
            "api token use: user=%r token=%s address=%s path=%r",
            username,
            token.prefix,
            client_address(request) or "-",
            request.get_full_path(),
            extra=audit_facts(
                "api token use",
                username=username,
                user=token.user_id,
                token=token.prefix,
                address=client_address(request),
                path=request.get_full_path(),
            ),
        )
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def refuse(request, refusals: RefusedTokenThrottle, message, token: ApiToken | None = None) -> NoReturn:
    """Counts the refusal against the address, writes it in the audit log, and answers 401."""
    refusals.count_refusal(request)
    prefix, address = (token.prefix if token else None), client_address(request)
    audit.warning(
        "api token refused: token=%s address=%s",
        prefix or "-",
        address or "-",
        extra=audit_facts("api token refused", token=prefix, address=address),
    )
    raise exceptions.AuthenticationFailed(message)
