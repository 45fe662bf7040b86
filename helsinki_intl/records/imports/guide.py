"""What each column of a register's import takes, in words and by example: the import page's
table of columns, and the empty file (CSV or Excel) with the headers and one example row that a
member of staff can start from.

A column's description and example come from its widget (`describe()`: a date, an amount, a
unit...) or, for a plain text or number, from the model field; a register names the examples of its own texts
(`ImportResource.examples`) and describes the columns no field stands behind
(`ImportResource.column_notes`).
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from import_export import widgets


@dataclass(frozen=True)
class ColumnGuide:
    name: str
    header: str
    required: bool
    identifies: bool
    """Whether the column is part of the key that finds the row's record again."""
    accepts: str
    example: str


def column_guide(resource) -> list[ColumnGuide]:
    """The resource's import columns, in the active language, in the order of the file."""
    guide = []
    declared = list(resource._meta.fields or ())
    for name in declared + [name for name in resource.fields if name not in declared]:
        field = resource.fields.get(name)
        if name == "id" or field is None:
            continue
        accepts, example = describe(resource, name, field)
        guide.append(
            ColumnGuide(
                name=name,
                header=str(field.column_name),
                required=name in resource.required_columns,
                identifies=name in resource.natural_key,
                accepts=accepts,
                example=str(resource.examples.get(name, example)),
            )
        )
    return guide


def describe(resource, name: str, field) -> tuple[str, str]:
    """(what the column accepts, an example) for one column."""
    if name in resource.column_notes:
        accepts, example = resource.column_notes[name]
        return str(accepts), str(example)
    widget = field.widget
    if hasattr(widget, "describe"):
        return widget.describe()
    if isinstance(widget, widgets.IntegerWidget):
        return _("A whole number."), "12"
    return describe_model_field(model_field_of(resource, field))


def model_field_of(resource, field) -> models.Field | None:
    model = resource._meta.model
    try:
        return model._meta.get_field((field.attribute or "").split("__")[0])
    except FieldDoesNotExist:
        return None


def describe_model_field(model_field) -> tuple[str, str]:
    """A text or number column: the field's own help where it has one, and its default."""
    example = ""
    if model_field is not None and model_field.has_default() and not callable(model_field.default):
        example = str(model_field.default)
    if isinstance(model_field, models.URLField):
        return _("A web address, e.g. https://www.hel.fi."), "https://www.hel.fi"
    if isinstance(model_field, models.IntegerField):
        return _("A whole number."), example or "12"
    if model_field is not None and model_field.help_text:
        return str(model_field.help_text), example
    if isinstance(model_field, models.CharField) and model_field.max_length:
        return _("Text of at most %(count)s characters.") % {"count": model_field.max_length}, example
    return _("Text."), example
