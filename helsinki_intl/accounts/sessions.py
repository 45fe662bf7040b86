"""Signed-in sessions end after a spell of inactivity and after a fixed time in all."""

import datetime
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.logs import audit_facts

from .throttling import client_address

audit = logging.getLogger("helsinki_intl.audit")

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVE_AT = "last_active_at"
# Recording activity saves the session; once a minute is precise enough for a 30-minute limit.
ACTIVITY_RESOLUTION_SECONDS = 60


def start_session_clock(request) -> None:
    """Note the sign-in time and let the cookie and the stored session expire at the absolute limit."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVE_AT] = now
    request.session.set_expiry(timezone.now() + datetime.timedelta(seconds=settings.SESSION_MAX_HOURS * 3600))


def _ended_by(session, now: float) -> str | None:
    if now - session[SIGNED_IN_AT] > settings.SESSION_MAX_HOURS * 3600:
        return "maximum length"
    if now - session[LAST_ACTIVE_AT] > settings.SESSION_IDLE_MINUTES * 60:
        return "inactivity"
    return None


class SessionLimitsMiddleware:
    """Signs the user out when the session has been idle or open for too long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no session to end; not touching it keeps responses to
        # calendar clients and health checks from varying on Cookie.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            session = request.session
            now = time.time()
            if SIGNED_IN_AT not in session:
                start_session_clock(request)
            elif reason := _ended_by(session, now):
                username, address = request.user.get_username(), client_address(request)
                audit.info(
                    "session ended by %s: user=%r address=%s",
                    reason,
                    username,
                    address,
                    extra=audit_facts("session ended", reason=reason, username=username, address=address),
                )
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            elif now - session[LAST_ACTIVE_AT] >= ACTIVITY_RESOLUTION_SECONDS:
                session[LAST_ACTIVE_AT] = now
        return self.get_response(request)


def _live_sessions():
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        yield session.pk, session.get_decoded()


def end_sessions_of(user) -> int:
    """Delete the user's stored sessions (the database session store); returns how many."""
    user_id = str(user.pk)
    ended = [key for key, data in _live_sessions() if data.get(SESSION_KEY) == user_id]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_provider_sessions(*, subject: str | None, session_id: str | None) -> int:
    """Delete the sessions begun by a sign-in through the provider with its session `session_id`,
    or, without one, all of the subject's sessions; returns how many."""
    user = get_user_model().objects.filter(oidc_subject=subject).first() if subject else None
    user_id = str(user.pk) if user else None

    def ends(data: dict) -> bool:
        # "oidc_sub" and "oidc_sid" are kept by a sign-in through the provider (accounts.oidc).
        if SESSION_KEY not in data:
            return False
        if session_id is not None:
            return data.get("oidc_sid") == session_id and subject in (None, data.get("oidc_sub"))
        return data.get("oidc_sub") == subject or data.get(SESSION_KEY) == user_id

    ended = [key for key, data in _live_sessions() if ends(data)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
