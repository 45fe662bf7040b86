"""The admin saves a register's records through the shared write path (`records.services`):
the same timeline and domain event as a save in the portal."""

from .models import UnitOwnedRecord
from .services import previous_states_of, previous_status_of, record_written


class RecordWriteAdminMixin:
    """For a ModelAdmin: a register's record saved here notes its status and its event."""

    def save_model(self, request, obj, form, change):
        obj._admin_previous_status = previous_status_of(obj)
        obj._admin_previous_states = previous_states_of(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        if isinstance(record, UnitOwnedRecord):
            record_written(
                record=record,
                adding=not change,
                previous_status=getattr(record, "_admin_previous_status", None),
                previous_states=getattr(record, "_admin_previous_states", None),
                by=request.user,
                via="admin",
            )
