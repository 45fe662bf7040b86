import django_filters
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.filters import (
    UNIT_SEARCH_HELP,
    YES_NO,
    CityDateFilter,
    OwnerUnitFilter,
    PortfolioFilterSet,
)
from helsinki_intl.records.forms import DateInput

from .choices import ActivityKind, ActivityStatus, TargetGroup
from .models import Activity
from .tables import ACTIVITIES


class CountryFilter(django_filters.ChoiceFilter):
    """A country, named in the reader's language (the choices are built for each request)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=country_choices, **kwargs)


class ActivityFilter(PortfolioFilterSet):
    search_fields = ("title", "city", "target_markets", "description")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActivityStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    country = CountryFilter(label=_("Country"))
    owner_unit = OwnerUnitFilter(label=_("Owner unit"), help_text=UNIT_SEARCH_HELP)
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"), choices=TargetGroup.choices, method="filter_target_group"
    )
    leadership = django_filters.BooleanFilter(
        label=_("Mayor or deputy mayor takes part"), method="filter_leadership", widget=YES_NO
    )
    report_missing = django_filters.BooleanFilter(
        label=_("Report to be written"), method="filter_report_missing", widget=YES_NO
    )
    ends_after = CityDateFilter(
        label=_("Ends on or after"), field_name="ends_on", lookup_expr="gte", widget=DateInput()
    )
    starts_before = CityDateFilter(
        label=_("Starts on or before"), field_name="starts_on", lookup_expr="lte", widget=DateInput()
    )
    sort = ACTIVITIES.ordering_filter()

    class Meta:
        model = Activity
        fields = [
            "q",
            "status",
            "current",
            "kind",
            "country",
            "owner_unit",
            "responsible",
            "target_group",
            "leadership",
            "priority",
            "sdg",
            "ends_after",
            "starts_before",
            "report_missing",
        ]

    def filter_target_group(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def filter_leadership(self, queryset, name, value):
        leads = queryset.exclude(city_leadership=Activity.Leadership.NONE)
        return leads if value else queryset.filter(city_leadership=Activity.Leadership.NONE)

    def filter_report_missing(self, queryset, name, value):
        missing = Activity.objects.report_missing().values("pk")
        return queryset.filter(pk__in=missing) if value else queryset.exclude(pk__in=missing)
