"""The city-wide calendar's month: its weeks, and the activities on at least one day of each."""

import calendar
import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records import ranges
from helsinki_intl.records.filters import UNIT_SEARCH_HELP, OwnerUnitFilter
from helsinki_intl.records.models import unit_model

from .choices import ActivityKind
from .filters import CountryFilter
from .models import Activity

MONTH = re.compile(r"(\d{4})-(\d{2})")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as the browser's month input writes it, "2026-12", in the years the portal holds."""

    widget = MonthInput

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "min": f"{ranges.FIRST_YEAR}-01",
            "max": f"{ranges.LAST_YEAR}-12",
        }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.fullmatch(value)
        year, month = (int(part) for part in match.groups()) if match else (0, 0)
        if not (ranges.FIRST_YEAR <= year <= ranges.LAST_YEAR and 1 <= month <= 12):
            raise ValidationError(
                _("Give the month as year and month, e.g. 2026-12, in the years %(first)s–%(last)s.")
                % {"first": ranges.FIRST_YEAR, "last": ranges.LAST_YEAR},
                code="invalid_month",
            )
        return datetime.date(year, month, 1)


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class UnitTakingPartFilter(OwnerUnitFilter):
    """A unit, by code, abbreviation or part of the name: activities it owns or takes part in."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        units = unit_model().objects.matching(value)
        taking_part = Activity.objects.filter(participating_units__in=units).values("pk")
        return qs.filter(Q(owner_unit__in=units) | Q(pk__in=taking_part))


class CalendarFilter(django_filters.FilterSet):
    month = MonthFilter(label=_("Month"), method="in_month")
    unit = UnitTakingPartFilter(label=_("Unit"), help_text=UNIT_SEARCH_HELP)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    country = CountryFilter(label=_("Country"))

    class Meta:
        model = Activity
        fields = ["month", "unit", "kind", "country"]

    def in_month(self, queryset, name, value):
        # The month chosen is the page's, which `weeks_of` reads; the view filters by its days.
        return queryset


@dataclass(frozen=True)
class Week:
    number: int
    first: datetime.date
    last: datetime.date
    activities: list


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(month: datetime.date) -> datetime.date | None:
    before = month - datetime.timedelta(days=1)
    return month_of(before) if ranges.date_in_range(before) else None


def next_month(month: datetime.date) -> datetime.date | None:
    after = last_day(month) + datetime.timedelta(days=1)
    return after if ranges.date_in_range(after) else None


def weeks_of(month: datetime.date, activities: list[Activity]) -> list[Week]:
    """The month's weeks (Monday to Sunday, the first and last cut to the month), each with the
    activities on at least one of its days, in the order given."""
    weeks, first, end = [], month, last_day(month)
    while first <= end:
        last = min(first + datetime.timedelta(days=6 - first.weekday()), end)
        on = [activity for activity in activities if activity.starts_on <= last and activity.ends_on >= first]
        weeks.append(Week(first.isocalendar().week, first, last, on))
        first = last + datetime.timedelta(days=1)
    return weeks
