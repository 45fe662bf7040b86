"""The pages `make bench` measures, found from the URL configuration and each list's filters.

For each register's list (every `RecordListView` in the URLs): the list plain, once per filter
with a value that filter accepts, sorted, its last page, a record's detail and history pages,
and the same model's admin changelist; then the dashboard, the review queue and the quarterly
summary; and a page of 100 rows of every API endpoint. The values are looked up in the
database, so the pages are the same at every scale but for the values. Needs Django set up.
"""

import datetime
from dataclasses import asdict, dataclass

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.records.views import RecordListView

SEARCH_WORD = "a"
"""A search term most rows match, so that the search does not end the list at once."""


@dataclass(frozen=True)
class Page:
    key: str
    """Names the page the same way at every scale ("partnerships: filter status")."""
    path: str
    kind: str
    """list, filter, sort, last page, detail, history, admin, api, or another page's own name."""
    model: str = ""
    """The list's model (app_label.model_name), for comparing it with its admin changelist."""

    def as_dict(self) -> dict:
        return asdict(self)


def list_views() -> list[tuple[str, type[RecordListView]]]:
    """(URL name, view class) of every register's list, in the URL configuration's order."""
    found = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class and issubclass(view_class, RecordListView) and pattern.name:
                    found.append((f"{namespace}:{pattern.name}" if namespace else pattern.name, view_class))

    walk(get_resolver().url_patterns, "")
    return found


def filter_value(form_field: forms.Field) -> str | None:
    """A value the filter's form field accepts and that keeps rows, or None if none is known."""
    if isinstance(form_field, forms.ModelChoiceField):
        pk = form_field.queryset.order_by("pk").values_list("pk", flat=True).first()
        return None if pk is None else str(pk)
    if isinstance(form_field, forms.ChoiceField):
        values = [str(value) for value, _ in form_field.choices if value not in ("", None)]
        return values[0] if values else None
    if isinstance(form_field, forms.DateField):
        return (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    if isinstance(form_field, forms.NullBooleanField | forms.BooleanField):
        return "true"
    if isinstance(form_field, forms.CharField):
        return SEARCH_WORD
    return None


def _with_query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def register_pages(url_name: str, view_class: type[RecordListView]) -> list[Page]:
    model: type[Model] = view_class.model
    opts = model._meta
    label = url_name.rsplit(":", 1)[-1].removesuffix("-list")
    model_label = f"{opts.app_label}.{opts.model_name}"
    path = reverse(url_name)
    pages = [Page(f"{label}: list", path, "list", model_label)]
    filterset = view_class.filterset_class()
    sort_param = None
    for name, list_filter in filterset.filters.items():
        if name == "sort":
            sort_param = name
            continue
        value = filter_value(list_filter.field)
        if value is not None:
            pages.append(
                Page(f"{label}: filter {name}", _with_query(path, **{name: value}), "filter", model_label)
            )
    if sort_param:
        # The last sort the list offers, descending: usually a column other than the default order.
        choices = [value for value, _ in filterset.filters[sort_param].field.choices if value]
        if choices:
            pages.append(Page(f"{label}: sorted", _with_query(path, sort=choices[-1]), "sort", model_label))
    pages.append(Page(f"{label}: last page", _with_query(path, page="last"), "last page", model_label))
    record = model.objects.order_by("-pk").first()
    if record is not None:
        for view in ("detail", "history"):
            pages.append(
                Page(
                    f"{label}: {view}",
                    reverse(f"{opts.app_label}:{opts.model_name}-{view}", args=[record.pk]),
                    view,
                    model_label,
                )
            )
    if admin.site.is_registered(model):
        pages.append(
            Page(
                f"{label}: admin",
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                "admin",
                model_label,
            )
        )
    return pages


API_PAGE_ROWS = 100


def api_pages() -> list[Page]:
    """A page of 100 rows of every API endpoint, as a program reading a register asks for it."""
    return [
        Page(
            f"api {endpoint.path}: {API_PAGE_ROWS} rows",
            _with_query(f"/api/v1/{endpoint.path}/", page_size=API_PAGE_ROWS),
            "api",
            endpoint.model._meta.label_lower,
        )
        for endpoint in endpoints()
    ]


def all_pages() -> list[Page]:
    pages = [
        Page("floor (B0)", reverse("benchmark-floor"), "floor"),
        Page("dashboard", reverse("home"), "dashboard"),
        Page("review queue", reverse("coordination:review-queue"), "review queue"),
        Page("quarterly summary", reverse("coordination:summary"), "summary"),
        Page(
            "quarterly summary: xlsx",
            _with_query(reverse("coordination:summary"), download="xlsx"),
            "summary",
        ),
    ]
    for url_name, view_class in list_views():
        pages.extend(register_pages(url_name, view_class))
    return pages + api_pages()
