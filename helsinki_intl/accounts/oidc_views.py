"""Single sign-on's steps: off to the provider, back with a code, and signing out at both ends."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LogoutView
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .oidc import SESSION_ID, SESSION_SUBJECT
from .oidc_discovery import ProviderUnavailable, end_session_endpoint, endpoint
from .oidc_tokens import TokenRefused, logout_token_claims
from .sessions import end_provider_sessions
from .throttling import client_address

logger = logging.getLogger(__name__)
audit = logging.getLogger("helsinki_intl.audit")

ID_TOKEN = "oidc_id_token"  # nosec B105 # the name of a session key, not a secret
# What a sign-in through the provider keeps in the session, for signing out later.
SESSION_KEYS = (ID_TOKEN, SESSION_SUBJECT, SESSION_ID)


class ProviderSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page."""

    def __init__(self, **kwargs):
        # The provider's address is looked up when a sign-in starts, not when the view is built.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("authorization_endpoint")
        except ProviderUnavailable as error:
            logger.error("single sign-on unavailable: %s", error)
            messages.error(
                request,
                _(
                    "Signing in with the City of Helsinki account is not available at the moment. "
                    "Please try again later."
                ),
            )
            return redirect(settings.LOGIN_URL)
        return super().get(request)


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """Signs the user in with the code the provider sent back, or returns to the sign-in page."""

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    def get(self, request):
        state = request.GET.get("state")
        if "code" in request.GET and state not in request.session.get("oidc_states", {}):
            # A state this browser was not given: forged, replayed or from another browser.
            audit.warning("single sign-on refused: unknown state address=%s", client_address(request))
            user_login_failed.send(sender=__name__, credentials={}, request=request)
            return self.login_failure()
        return super().get(request)

    def login_success(self):
        # Signing in as someone else starts a new session; what signing out needs goes with it.
        kept = {key: self.request.session[key] for key in SESSION_KEYS if key in self.request.session}
        response = super().login_success()
        self.request.session.update(kept)
        return response

    def login_failure(self):
        messages.error(self.request, _("Signing in with the City of Helsinki account did not succeed."))
        return super().login_failure()


class SignOutView(LogoutView):
    """Signs out of the portal and, after a sign-in through the provider, out of the provider too
    (RP-initiated logout), which then sends the browser back to the signed-out page."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if not (settings.OIDC_ENABLED and id_token):
            return response
        try:
            provider_logout = end_session_endpoint()
        except ProviderUnavailable as error:
            logger.error("single sign-on: cannot end the provider's session: %s", error)
            return response
        if not provider_logout:
            logger.warning("single sign-on: the provider has no end_session_endpoint to sign out at")
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("signed-out")),
                "client_id": settings.OIDC_RP_CLIENT_ID,
            }
        )
        return redirect(f"{provider_logout}{'&' if '?' in provider_logout else '?'}{query}")


@method_decorator(csrf_exempt, name="dispatch")
class BackChannelLogoutView(View):
    """The provider's back-channel logout: a signed logout token ends the person's portal sessions
    (OpenID Connect Back-Channel Logout 1.0)."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            claims = logout_token_claims(request.POST.get("logout_token", ""))
        except (TokenRefused, ProviderUnavailable) as error:
            audit.warning("single sign-on logout refused: %s address=%s", error, client_address(request))
            return _no_store(JsonResponse({"error": "invalid_request"}, status=400))
        subject, session_id = claims.get("sub"), claims.get("sid")
        ended = end_provider_sessions(subject=subject, session_id=session_id)
        audit.info("single sign-on logout: subject=%r session=%r sessions=%d", subject, session_id, ended)
        return _no_store(JsonResponse({}))


def _no_store(response):
    add_never_cache_headers(response)
    return response
