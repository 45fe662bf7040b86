"""The API's rates: per token, and per address whatever the token (or the session).

The counts are kept in the default cache, which is Redis in production, so that every worker
counts the same requests.
"""

from rest_framework.throttling import SimpleRateThrottle

from helsinki_intl.accounts.throttling import client_address

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """A person's requests, whichever of their tokens (or the session) they come with: a person
    cannot multiply the rate by making more tokens."""

    scope = "api-token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"user-{request.auth.user_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(SimpleRateThrottle):
    scope = "api-address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "-"}
