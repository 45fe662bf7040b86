import datetime

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helsinki_intl.records.filters import (
    UNIT_SEARCH_HELP,
    YES_NO,
    CityDateFilter,
    NameContainsFilter,
    OwnerUnitFilter,
    PortfolioFilterSet,
    RecordFilterSet,
    SearchTextFilter,
)
from helsinki_intl.records.forms import DateInput
from helsinki_intl.records.ranges import FIRST_YEAR, LAST_YEAR
from helsinki_intl.strategy.models import AdvocacyTopic

from .choices import ApplicationRole, ApplicationStatus, CallState, CoFinancingDecision
from .models import Application, Call, CoFinancingAppropriation, Programme
from .tables import APPLICATIONS, APPROPRIATIONS, CALLS, PROGRAMMES

DEADLINE_WINDOWS = (7, 30, 60, 90)
"""The choices of days ahead in the call list's deadline filter."""


def deadline_window_choices() -> list[tuple[str, str]]:
    return [
        (str(days), ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
        for days in DEADLINE_WINDOWS
    ]


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in Helsinki time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


class SortFilter(django_filters.OrderingFilter):
    """Sorts with empty values last in either direction, ties broken by the model's own order."""

    def get_ordering_value(self, param):
        expression = F(self.param_map[param.lstrip("-")])
        if param.startswith("-"):
            return expression.desc(nulls_last=True)
        return expression.asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], *qs.model._meta.ordering)


class SearchFilterSet(django_filters.FilterSet):
    """Free-text search for reference data, which has no owner unit."""

    search_fields: tuple[str, ...] = ()

    q = SearchTextFilter(label=_("Search"), method="search")

    search = RecordFilterSet.search


class ProgrammeFilter(SearchFilterSet):
    search_fields = ("name", "short_name", "description")

    is_active = django_filters.BooleanFilter(label=_("Active"))
    sort = PROGRAMMES.ordering_filter(SortFilter)

    class Meta:
        model = Programme
        fields = ["q", "is_active"]


class CallFilter(RecordFilterSet):
    search_fields = ("identifier", "title", "programme__name", "programme__short_name")

    programme = NameContainsFilter(label=_("Programme"), fields=("programme__name", "programme__short_name"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=CallState.choices, method="in_state")
    deadline_before = CityDateFilter(label=_("Deadline by"), method="deadline_by", widget=DateInput())
    deadline_within = django_filters.ChoiceFilter(
        label=_("Deadline within"),
        choices=deadline_window_choices,
        empty_label=_("Any time"),
        method="filter_deadline_within",
    )
    sort = CALLS.ordering_filter(SortFilter)

    class Meta:
        model = Call
        fields = ["q", "programme", "state", "deadline_before", "deadline_within", "owner_unit"]

    def in_state(self, queryset, name, value):
        return queryset.in_state(value)

    def filter_deadline_within(self, queryset, name, value):
        return queryset.deadline_within(int(value))

    def deadline_by(self, queryset, name, value):
        return queryset.filter(deadline__lt=end_of_day(value))


class ApplicationFilter(PortfolioFilterSet):
    search_fields = (
        "project_name",
        "acronym",
        "call__identifier",
        "named_programme",
        "partner_organisations",
    )

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ApplicationStatus.choices)
    role = django_filters.ChoiceFilter(label=_("The city's role"), choices=ApplicationRole.choices)
    cofinancing_decision = django_filters.ChoiceFilter(
        label=_("Co-financing"), choices=CoFinancingDecision.choices
    )
    programme = NameContainsFilter(
        label=_("Programme"),
        fields=("call__programme__name", "call__programme__short_name", "named_programme"),
    )
    unlisted_programme = django_filters.BooleanFilter(
        label=_("Programme not in the register"), method="filter_unlisted_programme", widget=YES_NO
    )
    owner_unit = OwnerUnitFilter(label=_("Lead unit"), help_text=UNIT_SEARCH_HELP)
    advocacy_topic = django_filters.ModelChoiceFilter(
        label=_("EU advocacy topic"),
        field_name="advocacy_topics",
        queryset=AdvocacyTopic.objects.all(),
        empty_label=_("All"),
    )
    deadline_before = CityDateFilter(label=_("Call deadline by"), method="deadline_by", widget=DateInput())
    sort = APPLICATIONS.ordering_filter(SortFilter)

    class Meta:
        model = Application
        fields = [
            "q",
            "status",
            "current",
            "role",
            "cofinancing_decision",
            "programme",
            "unlisted_programme",
            "owner_unit",
            "responsible",
            "priority",
            "sdg",
            "advocacy_topic",
            "deadline_before",
        ]

    def deadline_by(self, queryset, name, value):
        return queryset.filter(call__deadline__lt=end_of_day(value))

    def filter_unlisted_programme(self, queryset, name, value):
        unlisted = Application.objects.naming_unlisted_programme().values("pk")
        return queryset.filter(pk__in=unlisted) if value else queryset.exclude(pk__in=unlisted)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CoFinancingAppropriationFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    sort = APPROPRIATIONS.ordering_filter(SortFilter)

    class Meta:
        model = CoFinancingAppropriation
        fields = ["year"]
