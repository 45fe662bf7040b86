"""What the OpenAPI description says of the personal tokens and of every operation's answers
(drf-spectacular finds the token scheme when the app is ready; the views ask for the answers)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .spreadsheets import CSVRenderer

JSON = "application/json"
CSV = CSVRenderer.media_type


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "helsinki_intl.api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on the portal's API tokens page.",
        }


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused, in the reader's language.")


FILTER_ERRORS = {
    "type": "object",
    "description": "Each filter whose value the list does not take, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

REFUSALS = {
    400: (FILTER_ERRORS, "A filter's value is not one the list takes."),
    401: (RefusalSerializer, "No token, or one that is unknown, revoked or expired."),
    403: (RefusalSerializer, "The reader may not read this list."),
    404: (RefusalSerializer, "No such record, or a cursor or format that the list did not give."),
    429: (RefusalSerializer, "Too many requests from this reader or address: try again later."),
}
"""The API's refusals, written in the format asked for, as its records are."""

CONDITIONAL_GET = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The ETag of an earlier answer: the answer is a 304 while the data is unchanged.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        required=True,
        description="The answer's tag, the same while the data and the reader's day are.",
    ),
    OpenApiParameter(
        "WWW-Authenticate",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[401],
        required=True,
        description="How to authenticate: with a bearer token.",
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[429],
        description="In how many seconds the reader may ask again.",
    ),
]
"""The headers of an operation: the ETag it answers with and the If-None-Match that makes it a
304, and those that tell how to sign in and when to come back."""


def record_responses(serializer_class) -> dict:
    """Every answer of a list or detail operation: the records (JSON, or CSV when asked for), the
    304 of an unchanged answer and the refusals, so that a client knows each status it may get."""
    responses = {
        (200, JSON): OpenApiResponse(serializer_class, description="The records, or the record."),
        (200, CSV): OpenApiResponse(OpenApiTypes.STR, description="The same as CSV, a header row first."),
    }
    responses[304] = OpenApiResponse(description="Unchanged since the answer whose ETag was sent.")
    for status, (body, description) in REFUSALS.items():
        responses[(status, JSON)] = OpenApiResponse(body, description=description)
        responses[(status, CSV)] = OpenApiResponse(OpenApiTypes.STR, description=description)
    # Content negotiation failed: the refusal is written in the first format, JSON.
    responses[(406, JSON)] = OpenApiResponse(
        RefusalSerializer, description="The Accept header asks for a format the API does not write."
    )
    # gunicorn refuses a request line longer than its limit before the portal sees the request.
    responses[414] = OpenApiResponse(description="The address is longer than the server takes.")
    return responses
