"""The API's endpoints: a list and a detail of every register's list and of the reference data.

A viewset is made for each endpoint (`endpoints.endpoints()`); it filters and sorts with the
portal list's own filter set, and answers with an ETag of the registers' data version, so that a
reporting tool's refresh of unchanged data is a 304 that asks the database nothing.
"""

import hashlib

from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, override
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from helsinki_intl.records.data_version import data_version

from .endpoints import Endpoint
from .pagination import ListCursorPagination
from .reading import ListReader
from .schema import CONDITIONAL_GET, record_responses
from .serializers import EXPORT_PERSONAL_DATA, related_names, serializer_for
from .spreadsheets import CSVRenderer, csv_response


def etag_of(request, renderer_format: str) -> str:
    """The answer's tag: the same data, asked the same way by the same reader on the same day.
    The reader, because a filter may name them (`responsible=me`) and the fields they see depend
    on their permissions; the day, because filters such as a deadline within 30 days and what is
    current are counted from it."""
    facts = "\n".join(
        (
            data_version(),
            request.get_full_path(),
            renderer_format,
            get_language() or "",
            str(request.user.pk),
            "persons" if request.user.has_perm(EXPORT_PERSONAL_DATA) else "",
            timezone.localdate().isoformat(),
        )
    )
    return f'"{hashlib.sha256(facts.encode()).hexdigest()[:32]}"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


_list_readers: dict[tuple, ListReader] = {}


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    endpoint: Endpoint
    model: type
    read_permission: str
    pagination_class = ListCursorPagination
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [JSONRenderer, CSVRenderer]
    # Every segment after a list's path is an id, so that one that is not a record's (`0.5`)
    # is the API's own 404 in the format asked for, not the portal's HTML page.
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        single, many = related_names(self.endpoint.model)
        return self.endpoint.queryset(self.request._request).select_related(*single).prefetch_related(*many)

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        order = filtered.query.order_by or filtered.model._meta.ordering
        keys = ("pk", filtered.model._meta.pk.name)
        # An ordering may be an expression (`F("deadline").asc(nulls_last=True)`), never the key.
        if not any(isinstance(field, str) and field.lstrip("-") in keys for field in order):
            filtered = filtered.order_by(*order, "pk")
        return filtered

    def get_filterset_class(self):
        return self.endpoint.filterset_class

    def list(self, request, *args, **kwargs):
        unchanged = self._unless_unchanged(request)
        if unchanged is not None:
            return unchanged
        reader = self.list_reader()
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == CSVRenderer.format:
            return csv_response(reader, queryset, filename=self.endpoint.basename)
        page = self.paginate_queryset(reader.rows(queryset))
        return self.get_paginated_response(reader.answers(page))

    def list_reader(self) -> ListReader:
        """The reader of the list in the columns this reader sees, made once: a serializer finds
        its fields by looking at the model, which a page should not pay for."""
        key = (self.get_serializer_class(), self.request.user.has_perm(EXPORT_PERSONAL_DATA))
        reader = _list_readers.get(key)
        if reader is None:
            reader = _list_readers[key] = ListReader(self.get_serializer())
        return reader

    def retrieve(self, request, *args, **kwargs):
        return self._unless_unchanged(request) or super().retrieve(request, *args, **kwargs)

    def _unless_unchanged(self, request):
        self.etag = etag_of(request, request.accepted_renderer.format)
        if _matches(request.headers.get("If-None-Match", ""), self.etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED)
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "etag", None) and response.status_code in (200, 304):
            response["ETag"] = self.etag
        patch_vary_headers(response, ["Authorization", "Accept", "Accept-Language", "Cookie"])
        return response


def viewset_for(endpoint: Endpoint) -> type[RecordViewSet]:
    model = endpoint.model
    # The description is in English, whichever language the request that built it was in.
    with override("en"):
        plural = str(model._meta.verbose_name_plural)
    viewset = type(
        f"{model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "endpoint": endpoint,
            "model": model,
            "read_permission": endpoint.read_permission,
            "serializer_class": serializer_for(endpoint),
            "queryset": model._default_manager.all(),
            "filterset_class": endpoint.filterset_class,
            "__doc__": f"The {plural}.",
        },
    )
    described = {
        "tags": [endpoint.path.split("/")[0]],
        "parameters": CONDITIONAL_GET,
        "responses": record_responses(viewset.serializer_class),
    }
    return extend_schema_view(
        list=extend_schema(summary=f"List the {plural}", **described),
        retrieve=extend_schema(summary=f"One of the {plural}", **described),
    )(viewset)
