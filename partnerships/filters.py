import django_filters
from django.db.models import Case, CharField, Value, When
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.data_version import kept_until_changed
from helsinki_intl.records.filters import RecordFilterSet, ReviewableFilterSet, StableOrderingFilter

from .choices import Cooperation, PartnerKind, PartnershipStatus, PartnershipType, Region
from .models import Partner, Partnership
from .tables import PARTNERS, PARTNERSHIPS


def _country_codes_in_use() -> frozenset[str]:
    """The partners' countries; kept until the registers' data changes, as finding them reads
    every partner, and the country filter and sort ask on every page of the list."""

    def read() -> frozenset[str]:
        codes = Partner.objects.exclude(country="").order_by().values_list("country", flat=True)
        return frozenset(codes.distinct())

    return kept_until_changed("partner-countries", read)


def _countries_in_use() -> list[tuple[str, str]]:
    return country_choices(_country_codes_in_use())


def _labels(field: str, choices) -> Case:
    """The value's label, to sort by what the list shows rather than by the stored code."""
    whens = [When(**{field: value}, then=Value(str(label))) for value, label in choices]
    return Case(*whens, default=Value(""), output_field=CharField())


class PartnerOrderingFilter(StableOrderingFilter):
    """Countries and regions sort by their names in the active language."""

    def filter(self, qs, value):
        if value and any(param.lstrip("-") in ("country", "region") for param in value):
            qs = qs.annotate(
                country_label=_labels("country", _countries_in_use()),
                region_label=_labels("region", Region.choices),
            )
        return super().filter(qs, value)


class PartnerFilter(RecordFilterSet):
    search_fields = ("name", "website")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_countries_in_use)
    sort = PARTNERS.ordering_filter(PartnerOrderingFilter)

    class Meta:
        model = Partner
        fields = ["q", "kind", "region", "country", "owner_unit"]


class PartnershipFilter(ReviewableFilterSet):
    search_fields = ("partner__name", "themes", "description", "goals__title")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=PartnershipStatus.choices)
    type = django_filters.ChoiceFilter(label=_("Type"), choices=PartnershipType.choices)
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="partner__region", choices=Region.choices
    )
    cooperation = django_filters.ChoiceFilter(
        label=_("Form of cooperation"), choices=Cooperation.choices, method="with_cooperation"
    )
    sort = PARTNERSHIPS.ordering_filter()

    class Meta:
        model = Partnership
        fields = [
            "q",
            "status",
            "current",
            "type",
            "owner_unit",
            "responsible",
            "priority",
            "sdg",
            "region",
            "cooperation",
            "review",
            "review_due_before",
            "missing",
        ]

    def with_cooperation(self, queryset, name, value):
        return queryset.with_cooperation(value)
