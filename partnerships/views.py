"""Portal views of the partnership register: partners, partnerships and their contact logs."""

from django.db.models import Prefetch

from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordUpdateView,
)

from .filters import PartnerFilter, PartnershipFilter
from .forms import PartnerForm, PartnershipForm, PartnershipGoalFormSet
from .models import REVIEWS, Partner, Partnership


class PartnerViewMixin:
    model = Partner


class PartnerListView(PartnerViewMixin, RecordListView):
    filterset_class = PartnerFilter


class PartnerDetailView(PartnerViewMixin, RecordDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add_partnership"] = self.request.user.has_perm("partnerships.add_partnership")
        return context

    def get_queryset(self):
        return Partner.objects.select_related("owner_unit").prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.for_list())
        )


class PartnerCreateView(PartnerViewMixin, RecordCreateView):
    form_class = PartnerForm


class PartnerUpdateView(PartnerViewMixin, RecordUpdateView):
    form_class = PartnerForm


class PartnerDeleteView(PartnerViewMixin, RecordDeleteView):
    pass


class PartnerHistoryView(PartnerViewMixin, RecordHistoryView):
    pass


class PartnershipViewMixin:
    model = Partnership


class PartnershipListView(PartnershipViewMixin, RecordListView):
    filterset_class = PartnershipFilter


class PartnershipDetailView(PartnershipViewMixin, RecordDetailView):
    def get_queryset(self):
        return Partnership.objects.select_related(
            "partner", "owner_unit", "responsible_person"
        ).prefetch_related(
            "priorities",
            "sdgs",
            "goals",
            REVIEWS.shown(),
        )


class PartnershipFormViewMixin(PartnershipViewMixin):
    form_class = PartnershipForm
    formset_classes = {"goals": PartnershipGoalFormSet}


class PartnershipCreateView(PartnershipFormViewMixin, RecordCreateView):
    def get_initial(self):
        initial = super().get_initial()
        if partner := self.request.GET.get("partner"):
            initial["partner"] = partner
        return initial


class PartnershipUpdateView(PartnershipFormViewMixin, RecordUpdateView):
    pass


class PartnershipDeleteView(PartnershipViewMixin, RecordDeleteView):
    pass


class PartnershipHistoryView(PartnershipViewMixin, RecordHistoryView):
    # The contact log's rows moved to the journal (shown with the journal's history); the history of
    # the log before the move is still shown.
    history_related = ("goals", "contacts", "reviews")
