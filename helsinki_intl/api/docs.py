"""The API's documentation page: the OpenAPI description rendered on the server, as one of the
portal's pages (no script, so the portal's content security policy holds as it is)."""

import functools
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from .pagination import MAX_PAGE_SIZE, PAGE_SIZE


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    kind: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    kind: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    path: str
    summary: str
    tag: str
    parameters: tuple[Parameter, ...]
    fields: tuple[Field, ...]


def _kind(schema: dict) -> str:
    if "$ref" in schema or "allOf" in schema:
        ref = schema.get("$ref") or schema["allOf"][0].get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        return "{id, name}" if name == "Related" else "text (a choice)"
    if schema.get("type") == "array":
        return f"list of {_kind(schema.get('items', {}))}"
    return schema.get("format") or schema.get("type", "")


@functools.lru_cache(maxsize=8)
def operations(language: str) -> tuple[Operation, ...]:
    """The API's GET operations, in the language the schema's labels were written in."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        fields = ()
        response = operation["responses"]["200"]["content"]["application/json"]["schema"]
        record = components.get(response.get("$ref", "").rsplit("/", 1)[-1], {})
        if "results" in record.get("properties", {}):
            record = components.get(record["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[-1], {})
        fields = tuple(
            Field(name, str(spec.get("title") or spec.get("description", "")).split("\n")[0], _kind(spec))
            for name, spec in record.get("properties", {}).items()
        )
        parameters = tuple(
            Parameter(
                parameter["name"],
                str(parameter.get("description", "")).split("\n")[0],
                _kind(parameter.get("schema", {})),
                tuple(str(choice) for choice in parameter.get("schema", {}).get("enum", ())),
            )
            for parameter in operation.get("parameters", ())
            if parameter["in"] == "query"
        )
        found.append(
            Operation(
                operation["operationId"],
                path,
                operation.get("summary", ""),
                (operation.get("tags") or [""])[0],
                parameters,
                fields,
            )
        )
    return tuple(found)


class ApiDocsView(LoginRequiredMixin, TemplateView):
    template_name = "api/docs.html"
    page_label = _("API documentation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_label=self.page_label,
            breadcrumbs=[(reverse("api_tokens:list"), _("API tokens")), (None, self.page_label)],
            operations=operations(get_language() or ""),
            schema_url=reverse("api:schema"),
            api_url=self.request.build_absolute_uri("/api/v1/"),
            page_size=PAGE_SIZE,
            max_page_size=MAX_PAGE_SIZE,
        )
        return context
