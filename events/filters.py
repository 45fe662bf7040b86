import django_filters
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.filters import (
    UNIT_SEARCH_HELP,
    YES_NO,
    CityDateFilter,
    OwnerUnitFilter,
    PortfolioFilterSet,
)
from helsinki_intl.records.forms import DateInput

from .choices import BidStatus, EventKind
from .models import EventBid
from .tables import BIDS


class EventBidFilter(PortfolioFilterSet):
    search_fields = ("name", "venue", "city", "local_partner", "host_conference")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=BidStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    owner_unit = OwnerUnitFilter(label=_("Host unit"), help_text=UNIT_SEARCH_HELP)
    starts_after = CityDateFilter(
        label=_("Starts on or after"), field_name="starts_on", lookup_expr="gte", widget=DateInput()
    )
    starts_before = CityDateFilter(
        label=_("Starts on or before"), field_name="starts_on", lookup_expr="lte", widget=DateInput()
    )
    decision_pending = django_filters.BooleanFilter(
        label=_("Waiting for decision"),
        method="pending",
        widget=YES_NO,
    )
    sort = BIDS.ordering_filter()

    class Meta:
        model = EventBid
        fields = [
            "q",
            "status",
            "current",
            "kind",
            "owner_unit",
            "responsible",
            "priority",
            "sdg",
            "starts_after",
            "starts_before",
            "decision_pending",
        ]

    def pending(self, queryset, name, value):
        waiting = EventBid.objects.waiting_for_decision().values("pk")
        return queryset.filter(pk__in=waiting) if value else queryset.exclude(pk__in=waiting)
