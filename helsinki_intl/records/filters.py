import django_filters
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import SDG, Priority

from .forms import DateInput


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends with the primary key, so that equal values page in a stable order.

    A translated name (`..._name_fi`) sorts by its name in the active language.
    """

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.endswith("name_fi"):
            language = (get_language() or "fi")[:2]
            value = f"{value.removesuffix('name_fi')}name_{language}"
        return value

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if value and not any(field.lstrip("-") in ("pk", "id") for field in ordered.query.order_by):
            ordered = ordered.order_by(*ordered.query.order_by, "pk")
        return ordered


class RecordFilterSet(django_filters.FilterSet):
    """Free-text search and owner unit, shared by every register's list.

    Subclasses name `search_fields`; a search for several words finds records that
    match every word somewhere in those fields.
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("Search"), method="search")
    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Owner unit"), queryset=OrgUnit.objects.all(), empty_label=_("All")
    )

    def search(self, queryset, name, value):
        matching = queryset.model.objects.all()
        for term in value.split():
            term_query = Q()
            for field in self.search_fields:
                term_query |= Q(**{f"{field}__icontains": term})
            matching = matching.filter(term_query)
        # A subquery keeps rows unique when a search field crosses a to-many relation.
        return queryset.filter(pk__in=matching.values("pk"))


class PortfolioFilterSet(RecordFilterSet):
    priority = django_filters.ModelChoiceFilter(
        label=_("Priority"), field_name="priorities", queryset=Priority.objects.all(), empty_label=_("All")
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("Sustainable development goal"),
        field_name="sdgs",
        queryset=SDG.objects.all(),
        empty_label=_("All"),
    )


class ReviewableFilterSet(PortfolioFilterSet):
    review_due_before = django_filters.DateFilter(
        label=_("Review due by"),
        method="review_due",
        widget=DateInput(),
    )

    def review_due(self, queryset, name, value):
        return queryset.review_due(before=value)
