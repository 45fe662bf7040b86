"""The API's rates: per token, per address whatever the token (or the session), and an address's
refused tokens.

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


class RefusedTokenThrottle(SimpleRateThrottle):
    """An address's refused tokens (unknown, revoked, expired, malformed), counted in windows of
    the rate's length. Past the rate, the address's tokens are answered 429 before any is looked
    up, whether or not it is valid, until the window ends: guessing costs no query and tells
    nothing. Only refusals count; a valid token's use does not."""

    scope = "api-refused-token"

    def get_cache_key(self, request, view):
        window = int(self.timer() // self.duration)
        return self.cache_format % {
            "scope": self.scope,
            "ident": f"{client_address(request) or '-'}-{window}",
        }

    def allow_request(self, request, view) -> bool:
        return self.cache.get(self.get_cache_key(request, view), 0) < self.num_requests

    def count_refusal(self, request) -> None:
        key = self.get_cache_key(request, None)
        self.cache.add(key, 0, self.duration)
        try:
            self.cache.incr(key)
        except ValueError:  # the window ended between the two calls
            self.cache.set(key, 1, self.duration)

    def wait(self) -> float:
        return self.duration - self.timer() % self.duration
