"""The API's lists, found where the portal's lists are declared.

Each register's list page (a view on the shared list machinery, with a model and a filter set,
in the register's `urls.py`) gives an endpoint at the same path under /api/v1/, with the list's
queryset, filters and sorting; reference data of the shared apps (units, strategy periods,
priorities, SDGs, advocacy topics) is read the same way without filters. The registers are read
from their declarations, so that a register declared later has its endpoints without a line here.
"""

import functools
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver

from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.records.htmx import ResultsFragmentMixin
from helsinki_intl.records.registers import registers

REFERENCE_DATA = {
    "organisation/units": "organisation.orgunit",
    "strategy/periods": "strategy.strategyperiod",
    "strategy/priorities": "strategy.priority",
    "strategy/sdgs": "strategy.sdg",
    "strategy/advocacy-topics": "strategy.advocacytopic",
}
"""Reference data of the shared apps that no register's list shows, by its path under /api/v1/."""


@dataclass(frozen=True)
class Endpoint:
    path: str
    """Under /api/v1/, without slashes at the ends: "networks/memberships"."""
    model: type[models.Model]
    list_view: type | None = None
    """The portal's list view, whose queryset and filter set the endpoint uses."""

    @property
    def basename(self) -> str:
        return self.path.replace("/", "-")

    @property
    def filterset_class(self):
        return getattr(self.list_view, "filterset_class", None)

    @property
    def read_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.view_{opts.model_name}"

    def personal_data_fields(self) -> frozenset[str]:
        """The fields only those who may export personal data read: the list export's, and every
        relation to a person."""
        name = list_exports.name_for_model(self.model)
        declared = set(list_exports.get(name).personal_data_fields) if name else set()
        people = apps.get_model("organisation", "User")
        declared.update(
            field.name
            for field in self.model._meta.get_fields()
            if field.is_relation and field.related_model is people and (field.concrete or field.many_to_many)
        )
        return frozenset(declared)

    def queryset(self, request) -> models.QuerySet:
        """All rows, as the portal's list reads them before its filters."""
        if self.list_view is not None:
            view = self.list_view()
            view.setup(request)
            return view.get_queryset()
        manager = self.model._default_manager
        return manager.for_list() if hasattr(manager, "for_list") else manager.all()


def register_lists(register) -> list[Endpoint]:
    urlconf = import_module(register.urls)
    return [
        # A list at the root of its register's URLs is at the register's own path ("activities").
        Endpoint("/".join(filter(None, (register.app_label, route.strip("/")))), view_class.model, view_class)
        for route, view_class in _list_views(urlconf.urlpatterns, prefix="")
    ]


def _list_views(patterns, prefix: str):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _list_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if (
                view_class is not None
                and issubclass(view_class, ResultsFragmentMixin)
                and getattr(view_class, "model", None) is not None
                and getattr(view_class, "filterset_class", None) is not None
                and not pattern.pattern.converters
            ):
                yield route, view_class


@functools.cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint: the registers' lists in the order of their declarations, then reference data."""
    found = [endpoint for register in registers for endpoint in register_lists(register)]
    found += [Endpoint(path, apps.get_model(label)) for path, label in REFERENCE_DATA.items()]
    return tuple(found)
