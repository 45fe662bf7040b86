"""Single sign-on addresses; included only when single sign-on is configured."""

from django.urls import path

from .oidc_views import BackChannelLogoutView, ProviderCallbackView, ProviderSignInView

# The first two names are mozilla-django-oidc's: its backend builds the callback address from them.
urlpatterns = [
    path("authenticate/", ProviderSignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", ProviderCallbackView.as_view(), name="oidc_authentication_callback"),
    path("backchannel-logout/", BackChannelLogoutView.as_view(), name="oidc_backchannel_logout"),
]
