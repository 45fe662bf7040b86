"""Responses to a signed-in person are kept by no cache, the browser's included.

Pages and downloads show personal data, and a shared computer's browser cache would keep them
after the session ends. A response that says how it may be cached keeps its own word.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie nobody is signed in; not touching the session keeps responses
        # to calendar clients and health checks from varying on Cookie.
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            add_never_cache_headers(response)
        return response
