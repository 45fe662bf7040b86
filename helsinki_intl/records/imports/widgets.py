"""Cells read as the values people type: natural keys, Finnish dates and amounts, lists.

A widget that cannot read a cell raises ValueError with a message for the user;
django-import-export reports it against the cell's column.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import SDG, Priority

LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


def split_list(value) -> list[str]:
    return [item for item in LIST_SEPARATOR.split(str(value or "").strip()) if item]


class DateWidget(widgets.Widget):
    """A date as 2025-01-31 or 31.1.2025 (or a date cell of a workbook)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date: write it as 31.1.2025 or 2025-01-31.") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.Widget):
    """An amount in euros as 1234.50, 1 234,50 or a number cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value))
        text = re.sub(r"[\s\u00a0€]", "", str(value)).replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount in euros.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice given by its value or its label in any of the portal's languages."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        for choice_value, label in self.choices:
            if text.lower() == str(choice_value).lower():
                return choice_value
            for language in ("fi", "sv", "en"):
                with translation.override(language):
                    if text.lower() == str(label).lower():
                        return choice_value
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(str(label) for _value, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class UnitWidget(widgets.ForeignKeyWidget):
    """An organisation unit by its code or its name in Finnish, Swedish or English."""

    def __init__(self, **kwargs):
        super().__init__(OrgUnit, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        unit = (
            OrgUnit.objects.filter(
                Q(code__iexact=text)
                | Q(name_fi__iexact=text)
                | Q(name_sv__iexact=text)
                | Q(name_en__iexact=text)
            )
            .order_by("pk")
            .first()
        )
        if unit is None:
            raise ValueError(_("There is no organisation unit “%(value)s”.") % {"value": text})
        return unit


class PersonWidget(widgets.ForeignKeyWidget):
    """A member of staff by user name or e-mail address."""

    def __init__(self, **kwargs):
        super().__init__(get_user_model(), field="username", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        people = list(get_user_model().objects.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2])
        if len(people) != 1:
            raise ValueError(
                _("There is no single person with the user name or e-mail “%(value)s”.") % {"value": text}
            )
        return people[0]


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related record by a unique name field, e.g. a network by its name."""

    def __init__(self, model, field: str, message: str, **kwargs):
        self.message = message
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return self.model.objects.get(**{f"{self.field}__iexact": text})
        except self.model.DoesNotExist:
            raise ValueError(self.message % {"value": text}) from None


class PrioritiesWidget(widgets.ManyToManyWidget):
    """Priorities as a list in one cell, each by its code or its name in any language."""

    def __init__(self, **kwargs):
        super().__init__(Priority, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        found = []
        for item in split_list(value):
            priority = (
                Priority.objects.filter(
                    Q(code__iexact=item)
                    | Q(name_fi__iexact=item)
                    | Q(name_sv__iexact=item)
                    | Q(name_en__iexact=item)
                )
                .order_by("-period__starts_on", "pk")
                .first()
            )
            if priority is None:
                raise ValueError(_("There is no priority “%(value)s”.") % {"value": item})
            found.append(priority)
        return found

    def render(self, value, obj=None, **kwargs):
        return "; ".join(priority.code for priority in value.all()) if value else ""


class SDGsWidget(widgets.ManyToManyWidget):
    """Sustainable development goals as a list of their numbers in one cell: “3; 11; 13”."""

    def __init__(self, **kwargs):
        super().__init__(SDG, field="number", **kwargs)

    def clean(self, value, row=None, **kwargs):
        numbers = []
        for item in split_list(str(value or "").replace(",", ";")):
            number = item.split(".")[0].strip()
            if not number.isdigit():
                raise ValueError(
                    _("“%(value)s” is not the number of a sustainable development goal.") % {"value": item}
                )
            numbers.append(int(number))
        found = {sdg.number: sdg for sdg in SDG.objects.filter(number__in=numbers)}
        missing = [str(number) for number in numbers if number not in found]
        if missing:
            raise ValueError(
                _("There is no sustainable development goal %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[number] for number in numbers]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(sdg.number) for sdg in value.all()) if value else ""


class UnitsWidget(widgets.ManyToManyWidget):
    """Organisation units as a list in one cell, each by its code or name."""

    def __init__(self, **kwargs):
        super().__init__(OrgUnit, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        return [UnitWidget().clean(item) for item in split_list(value)]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(unit.code for unit in value.all()) if value else ""


class YesNoWidget(widgets.Widget):
    """A yes-or-no cell: “kyllä”, “ja”, “yes”, “x” or 1 for yes; “ei”, “nej”, “no”, 0 or empty for no."""

    YES = {"1", "x", "true", "kyllä", "k", "ja", "j", "yes", "y"}
    NO = {"", "0", "false", "ei", "e", "nej", "n", "no"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no: write “kyllä” or “ei”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class DateTimeWidget(widgets.Widget):
    """A moment as 31.1.2026 17:00 or 2026-01-31 17:00 (or a date, meaning midnight).

    The moment is returned without a time zone: the resource knows the zone it is given in.
    """

    FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M", *DATE_FORMATS)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time())
        for moment_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), moment_format)
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date and time: write it as 31.1.2026 17:00.") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y-%m-%d %H:%M") if value else ""
