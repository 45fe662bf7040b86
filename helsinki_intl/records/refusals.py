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
    """The portal's 403 page, with the refused record's owner unit, its contact and the record's
    responsible person when there is a record to name."""
    record = getattr(exception, "record", None)
    context = {"record": record}
    if record is not None:
        context["owner_unit"] = getattr(record, "owner_unit", None)
        person = getattr(record, "responsible_person", None)
        context["responsible_person"] = person.get_full_name() or person.username if person else ""
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))
