"""Pages of a list behind an opaque cursor, in the list's own sort.

The portal's lists sort by any of their columns (ending with the primary key, so that the order
is total), which a keyset on one column cannot follow; the cursor holds the position in that
order. A page says where the next and the previous are and counts nothing, so that a long list
costs the same on every page.
"""

import base64
import binascii
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_POSITION = 10**9


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(urlencode({"p": position}).encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        key, _sep, value = text.partition("=")
        position = int(value)
    except (UnicodeError, binascii.Error, ValueError):
        raise NotFound(_("The cursor is not one this list gave.")) from None
    if key != "p" or not 0 <= position <= MAX_POSITION:
        raise NotFound(_("The cursor is not one this list gave."))
    return position


class ListCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, PAGE_SIZE))
        except ValueError:
            return PAGE_SIZE
        return min(max(size, 1), MAX_PAGE_SIZE)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size = self.page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        self.position = decode_cursor(cursor) if cursor else 0
        rows = list(queryset[self.position : self.position + self.size + 1])
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    def _link(self, position: int) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, encode_cursor(position))

    def get_next_link(self):
        return self._link(self.position + self.size) if self.has_next else None

    def get_previous_link(self):
        return self._link(max(self.position - self.size, 0)) if self.position > 0 else None

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Where the page starts: the next or previous link gives it.")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Rows on a page, %(most)s at most.") % {"most": MAX_PAGE_SIZE}),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
            },
        ]
