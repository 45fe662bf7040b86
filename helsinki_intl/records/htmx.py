"""Filtered lists that htmx updates in place.

The filter form asks, with htmx, for the list's results region alone; without JavaScript the same
form loads the whole page. The list template extends `page_layout`: the full page normally, or a
layout that renders only the template's `results` block.
"""

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

FULL_PAGE = "base.html"
RESULTS_ONLY = "includes/results_only.html"


def wants_fragment(request) -> bool:
    """An htmx request for part of the page; restoring a page from history needs all of it."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


class ResultsFragmentMixin:
    """Answers the filter form's htmx requests with the results region alone."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_layout"] = RESULTS_ONLY if wants_fragment(self.request) else FULL_PAGE
        return context

    def render_to_response(self, context, **response_kwargs):
        if wants_fragment(self.request) and context["filter"].errors:
            # The errors belong next to the filter fields, outside the region: load the whole page.
            response = HttpResponse()
            response["HX-Redirect"] = self.request.get_full_path()
        else:
            response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response
