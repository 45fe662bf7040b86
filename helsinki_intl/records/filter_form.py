"""A list's filter form, rendered once and kept in the cache.

Rendering the form is a third of a list page's cost (its drop-downs go through Django's widget
templates option by option, and some read their choices from the database), yet it changes only
with the query string, the language, the day and the registers' data. The rendered form is kept
under all of these, so that paging, sorting back and forth and everyone's same filters reuse it.
"""

from django.core.cache import cache
from django.template.loader import render_to_string

from .cache_keys import list_cache_key

TEMPLATE = "includes/filters.html"
LIFETIME_SECONDS = 60 * 60
NOT_IN_THE_FORM = frozenset({"page"})
"""Parameters the form does not show; a page of the list shows the same form as the first."""


NOT_FILTERS = frozenset({"page", "sort", "export"})
"""Parameters of a list's address that choose how it is shown, not which rows."""


def filters_in_use(request) -> int:
    """How many of the list's filters the address gives a value."""
    return sum(1 for key, value in request.GET.items() if key not in NOT_FILTERS and value)


def rendered_filter_form(context) -> str:
    """The HTML of `includes/filters.html` for the context's request and filter; its summary
    counts the filters in use (`filters_in_use`, which `records.htmx.ResultsFragmentMixin` puts
    in the list's context)."""
    request = context["request"]
    key = list_cache_key("filter-form", request, ignoring=NOT_IN_THE_FORM)
    html = cache.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, context.flatten(), request=request)
        cache.set(key, html, LIFETIME_SECONDS)
    return html
