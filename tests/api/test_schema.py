"""The OpenAPI description: served to those signed in, and every endpoint's answer conforms to it."""

import jsonschema
import pytest
import yaml
from django.utils import translation

from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.api.views import viewset_for
from tests.api.growth import grow_by

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/v1/networks/memberships/"
REFUSALS = {"400", "401", "403", "404", "406", "414", "429"}


def as_json_schema(node, components: dict):
    """An OpenAPI 3.0 schema as JSON Schema: references resolved, `nullable` as a null type."""
    if isinstance(node, list):
        return [as_json_schema(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return as_json_schema(components[node["$ref"].rsplit("/", 1)[-1]], components)
    converted = {key: as_json_schema(value, components) for key, value in node.items() if key != "nullable"}
    converted.pop("format", None)
    # Without its format, a URL or e-mail address left empty matches both of "text or empty".
    if "oneOf" in converted:
        converted["anyOf"] = converted.pop("oneOf")
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def schema(strategy_client):
    response = strategy_client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_for_those_signed_in(client):
    assert client.get("/api/schema/").status_code == 401


@pytest.mark.parametrize("endpoint", endpoints(), ids=lambda endpoint: endpoint.path)
@pytest.mark.parametrize("reader", ["strategy_client", "culture_client"])
def test_every_answer_conforms_to_the_schema(request, endpoint, reader, schema, shared):
    grow_by(endpoint.model, shared)(3)
    client = request.getfixturevalue(reader)
    components = schema["components"]["schemas"]
    path = f"/api/v1/{endpoint.path}/"
    list_schema = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    listed = client.get(path + "?page_size=2").json()
    jsonschema.validate(listed, as_json_schema(list_schema, components))

    detail_path = next(
        candidate for candidate in schema["paths"] if candidate.startswith(path) and candidate != path
    )
    detail_schema = schema["paths"][detail_path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    record = client.get(f"{path}{listed['results'][0]['id']}/").json()
    jsonschema.validate(record, as_json_schema(detail_schema, components))


def test_every_operation_documents_its_refusals_its_headers_and_its_csv_as_text(schema):
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "304", *REFUSALS} <= set(responses), path
        assert responses["200"]["content"]["text/csv"]["schema"] == {"type": "string"}, path
        assert responses["200"]["headers"]["ETag"]["required"], path
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"], path
        assert "If-None-Match" in {parameter["name"] for parameter in item["get"]["parameters"]}, path


@pytest.mark.parametrize(
    "reader, url, headers, status",
    [
        ("client", MEMBERSHIPS, {}, 401),
        ("strategy_client", f"{MEMBERSHIPS}?status=nonsense", {}, 400),
        ("strategy_client", f"{MEMBERSHIPS}?cursor=nonsense", {}, 404),
        ("strategy_client", f"{MEMBERSHIPS}999999/", {}, 404),
        ("strategy_client", MEMBERSHIPS, {"HTTP_ACCEPT": "application/xml"}, 406),
    ],
)
def test_a_refusal_is_as_the_schema_describes_it(request, schema, reader, url, headers, status):
    response = request.getfixturevalue(reader).get(url, **headers)

    assert response.status_code == status
    path = url.partition("?")[0].replace("999999", "{id}")
    documented = schema["paths"][path]["get"]["responses"][str(status)]
    body = documented["content"]["application/json"]["schema"]
    assert response["Content-Type"] == "application/json"
    jsonschema.validate(response.json(), as_json_schema(body, schema["components"]["schemas"]))
    for name, header in documented.get("headers", {}).items():
        assert not header.get("required") or response.has_header(name), name


def test_the_description_is_in_english_whatever_the_language_it_was_built_in():
    memberships = next(endpoint for endpoint in endpoints() if endpoint.path == "networks/memberships")

    with translation.override("fi"):
        viewset = viewset_for(memberships)

    assert viewset.__doc__ == "The memberships."
