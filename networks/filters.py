import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.filters import YES_NO, RecordFilterSet, ReviewableFilterSet
from helsinki_intl.strategy.models import StrategyPeriod

from .choices import GeographicScope, MembershipStatus, NetworkKind
from .models import Membership, Network, Role
from .tables import MEMBERSHIPS, NETWORKS


class NetworkFilter(RecordFilterSet):
    search_fields = ("name", "acronym", "themes", "description")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NetworkKind.choices)
    scope = django_filters.ChoiceFilter(label=_("Geographic scope"), choices=GeographicScope.choices)
    designated_in = django_filters.ModelChoiceFilter(
        label=_("Priority network in"),
        queryset=StrategyPeriod.objects.all(),
        empty_label=_("All"),
        method="filter_designated_in",
    )
    sort = NETWORKS.ordering_filter()

    class Meta:
        model = Network
        fields = ["q", "kind", "scope", "owner_unit", "designated_in"]

    def filter_designated_in(self, queryset, name, value):
        return queryset.designated_in(value)


class MembershipFilter(ReviewableFilterSet):
    search_fields = ("network__name", "network__acronym", "benefits", "notes", "goals__title")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices)
    network_kind = django_filters.ChoiceFilter(
        label=_("Network kind"), field_name="network__kind", choices=NetworkKind.choices
    )
    has_role = django_filters.BooleanFilter(
        label=_("The city holds a role"), method="filter_has_role", widget=YES_NO
    )
    sort = MEMBERSHIPS.ordering_filter()

    class Meta:
        model = Membership
        fields = [
            "q",
            "status",
            "current",
            "owner_unit",
            "responsible",
            "priority",
            "sdg",
            "network_kind",
            "has_role",
            "review",
            "review_due_before",
            "missing",
        ]

    def filter_has_role(self, queryset, name, value):
        holding = Role.objects.held(timezone.localdate()).values("membership")
        return queryset.filter(pk__in=holding) if value else queryset.exclude(pk__in=holding)
