"""What each column of a register's import takes, in words and by example: the import page's
table of columns, and the empty file (CSV or Excel) with the headers and one example row that a
member of staff can start from.

A column's description and example come from its widget (a date, an amount, a unit...) or, for
a plain text or number, from the model field; a register names the examples of its own texts
(`ImportResource.examples`) and describes the columns no field stands behind
(`ImportResource.column_notes`).
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import Priority

from ..countries import country_name
from . import widgets as cells

YES = {"fi": "kyllä", "sv": "ja", "en": "yes"}


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
    for widget_class, describer in DESCRIBERS:
        if isinstance(widget, widget_class):
            return describer(widget)
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


def first_value(queryset, field: str, default: str = "") -> str:
    value = queryset.values_list(field, flat=True).first()
    return str(value) if value is not None else default


def _moment(widget):
    return _("A date and time: 31.1.2027 17:00 or 2027-01-31 17:00."), "31.1.2027 17:00"


def _date(widget):
    return _("A date: 31.1.2027 or 2027-01-31."), "31.1.2027"


def _amount(widget):
    return _("An amount in euros: 1500.00 or 1 500,00."), "1500.00"


def _choices(widget):
    labels = [str(label) for _value, label in widget.choices]
    quoted = ", ".join(f"“{label}”" for label in labels)
    accepts = _("One of: %(choices)s (also in Finnish, Swedish or English).") % {"choices": quoted}
    return accepts, labels[0] if labels else ""


def _country(widget):
    return _("A country's name or its two-letter code, e.g. SE."), country_name("SE")


def _unit(widget):
    return _("An organisation unit's code or name."), first_value(OrgUnit.objects.order_by("pk"), "code")


def _units(widget):
    codes = list(OrgUnit.objects.order_by("pk").values_list("code", flat=True)[:2])
    return _("Organisation units' codes or names, separated by semicolons."), "; ".join(codes)


def _person(widget):
    accepts = _("A member of staff's user name or e-mail address, alone or after the name: Name <address>.")
    return accepts, "Elina Laaksonen <elina.laaksonen@hel.fi>"


def _priorities(widget):
    example = first_value(Priority.objects.order_by("-period__starts_on", "pk"), "code")
    return _("Priorities' codes or names, separated by semicolons."), example


def _goals_of_sustainable_development(widget):
    return _("Numbers of sustainable development goals, separated by semicolons."), "11; 13"


def _named(widget):
    records = capfirst(widget.model._meta.verbose_name_plural)
    accepts = _("A name already in the portal (%(records)s).") % {"records": records}
    return accepts, first_value(widget.model.objects.order_by("pk"), widget.field)


def _yes_or_no(widget):
    return _("Yes or no: kyllä, ja or yes; ei, nej or no."), YES.get((get_language() or "fi")[:2], "yes")


def _whole_number(widget):
    return _("A whole number."), "12"


DESCRIBERS = [
    (cells.DateTimeWidget, _moment),
    (cells.DateWidget, _date),
    (cells.DecimalWidget, _amount),
    (cells.ChoiceWidget, _choices),
    (cells.CountryWidget, _country),
    (cells.UnitWidget, _unit),
    (cells.UnitsWidget, _units),
    (cells.PersonWidget, _person),
    (cells.PrioritiesWidget, _priorities),
    (cells.SDGsWidget, _goals_of_sustainable_development),
    (cells.NamedForeignKeyWidget, _named),
    (cells.YesNoWidget, _yes_or_no),
    (widgets.IntegerWidget, _whole_number),
]
"""Each widget's description, the first that the column's widget is an instance of."""
