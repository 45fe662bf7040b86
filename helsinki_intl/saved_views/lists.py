"""The portal's lists that a view can be saved of, found in the URL conf.

A list is a page built on the shared list machinery (`records.htmx.ResultsFragmentMixin`): every
register's list and the review queue. Each is named by its URL name; its label and the permission
to open it come from the view: a register's list from its model, another list from its own
`list_label` and `list_permission`.
"""

import functools
from dataclasses import dataclass

import rules
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf, resolve, reverse
from django.utils.http import urlencode
from django.utils.text import capfirst

from helsinki_intl.records.htmx import ResultsFragmentMixin

NOT_SAVED = frozenset({"page", "export"})
"""Parameters of a list's address that a saved view leaves out: which page, and a download."""
MAX_QUERY_LENGTH = 2000


@dataclass(frozen=True)
class Listable:
    url_name: str
    """The list's URL name, e.g. "networks:membership-list"."""
    label: str
    permission: str | None
    """What a person needs to open the list; None: every signed-in member of staff."""

    def url(self) -> str:
        return reverse(self.url_name)

    def may_open(self, user) -> bool:
        # The rules alone, as the menu asks them: the model backend would cost queries.
        return user.is_active and (self.permission is None or rules.has_perm(self.permission, user))


def listables() -> dict[str, Listable]:
    """Every list of the portal by its URL name, in the URL conf's order."""
    return _listables(get_urlconf() or settings.ROOT_URLCONF)


def listable(url_name: str) -> Listable | None:
    return listables().get(url_name)


@functools.cache
def _listables(urlconf: str) -> dict[str, Listable]:
    found = {}
    for url_name, view_class in _views(get_resolver(urlconf).url_patterns, namespace=""):
        described = _describe(url_name, view_class)
        if described is not None:
            found.setdefault(url_name, described)
    return found


def _views(patterns, namespace: str):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, ResultsFragmentMixin):
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), view_class


def _describe(url_name: str, view_class) -> Listable | None:
    model = getattr(view_class, "model", None)
    label = getattr(view_class, "list_label", None)
    permission = getattr(view_class, "list_permission", None)
    if model is not None:
        opts = model._meta
        label = label or capfirst(opts.verbose_name_plural)
        permission = permission or f"{opts.app_label}.view_{opts.model_name}"
    if label is None:
        return None
    return Listable(url_name, label, permission)


def normalised_query(params) -> str:
    """A list's query string as a saved view keeps it: without the page or a download, without
    empty filters, the parameters in the order of their names (each one's values as given)."""
    pairs = [
        (key, value)
        for key, values in params.lists()
        if key not in NOT_SAVED
        for value in values
        if value.strip()
    ]
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def filtered_model(url_name: str):
    """(model, filter set) of a list whose rows are a register's records; None for another list
    (the review queue)."""
    view_class = getattr(resolve(reverse(url_name)).func, "view_class", None)
    model = getattr(view_class, "model", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    return None if model is None or filterset_class is None else (model, filterset_class)


def records_of(view):
    """The records the view's list shows with its filters, as its owner sees them (a filter such as
    "I am responsible" is the owner's); None for a list whose rows are not a register's records."""
    found = filtered_model(view.list_name) if listable(view.list_name) is not None else None
    if found is None:
        return None
    model, filterset_class = found
    request = HttpRequest()
    request.user = view.owner
    request.GET = QueryDict(view.query)
    manager = model._default_manager
    records = manager.for_list() if hasattr(manager, "for_list") else manager.all()
    return filterset_class(request.GET, queryset=records, request=request).qs
