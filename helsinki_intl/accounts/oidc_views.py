"""The two steps of single sign-on: off to the provider, and back with a code."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .oidc_discovery import ProviderUnavailable, endpoint
from .throttling import client_address

logger = logging.getLogger(__name__)
audit = logging.getLogger("helsinki_intl.audit")


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

    def login_failure(self):
        messages.error(self.request, _("Signing in with the City of Helsinki account did not succeed."))
        return super().login_failure()
