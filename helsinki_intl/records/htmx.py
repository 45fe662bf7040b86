"""Filtered lists that htmx updates in place.

The filter form asks, with htmx, for the list's results region alone; without JavaScript the same
form loads the whole page. The list template extends `page_layout`: the full page normally, or a
layout that renders only the template's `results` block, with the filters' summary and clear link
out of band, since the form around them stays as it is.
"""

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .filter_form import filters_in_use

FULL_PAGE = "base.html"
RESULTS_ONLY = "includes/results_only.html"


def wants_fragment(request) -> bool:
    """An htmx request for part of the page; restoring a page from history needs all of it."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


class ResultsFragmentMixin:
    """Answers the filter form's htmx requests with the results region alone; the context says
    how many filters are in use, for the summary, the clear link and the empty list's text."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_layout"] = RESULTS_ONLY if wants_fragment(self.request) else FULL_PAGE
        context["filters_in_use"] = filters_in_use(self.request)
        context["is_filtered"] = bool(context["filters_in_use"])
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
