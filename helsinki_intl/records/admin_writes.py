"""The admin saves and deletes a register's records through the shared write path
(`records.services`): the same history, timeline and domain events as the portal's."""

from .models import UnitOwnedRecord
from .services import (
    change_reason_of,
    held_history_written,
    history_held,
    previous_states_of,
    previous_status_of,
    record_delete,
    record_written,
)


class RecordWriteAdminMixin:
    """For a ModelAdmin: a register's record saved here notes its status and its event; one
    deleted here (alone or in the list's bulk action) leaves its event, as in the portal."""

    def save_model(self, request, obj, form, change):
        if isinstance(obj, UnitOwnedRecord):
            obj._admin_previous_status = previous_status_of(obj)
            obj._admin_previous_states = previous_states_of(obj)
            obj._admin_reason = change_reason_of(
                obj, {**obj._admin_previous_states, "status": obj._admin_previous_status}
            )
            # The record's save and its lists' (saved in save_related) leave one historical row.
            history_held(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        record = form.instance
        if not isinstance(record, UnitOwnedRecord):
            super().save_related(request, form, formsets, change)
            return
        form.save_m2m()
        held_history_written(record, by=request.user, reason=record._admin_reason)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        record_written(
            record=record,
            adding=not change,
            previous_status=getattr(record, "_admin_previous_status", None),
            previous_states=getattr(record, "_admin_previous_states", None),
            by=request.user,
            via="admin",
            reason=getattr(record, "_admin_reason", None),
        )

    def delete_model(self, request, obj):
        if isinstance(obj, UnitOwnedRecord):
            record_delete(record=obj, by=request.user, via="admin")
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not issubclass(queryset.model, UnitOwnedRecord):
            super().delete_queryset(request, queryset)
            return
        for record in queryset:
            record_delete(record=record, by=request.user, via="admin")
