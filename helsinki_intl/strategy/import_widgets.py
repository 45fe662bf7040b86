"""The strategy's priorities and the sustainable development goals in an import's cells."""

from django.utils.translation import gettext as _
from import_export import widgets

from helsinki_intl.records.imports.widgets import LookupWidget, by_lower_text, first_value, split_list

from .models import SDG, Priority


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

    def describe(self) -> tuple[str, str]:
        example = first_value(Priority.objects.order_by("-period__starts_on", "pk"), "code")
        return _("Priorities' codes or names, separated by semicolons."), example


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
            if not all(part.strip().isascii() and part.strip().isdigit() for part in parts):
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

    def describe(self) -> tuple[str, str]:
        return _("Numbers of sustainable development goals, separated by semicolons."), "11; 13"
