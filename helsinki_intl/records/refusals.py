"""The 403 page: when a record is refused, it says who owns the record and whom to ask."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.template import loader


class RecordPermissionDenied(PermissionDenied):
    """The user may not do this to this record (the page then names its owner unit)."""

    def __init__(self, record) -> None:
        super().__init__()
        self.record = record


def permission_denied(request, exception=None):
    """The portal's 403 page; the page names the refused record's owner unit, its contact and the
    record's responsible person when there is a record to name."""
    context = {"record": getattr(exception, "record", None)}
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))
