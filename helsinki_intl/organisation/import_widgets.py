"""Organisation units in an import's cells: one unit, or a list of them, by code or name."""

from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.records.imports.widgets import LookupWidget, by_lower_text, first_value, split_list

from .models import OrgUnit


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

    def describe(self) -> tuple[str, str]:
        return _("An organisation unit's code or name."), first_value(OrgUnit.objects.order_by("pk"), "code")


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

    def describe(self) -> tuple[str, str]:
        codes = list(OrgUnit.objects.order_by("pk").values_list("code", flat=True)[:2])
        return _("Organisation units' codes or names, separated by semicolons."), "; ".join(codes)
