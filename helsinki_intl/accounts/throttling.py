"""Sign-in throttling with django-axes: the client's address, the backend and the lockout page."""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address the request came from, as the nearest trusted proxy saw it.

    Each proxy appends the address it was connected from to X-Forwarded-For, so with N proxies
    in front of the portal the client is the N-th entry from the right; anything to the left of
    it was written by the client and is not trusted. With no proxies the header is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-ins while the user name and address are locked out.

    Code that calls `authenticate()` without a request (a shell, a management command, a test)
    has no client to throttle; axes itself would refuse such a call with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(
        request,
        "registration/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
