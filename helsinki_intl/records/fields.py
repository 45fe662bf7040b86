"""Model fields whose values stay within what the city's work can use (see `ranges`).

A ranged field refuses a value outside its range in validation (forms, the admin, imports and
commands all validate the model), and its model's `with_range_checks` makes the database refuse
it too, so that no writer can store what a page could not show.
"""

import re
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import ranges

# Unicode's control characters (category Cc): line breaks, tabs, NUL, escapes.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")

DATE_MESSAGE = format_lazy(
    _("Give a date in the years {first}–{last}."), first=ranges.FIRST_YEAR, last=ranges.LAST_YEAR
)
YEAR_MESSAGE = format_lazy(
    _("Give a year from {first} to {last}."), first=ranges.FIRST_YEAR, last=ranges.LAST_YEAR
)
NOT_NEGATIVE = _("An amount cannot be negative.")
TOO_LARGE = _("An amount must be under a hundred billion euros.")


class RangeChecked:
    """A field whose lowest and highest values come from its validators."""

    def value_range(self) -> tuple:
        validators = [*self.default_validators, *self._validators]
        lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
        highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
        return (max(lows) if lows else None, min(highs) if highs else None)


class RangeCheck(models.CheckConstraint):
    """The database's check of one field's range.

    The field's own validators already give the person a message at the field, so validating
    the model does not ask the database again.
    """

    def validate(self, model, instance, exclude=None, using=None) -> None:
        return


def with_range_checks(model):
    """A model decorator: every ranged field of the model gets its range checked by the database."""
    checks = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, RangeChecked):
            continue
        low, high = field.value_range()
        condition = Q(**{f"{field.name}__gte": low, f"{field.name}__lte": high})
        if field.null:
            condition |= Q(**{f"{field.name}__isnull": True})
        checks.append(RangeCheck(condition=condition, name=f"{model._meta.db_table}_{field.column}_in_range"))
    model._meta.constraints = [*model._meta.constraints, *checks]
    model._meta.original_attrs["constraints"] = model._meta.constraints
    return model


class CityDateField(RangeChecked, models.DateField):
    """A date in the years the city's work can use."""

    default_validators = [
        MinValueValidator(ranges.EARLIEST_DATE, message=DATE_MESSAGE),
        MaxValueValidator(ranges.LATEST_DATE, message=DATE_MESSAGE),
    ]


class CityDateTimeField(RangeChecked, models.DateTimeField):
    """An instant in the years the city's work can use, readable in every time zone."""

    default_validators = [
        MinValueValidator(ranges.EARLIEST_MOMENT, message=DATE_MESSAGE),
        MaxValueValidator(ranges.LATEST_MOMENT, message=DATE_MESSAGE),
    ]


class EuroField(RangeChecked, models.DecimalField):
    """Euros with cents, never negative, under a hundred billion and within the column's digits."""

    default_validators = [
        MinValueValidator(0, message=NOT_NEGATIVE),
        MaxValueValidator(ranges.MAX_EUROS, message=TOO_LARGE),
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def value_range(self) -> tuple:
        low, high = super().value_range()
        widest = Decimal(10) ** (self.max_digits - self.decimal_places) - Decimal(10) ** -self.decimal_places
        return low, min(high, widest)

    @cached_property
    def validators(self):
        """A field may word its own "not negative" message (a fee, a cost); it replaces the general one."""
        validators = super().validators
        if any(isinstance(validator, MinValueValidator) for validator in self._validators):
            return [validator for validator in validators if validator is not self.default_validators[0]]
        return validators


class BoundedSmallIntegerField(RangeChecked, models.PositiveSmallIntegerField):
    """A small count whose range its Min/MaxValueValidators give, checked by the database too."""


class BoundedIntegerField(RangeChecked, models.PositiveIntegerField):
    """A count whose range its Min/MaxValueValidators give, checked by the database too."""


class YearField(BoundedSmallIntegerField):
    """A calendar year the city's work can use."""

    default_validators = [
        MinValueValidator(ranges.FIRST_YEAR, message=YEAR_MESSAGE),
        MaxValueValidator(ranges.LAST_YEAR, message=YEAR_MESSAGE),
    ]


def as_one_line(value) -> str:
    """The text with control characters (line breaks among them) and runs of spaces made one space.

    For a header or a subject written from stored text: text saved before one-line fields refused
    line breaks must still make a message that can be sent.
    """
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value)).split())


def validate_one_line(value) -> None:
    """Refuses line breaks and other control characters in a one-line text."""
    if CONTROL_CHARACTERS.search(str(value)):
        raise ValidationError(
            _("Write this on one line, without line breaks or other control characters."),
            code="control_characters",
        )


class LineField(models.CharField):
    """One line of text: a name, a title, a short note."""

    default_validators = [validate_one_line]
