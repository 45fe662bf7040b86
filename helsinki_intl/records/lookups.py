"""A text input for a related record that grows with the data: units, people, partners, networks, calls.

A drop-down of them all would hold thousands of options on every form. The input is a text box
whose HTML datalist htmx fills with matching records as the person types; without JavaScript,
typing the record's name and saving works the same. The field finds exactly one record for the
text, or says that none or several answer to it.

Each register names its lookups (`networks.lookups`...); the ones every register needs, the owner
unit and the responsible person, are here.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from .models import unit_model

SUGGESTIONS = 20
"""The most options a datalist is given: enough to choose from, few enough to read through."""
NAMED_WHEN_SEVERAL = 5
"""How many of the records answering to an ambiguous text the error names."""
LABELLED = re.compile(r"(?P<name>.+?)\s*\((?P<code>[^()]+)\)")
"""A text as a lookup shows a record: "Name (code)"."""
BIGGEST_ID = 2**63 - 1
LONGEST_TEXT = 500
"""Longer than any "Name (code)" the lookups match; longer text names nothing (and SQLite
refuses a LIKE pattern of many thousand characters)."""


def as_id(text: str) -> int | None:
    """The text as a primary key, if it is one that a database integer can hold."""
    if text.isascii() and text.isdigit() and int(text) <= BIGGEST_ID:
        return int(text)
    return None


def contains_every_word(text: str, fields: tuple[str, ...]) -> Q:
    """Rows where every word of the text is in one of the fields, whatever the case."""
    condition = Q()
    for word in text.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


class Lookup:
    """What a lookup finds and how people name it.

    A subclass says which fields hold a record's name (`name_fields`) and its short code
    (`code_fields`), how the record is shown (`label`), what the endpoint suggests to a user
    (`suggestible`) and the messages in its own words.
    """

    model: type[models.Model]
    url_name: str
    route: str
    name_fields: tuple[str, ...] = ()
    code_fields: tuple[str, ...] = ()
    help_text = ""
    no_match = ""
    several = ""

    def label(self, record) -> str:
        return str(record)

    def searchable(self, queryset: models.QuerySet) -> models.QuerySet:
        """The queryset with what `exactly` and `containing` filter on (names made of parts)."""
        return queryset

    def suggestible(self, user) -> models.QuerySet:
        """What the endpoint may suggest to the user, in the order it shows them."""
        return self.model._default_manager.all()

    def containing(self, queryset: models.QuerySet, text: str) -> models.QuerySet:
        return queryset.filter(contains_every_word(text, self.name_fields + self.code_fields))

    def suggestions(self, user, text: str) -> list[str]:
        records = self.containing(self.searchable(self.suggestible(user)), text)
        return [self.label(record) for record in records[:SUGGESTIONS]]

    def exactly(self, text: str) -> Q:
        """Records whose name or code is the text, or that the text names as "Name (code)"."""
        condition = self._any_of(self.name_fields, text) | self._any_of(self.code_fields, text)
        labelled = LABELLED.fullmatch(text)
        if labelled and self.code_fields:
            condition |= self._any_of(self.name_fields, labelled["name"]) & self._any_of(
                self.code_fields, labelled["code"]
            )
        return condition

    @staticmethod
    def _any_of(fields: tuple[str, ...], text: str) -> Q:
        condition = Q(pk__in=[])
        for field in fields:
            condition |= Q(**{f"{field}__iexact": text})
        return condition

    def find(self, queryset: models.QuerySet, text: str):
        """The one record of the queryset the text names: by name, code, "Name (code)" or id."""
        # No name holds a NUL, and PostgreSQL refuses it in a query.
        if "\x00" in text or len(text) > LONGEST_TEXT:
            raise ValidationError(self.no_match, code="invalid_choice", params={"name": text})
        queryset = self.searchable(queryset)
        found = list(queryset.filter(self.exactly(text))[: NAMED_WHEN_SEVERAL + 1])
        if not found and (pk := as_id(text)) is not None:
            found = list(queryset.filter(pk=pk))
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(self.no_match, code="invalid_choice", params={"name": text})
        names = ", ".join(self.label(record) for record in found[:NAMED_WHEN_SEVERAL])
        if len(found) > NAMED_WHEN_SEVERAL:
            names += "…"
        raise ValidationError(self.several, code="ambiguous", params={"name": text, "names": names})

    @property
    def view_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.view_{opts.model_name}"

    def urlpattern(self):
        return path(self.route, LookupView.as_view(lookup=self), name=self.url_name)


class LookupInput(forms.TextInput):
    """A text box with a datalist of suggestions that htmx fills from the lookup's endpoint."""

    def __init__(self, lookup: Lookup, attrs=None):
        super().__init__(attrs)
        self.lookup = lookup

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or name}_options"
        widget_attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                # htmx sends the text as the input's own name; `field` tells the endpoint which.
                "data-hx-get": f"{reverse(self.lookup.url_name)}?{urlencode({'field': name})}",
                "data-hx-trigger": "input changed delay:300ms",
                "data-hx-target": "next datalist",
                "data-hx-sync": "this:replace",
            }
        )
        context["widget"]["list_id"] = list_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        return format_html('{}<datalist id="{}"></datalist>', html, context["widget"]["list_id"])


class LookupField(forms.ModelChoiceField):
    """One record of the queryset, typed as its name, its code, "Name (code)" or its id.

    `closed`, if given, holds the records that exist but that the person may not choose, and
    the message that says so, instead of "No ... is named".
    """

    closed: tuple[models.QuerySet, str] | None = None

    def __init__(self, lookup: Lookup, queryset, **kwargs):
        kwargs.setdefault("widget", LookupInput(lookup))
        own_help = kwargs.pop("help_text", "")
        kwargs["help_text"] = (
            format_lazy("{} {}", own_help, lookup.help_text) if own_help else lookup.help_text
        )
        super().__init__(queryset, **kwargs)
        self.lookup = lookup

    @classmethod
    def replacing(cls, field: forms.ModelChoiceField, lookup: Lookup) -> "LookupField":
        """A lookup for the records, label and required-ness of a form's drop-down."""
        return cls(
            lookup,
            field.queryset,
            required=field.required,
            label=field.label,
            initial=field.initial,
            help_text=field.help_text,
            disabled=field.disabled,
        )

    def to_python(self, value):
        if isinstance(value, self.queryset.model):
            return value
        text = " ".join(str(value or "").split())
        if text in self.empty_values:
            return None
        try:
            return self.lookup.find(self.queryset, text)
        except ValidationError as error:
            if error.code == "invalid_choice" and self.closed is not None:
                self._refuse_if_closed(text)
            raise

    def _refuse_if_closed(self, text: str) -> None:
        records, message = self.closed
        try:
            self.lookup.find(records, text)
        except ValidationError:
            return
        choices = ", ".join(self.lookup.label(record) for record in self.queryset[:NAMED_WHEN_SEVERAL])
        raise ValidationError(message, code="closed", params={"name": text, "choices": choices})

    def prepare_value(self, value):
        """The record as the person reads it; text typed into the box stays as typed."""
        if isinstance(value, self.queryset.model):
            return self.lookup.label(value)
        if isinstance(value, int) or (isinstance(value, str) and as_id(value) is not None):
            record = self.lookup.searchable(self.queryset.model._default_manager).filter(pk=value).first()
            return self.lookup.label(record) if record else value
        return value

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        text = " ".join(str(data or "").split())
        if initial in (None, ""):
            return bool(text)
        pk = initial.pk if isinstance(initial, models.Model) else initial
        return text not in (str(pk), str(self.prepare_value(initial)))


def use_lookups(form: forms.BaseForm, lookups: dict[str, Lookup]) -> None:
    """Turns the form's drop-downs of the named fields into lookups.

    A record already loaded with the form's instance is shown without asking the database again.
    """
    instance = getattr(form, "instance", None)
    for name, lookup in lookups.items():
        if name not in form.fields:
            continue
        form.fields[name] = LookupField.replacing(form.fields[name], lookup)
        if instance is not None and instance._meta.get_field(name).is_cached(instance):
            form.initial[name] = getattr(instance, name)


class LookupView(LoginRequiredMixin, View):
    """The datalist's options for the typed text: signed-in users who may read the records."""

    lookup: Lookup = None

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm(self.lookup.view_permission):
            raise PermissionDenied
        text = request.GET.get("q")
        if text is None:
            text = request.GET.get(request.GET.get("field", ""), "")
        text = " ".join(text.replace("\x00", "").split())[:200]
        options = self.lookup.suggestions(request.user, text) if text else []
        return render(request, "includes/lookup_options.html", {"options": options})


# The lookups every register uses ----------------------------------------------------------------


class UnitLookup(Lookup):
    url_name = "lookup-owner-units"
    route = "owner-units/"
    name_fields = ("name_fi", "name_sv", "name_en")
    code_fields = ("code", "abbreviation")
    help_text = _("The unit's name, code or abbreviation.")
    no_match = _("No unit is named “%(name)s”.")
    several = _("Several units are named “%(name)s”: %(names)s. Type a more exact name.")

    @property
    def model(self):
        return unit_model()

    def label(self, record) -> str:
        return f"{record.name} ({record.code})"

    def suggestible(self, user) -> models.QuerySet:
        return owner_units_open_to(user)

    def containing(self, queryset, text):
        language = (get_language() or "fi")[:2]
        return queryset.matching(text).order_by(f"name_{language}", "name_fi", "pk")


def owner_units_open_to(user) -> models.QuerySet:
    """The units a person may make a record's owner: their own; any active unit for international
    affairs."""
    if user.is_international_affairs:
        return unit_model().objects.filter(is_active=True)
    return unit_model().objects.filter(pk__in=user.unit_ids)


class PersonLookup(Lookup):
    url_name = "lookup-people"
    route = "people/"
    name_fields = ("full_name",)
    # Not the e-mail address: whether a lookup finds one would tell that the address exists.
    code_fields = ("username",)
    help_text = _("The person's name or user name.")
    no_match = _("No one is named “%(name)s”.")
    several = _("Several people are named “%(name)s”: %(names)s. Type a more exact name.")

    @property
    def model(self):
        return get_user_model()

    def label(self, record) -> str:
        full_name = record.get_full_name()
        return f"{full_name} ({record.username})" if full_name else record.username

    def searchable(self, queryset):
        return queryset.alias(
            full_name=Concat("first_name", Value(" "), "last_name", output_field=models.CharField())
        )

    def suggestible(self, user):
        return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


UNITS = UnitLookup()
PEOPLE = PersonLookup()


def lookup_urlpatterns(*lookups: Lookup) -> list:
    return [lookup.urlpattern() for lookup in (UNITS, PEOPLE, *lookups)]
