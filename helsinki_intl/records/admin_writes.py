"""The admin saves and deletes a register's records through the shared write path
(`records.services`): the same history, timeline and domain events as the portal's. A record's own
row (a goal, a role, a timeline row) saved or deleted on its own admin page is a change of the
record, as it is when made on the record's page in the portal."""

from django import forms
from django.db import models

from .models import UnitOwnedRecord
from .process import needs_missing
from .services import (
    change_reason_of,
    held_history_written,
    history_held,
    previous_states_of,
    previous_status_of,
    record_delete,
    record_rows_changed,
    record_written,
)


def owning_record_field(model) -> models.ForeignKey | None:
    """The foreign key by which a row belongs to a register's record (a goal's membership): one to
    a record whose deletion deletes the row. None for a record, or a row of no record."""
    if issubclass(model, UnitOwnedRecord):
        return None
    for field in model._meta.concrete_fields:
        if (
            field.many_to_one
            and issubclass(field.related_model, UnitOwnedRecord)
            and field.remote_field.on_delete is models.CASCADE
        ):
            return field
    return None


def owning_record(row):
    field = owning_record_field(type(row))
    return getattr(row, field.name) if field is not None else None


class StepNeedsCheckedForm(forms.ModelForm):
    """A record's change form that refuses a state moved along a step without what the step needs
    of the record (a bid's cost for its submission), as the step's own form does."""

    def _post_clean(self):
        super()._post_clean()
        for state_field, messages in needs_missing(self.instance, previous_states_of(self.instance)).items():
            for message in messages:
                self.add_error(state_field if state_field in self.fields else None, message)


class RecordWriteAdminMixin:
    """For a ModelAdmin: a register's record saved here notes its status and its event; one
    deleted here (alone or in the list's bulk action) leaves its event, as in the portal. A state
    moved here needs what its step needs of the record (`StepNeedsCheckedForm`)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(self.model, UnitOwnedRecord) and not issubclass(form, StepNeedsCheckedForm):
            form = type(f"StepNeedsChecked{form.__name__}", (StepNeedsCheckedForm, form), {})
        return form

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
            if (owner := owning_record(record)) is not None:
                record_rows_changed(record=owner, by=request.user, via="admin")
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
            return
        owner = owning_record(obj)
        super().delete_model(request, obj)
        if owner is not None:
            record_rows_changed(record=owner, by=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        if issubclass(queryset.model, UnitOwnedRecord):
            for record in queryset:
                record_delete(record=record, by=request.user, via="admin")
            return
        field = owning_record_field(queryset.model)
        owners = (
            list(field.related_model._default_manager.filter(pk__in=queryset.values(field.attname)))
            if field
            else []
        )
        super().delete_queryset(request, queryset)
        for owner in owners:
            record_rows_changed(record=owner, by=request.user, via="admin")
