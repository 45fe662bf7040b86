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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.records.countries import country_choices, country_name

LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")
YES_IN = {"fi": "kyllä", "sv": "ja", "en": "yes"}
"""How each language writes yes, for the example of a yes-or-no column."""


def address_of(cell) -> str:
    """The address in "Name <address>", or the whole cell when it has none."""
    text = str(cell or "").strip()
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text


def first_value(queryset, field: str, default: str = "") -> str:
    """The field's value in the queryset's first row, as text: an example for the import's guide."""
    value = queryset.values_list(field, flat=True).first()
    return str(value) if value is not None else default


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

    def describe(self) -> tuple[str, str]:
        """(what a cell of the column takes, an example), for the import's guide."""
        return _("A date: 31.1.2027 or 2027-01-31."), "31.1.2027"


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

    def describe(self) -> tuple[str, str]:
        return _("An amount in euros: 1500.00 or 1 500,00."), "1500.00"


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

    def describe(self) -> tuple[str, str]:
        labels = [str(label) for _value, label in self.choices]
        quoted = ", ".join(f"“{label}”" for label in labels)
        accepts = _("One of: %(choices)s (also in Finnish, Swedish or English).") % {"choices": quoted}
        return accepts, labels[0] if labels else ""


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

    def describe(self) -> tuple[str, str]:
        return _("A country's name or its two-letter code, e.g. SE."), country_name("SE")


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

    def describe(self) -> tuple[str, str]:
        accepts = _(
            "A member of staff's user name or e-mail address, alone or after the name: Name <address>."
        )
        return accepts, "Elina Laaksonen <elina.laaksonen@hel.fi>"


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

    def describe(self) -> tuple[str, str]:
        records = capfirst(self.model._meta.verbose_name_plural)
        accepts = _("A name already in the portal (%(records)s).") % {"records": records}
        return accepts, first_value(self.model.objects.order_by("pk"), self.field)


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

    def describe(self) -> tuple[str, str]:
        accepts = _("Yes or no: kyllä, ja or yes; ei, nej or no.")
        return accepts, YES_IN.get((translation.get_language() or "fi")[:2], "yes")


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

    def describe(self) -> tuple[str, str]:
        return _("A date and time: 31.1.2027 17:00 or 2027-01-31 17:00."), "31.1.2027 17:00"
