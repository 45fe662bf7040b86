"""The lookups by which a link's target is named: those the registers declare
(`records.lookups`), found by the target's model."""

from django.apps import apps
from django.core.exceptions import ValidationError

from helsinki_intl.records.registers import registers


def lookup_for(model):
    """The lookup of the model's records that a register declares; LookupError if none does."""
    for lookup in registers.lookups():
        if lookup.model is model:
            return lookup
    raise LookupError(f"No register declares a lookup of {model._meta.label}.")


def named_record(label: str, name: str):
    """The record of the model "app_label.model_name" that `name` names as its lookup reads names
    (a membership "Eurocities (strategia)"); None when there is none, or no such model."""
    try:
        model = apps.get_model(label)
        return lookup_for(model).find(model._default_manager.all(), name)
    except (LookupError, ValidationError):
        return None
