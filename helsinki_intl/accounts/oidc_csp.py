"""The Content-Security-Policy, with the single sign-on provider among the places forms may post to.

Signing out posts a form to the portal, which sends the browser on to the provider's sign-out
address; browsers hold such a redirect to the form's `form-action` too.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def provider_origins() -> list[str]:
    """The provider's origins: the issuer's and that of a sign-out address set apart from it."""
    if not settings.OIDC_ENABLED:
        return []
    origins = {_origin(settings.OIDC_ISSUER), _origin(settings.OIDC_END_SESSION_ENDPOINT)}
    return sorted(origin for origin in origins if origin)


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if origins := provider_origins():
            # An update adds to the configured directive.
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            parts.update = update
        return parts
