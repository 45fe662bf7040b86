from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordStepView,
    RecordUpdateView,
)

from .filters import EventBidFilter
from .forms import EventBidForm
from .models import EventBid


class EventBidViewMixin:
    model = EventBid


class EventBidListView(EventBidViewMixin, RecordListView):
    filterset_class = EventBidFilter


class EventBidDetailView(EventBidViewMixin, RecordDetailView):
    def get_queryset(self):
        return EventBid.objects.select_related("owner_unit", "responsible_person").prefetch_related(
            "priorities", "sdgs"
        )


class EventBidCreateView(EventBidViewMixin, RecordCreateView):
    form_class = EventBidForm


class EventBidUpdateView(EventBidViewMixin, RecordUpdateView):
    form_class = EventBidForm


class EventBidDeleteView(EventBidViewMixin, RecordDeleteView):
    pass


class EventBidHistoryView(EventBidViewMixin, RecordHistoryView):
    pass


class EventBidStepView(EventBidViewMixin, RecordStepView):
    def get_queryset(self):
        return EventBid.objects.select_related("owner_unit")
