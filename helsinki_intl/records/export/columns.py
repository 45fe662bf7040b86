"""The columns of a list's export, declared by each register in its `resources.py`.

A register declares one `ListExportResource` per list, with `@list_exports.register("name")`.
The columns are django-import-export fields, so headers and values come from the same
machinery as the admin's import and export, but the list exports are separate resources from
the registers' import resources: an import file speaks in keys that find rows again (unit
codes, usernames, stored choice values), while a list export is read by people: translated
headers, names in the active language, status labels, money and dates as numbers and dates.

`Resource.export()` would build the whole file in memory as a tablib Dataset; an export instead
takes the resource's headers and `export_field()` of each row while it walks the list's
queryset in chunks (`ListExport.rows()`), so that a long list is written in flat memory.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

CENT = Decimal("0.01")
CHUNK_SIZE = 2000
"""Rows fetched from the database at a time (and one query per prefetched relation per chunk)."""


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(_("Yes") if value else _("No"))


class NamesWidget(widgets.Widget):
    """Related records as "a; b; c" in one cell, read from the prefetched rows."""

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(related) for related in value.all()) if value is not None else ""


class PersonWidget(widgets.Widget):
    """A person as "Elina Laaksonen <elina.laaksonen@hel.fi>": the name people read, and the
    e-mail address (or, without one, the user name) by which the import finds the person again."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        address = value.email or value.get_username()
        return f"{value.get_full_name() or value.get_username()} <{address}>"


class MoneyWidget(widgets.Widget):
    """Euros with cents, as a Decimal whatever the database computed a sum as."""

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(value).quantize(CENT)


def label(model: type[models.Model], field_name: str):
    """The column header a model field's name gives, as forms and detail pages show it."""
    return capfirst(model._meta.get_field(field_name).verbose_name)


def text(attribute: str, header) -> fields.Field:
    """Text, or a value shown as text: a choice's label ("get_status_display"), a name."""
    return fields.Field(attribute=attribute, column_name=header, widget=widgets.Widget())


def money(attribute: str, header) -> fields.Field:
    """Euros, written as a plain number (in Excel with two decimals)."""
    return fields.Field(attribute=attribute, column_name=header, widget=MoneyWidget())


def number(attribute: str, header) -> fields.Field:
    """A whole number."""
    return fields.Field(
        attribute=attribute, column_name=header, widget=widgets.NumberWidget(coerce_to_string=False)
    )


def date(attribute: str, header) -> fields.Field:
    """A date, or a date and time as the wall clock of the time zone the attribute gives it in."""
    return fields.Field(
        attribute=attribute, column_name=header, widget=widgets.DateWidget(coerce_to_string=False)
    )


def yes_no(attribute: str, header) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=YesNoWidget())


def names(attribute: str, header) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=NamesWidget())


def person(attribute: str, header) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=PersonWidget())


class TableColumns(type(resources.Resource)):
    """Takes the export's columns from the list's table (`records.tables.Table`), when it has one,
    ahead of the columns the class declares itself."""

    def __new__(mcs, name, bases, attrs):
        table = attrs.get("table")
        if table is not None:
            attrs = {**table.export_fields(), **attrs}
        return super().__new__(mcs, name, bases, attrs)


class ListExportResource(resources.Resource, metaclass=TableColumns):
    """The columns of one list's export, and what to fetch with its rows.

    `Meta.model` names the list's model; `table` the list's table, whose columns the export
    takes. Columns that name persons are listed in `personal_data_fields`: only those allowed to
    export personal data get them.
    """

    table = None

    personal_data_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @classmethod
    def list_model(cls) -> type[models.Model]:
        return cls._meta.model

    def get_queryset(self) -> models.QuerySet:
        """The whole list, as its page lists it before any filter."""
        manager = self.list_model().objects
        return manager.for_list() if hasattr(manager, "for_list") else manager.all()

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        """The queryset with what the columns read, fetched in a constant number of queries."""
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def sql_cell(self, field_name: str):
        """The column's value as a database expression, for a column the SQL export cannot
        read from the field's attribute (a method's result); None: read from the attribute."""
        return None

    def columns(self, *, personal_data: bool) -> list[fields.Field]:
        return [
            field
            for field in self.get_export_fields()
            if personal_data or self.get_field_name(field) not in self.personal_data_fields
        ]


@dataclass
class ListExport:
    """The rows of one list, with the columns the user may have."""

    name: str
    resource: ListExportResource
    queryset: models.QuerySet
    personal_data: bool

    @property
    def columns(self) -> list[fields.Field]:
        return self.resource.columns(personal_data=self.personal_data)

    @property
    def omits_personal_data(self) -> bool:
        return bool(self.resource.personal_data_fields) and not self.personal_data

    def headers(self) -> list[str]:
        return [str(field.column_name) for field in self.columns]

    def rows(self):
        columns = self.columns
        for record in self.resource.prepare(self.queryset).iterator(chunk_size=CHUNK_SIZE):
            yield [self.resource.export_field(field, record) for field in columns]


class ListExportRegistry:
    """The list exports of every register, by name ("memberships") and by model.

    The registers' `resources.py` modules are imported the first time the registry is asked,
    so that the management command finds them without the admin loading them.
    """

    def __init__(self) -> None:
        self._resources: dict[str, type[ListExportResource]] = {}
        self._discovered = False

    def register(self, name: str):
        def register_resource(resource_class: type[ListExportResource]) -> type[ListExportResource]:
            self._resources[name] = resource_class
            return resource_class

        return register_resource

    def _all(self) -> dict[str, type[ListExportResource]]:
        if not self._discovered:
            autodiscover_modules("resources")
            self._discovered = True
        return self._resources

    def names(self) -> list[str]:
        return sorted(self._all())

    def get(self, name: str) -> type[ListExportResource]:
        """The export named `name`; LookupError if no register declares it."""
        try:
            return self._all()[name]
        except KeyError:
            raise LookupError(name) from None

    def name_for_model(self, model: type[models.Model]) -> str | None:
        return next((name for name, resource in self._all().items() if resource.list_model() is model), None)

    def export(
        self, name: str, queryset: models.QuerySet | None = None, *, personal_data: bool
    ) -> ListExport:
        """The export named `name` of `queryset` (filtered and sorted), or of the whole list."""
        resource = self.get(name)()
        return ListExport(
            name, resource, resource.get_queryset() if queryset is None else queryset, personal_data
        )


list_exports = ListExportRegistry()
