"""Cells read as the values people type: natural keys, Finnish dates and amounts, lists.

A widget that cannot read a cell raises ValueError with a message for the user;
django-import-export reports it against the cell's column.

The widgets that name related records (`LookupWidget`s) can be handed all of a column's cells
before the rows are read (`preload`): they then answer every cell from what one query found,
instead of a query a row.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.countries import country_choices
from helsinki_intl.strategy.models import SDG, Priority

LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


def address_of(cell) -> str:
    """The address in "Name <address>", or the whole cell when it has none."""
    text = str(cell or "").strip()
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text


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
        self._by_text = None
        super().__init__(**kwargs)

    def values_by_text(self) -> dict[str, str]:
        """{lower-cased value or label: value}, the first choice winning, read once for all rows."""
        if self._by_text is None:
            by_text = {}
            for choice_value, label in self.choices:
                by_text.setdefault(str(choice_value).lower(), choice_value)
                for language in ("fi", "sv", "en"):
                    with translation.override(language):
                        by_text.setdefault(str(label).lower(), choice_value)
            self._by_text = by_text
        return self._by_text

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.lower() in self.values_by_text():
            return self.values_by_text()[text.lower()]
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(str(label) for _value, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class CountryWidget(widgets.Widget):
    """A country by its ISO 3166-1 code or its name in any of the portal's languages, as a list
    export names it ("Sweden", "Ruotsi")."""

    def __init__(self, **kwargs):
        self._by_name = None
        super().__init__(**kwargs)

    def codes_by_name(self) -> dict[str, str]:
        if self._by_name is None:
            self._by_name = {}
            for language in ("fi", "sv", "en"):
                with translation.override(language):
                    for code, name in country_choices():
                        self._by_name.setdefault(name.lower(), code)
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text or len(text) == 2:
            return text.upper()  # a code: the field refuses one that is no country's
        if text.lower() not in self.codes_by_name():
            raise ValueError(
                _("There is no country “%(value)s”: give its name or its two-letter code, e.g. FI or BE.")
                % {"value": text}
            )
        return self.codes_by_name()[text.lower()]

    def render(self, value, obj=None, **kwargs):
        return value or ""


class LookupWidget:
    """A widget that finds records by a typed name, from a table loaded once per import.

    `load(texts)` returns {lower-cased text: [records it names]} for the given lower-cased
    texts; without a preload, each cell is looked up on its own.
    """

    def preload(self, cells) -> None:
        texts = {text.lower() for cell in cells for text in self.texts_of(cell)}
        self._found = self.load(texts)

    def forget(self) -> None:
        self._found = None

    def texts_of(self, cell) -> list[str]:
        text = str(cell or "").strip()
        return [text] if text else []

    def load(self, texts: set[str]) -> dict[str, list]:
        raise NotImplementedError

    def records_named(self, text: str) -> list:
        found = getattr(self, "_found", None)
        if found is None:
            found = self.load({text.lower()})
        return found.get(text.lower(), [])


def by_lower_text(records, *names: str) -> dict[str, list]:
    """{lower-cased value of any of the fields `names`: [records with it]}, in the records' order."""
    table: dict[str, list] = {}
    for record in records:
        for name in names:
            value = str(getattr(record, name) or "").lower()
            if value and record not in table.setdefault(value, []):
                table[value].append(record)
    return table


def matching_lower(queryset, names: tuple[str, ...], texts: set[str]):
    """The records whose field in `names` equals one of the lower-cased `texts`, case aside."""
    condition = Q()
    for name in names:
        condition |= Q(**{f"_lower_{name}__in": texts})
    return queryset.annotate(**{f"_lower_{name}": Lower(name) for name in names}).filter(condition)


class UnitWidget(LookupWidget, widgets.ForeignKeyWidget):
    """An organisation unit by its code or its name in Finnish, Swedish or English."""

    NAMES = ("code", "name_fi", "name_sv", "name_en")

    def __init__(self, **kwargs):
        super().__init__(OrgUnit, field="code", **kwargs)

    def load(self, texts):
        # The units are few: all of them are read, the first by primary key winning a tie.
        return by_lower_text(OrgUnit.objects.order_by("pk"), *self.NAMES)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        units = self.records_named(text)
        if not units:
            raise ValueError(_("There is no organisation unit “%(value)s”.") % {"value": text})
        return units[0]


class PersonWidget(LookupWidget, widgets.ForeignKeyWidget):
    """A member of staff by user name or e-mail address, alone or after the person's name as a
    list export writes it: "Elina Laaksonen <elina.laaksonen@hel.fi>"."""

    NAMES = ("username", "email")

    def __init__(self, **kwargs):
        super().__init__(get_user_model(), field="username", **kwargs)

    def texts_of(self, cell) -> list[str]:
        text = address_of(cell)
        return [text] if text else []

    def records_named(self, text: str) -> list:
        return super().records_named(address_of(text))

    def load(self, texts):
        people = matching_lower(get_user_model().objects.order_by("pk"), self.NAMES, texts)
        return by_lower_text(people, *self.NAMES)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        people = self.records_named(text)
        if len(people) != 1:
            raise ValueError(
                _("There is no single person with the user name or e-mail “%(value)s”.") % {"value": text}
            )
        return people[0]


class NamedForeignKeyWidget(LookupWidget, widgets.ForeignKeyWidget):
    """A related record by a unique name field, e.g. a network by its name."""

    def __init__(self, model, field: str, message: str, **kwargs):
        self.message = message
        super().__init__(model, field=field, **kwargs)

    def load(self, texts):
        return by_lower_text(matching_lower(self.model.objects.all(), (self.field,), texts), self.field)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        records = self.records_named(text)
        if len(records) != 1:
            raise ValueError(self.message % {"value": text})
        return records[0]


class PrioritiesWidget(LookupWidget, widgets.ManyToManyWidget):
    """Priorities as a list in one cell, each by its code or its name in any language."""

    NAMES = ("code", "name_fi", "name_sv", "name_en")

    def __init__(self, **kwargs):
        super().__init__(Priority, field="code", **kwargs)

    def texts_of(self, cell) -> list[str]:
        return split_list(cell)

    def load(self, texts):
        # The newest period's priority wins when two periods use the same name.
        return by_lower_text(Priority.objects.order_by("-period__starts_on", "pk"), *self.NAMES)

    def clean(self, value, row=None, **kwargs):
        found = []
        for item in split_list(value):
            priorities = self.records_named(item)
            if not priorities:
                raise ValueError(_("There is no priority “%(value)s”.") % {"value": item})
            found.append(priorities[0])
        return found

    def render(self, value, obj=None, **kwargs):
        return "; ".join(priority.code for priority in value.all()) if value else ""


class SDGsWidget(LookupWidget, widgets.ManyToManyWidget):
    """Sustainable development goals as a list of their numbers in one cell: “3; 11; 13”."""

    def __init__(self, **kwargs):
        super().__init__(SDG, field="number", **kwargs)

    def load(self, texts):
        # Seventeen goals: all of them are read.
        return {str(sdg.number): [sdg] for sdg in SDG.objects.all()}

    def clean(self, value, row=None, **kwargs):
        numbers = []
        for item in split_list(value):
            # "16. Peace, justice and strong institutions" as a list export names it, or "3, 11".
            parts = [item.split(".")[0]] if "." in item else item.split(",")
            if not all(part.strip().isdigit() for part in parts):
                raise ValueError(
                    _("“%(value)s” is not the number of a sustainable development goal.") % {"value": item}
                )
            numbers += [int(part) for part in parts]
        found = {number: self.records_named(str(number)) for number in numbers}
        missing = [str(number) for number in numbers if not found[number]]
        if missing:
            raise ValueError(
                _("There is no sustainable development goal %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[number][0] for number in numbers]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(sdg.number) for sdg in value.all()) if value else ""


class UnitsWidget(LookupWidget, widgets.ManyToManyWidget):
    """Organisation units as a list in one cell, each by its code or name."""

    def __init__(self, **kwargs):
        super().__init__(OrgUnit, field="code", **kwargs)

    def texts_of(self, cell) -> list[str]:
        return split_list(cell)

    def load(self, texts):
        return by_lower_text(OrgUnit.objects.order_by("pk"), *UnitWidget.NAMES)

    def clean(self, value, row=None, **kwargs):
        units = []
        for item in split_list(value):
            found = self.records_named(item)
            if not found:
                raise ValueError(_("There is no organisation unit “%(value)s”.") % {"value": item})
            units.append(found[0])
        return units

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
