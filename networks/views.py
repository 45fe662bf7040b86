from django.db.models import Prefetch

from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordUpdateView,
)

from .filters import MembershipFilter, NetworkFilter
from .forms import MembershipForm, MembershipGoalFormSet, NetworkForm, RoleFormSet
from .models import Membership, MembershipGoalOutcome, MembershipReview, Network, PriorityNetwork


class NetworkViewMixin:
    model = Network


class NetworkListView(NetworkViewMixin, RecordListView):
    filterset_class = NetworkFilter

    def get_queryset(self):
        return Network.objects.select_related("owner_unit").prefetch_related(
            Prefetch("designations", queryset=PriorityNetwork.objects.select_related("period"))
        )


class NetworkDetailView(NetworkViewMixin, RecordDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add_membership"] = self.request.user.has_perm("networks.add_membership")
        return context

    def get_queryset(self):
        return Network.objects.select_related("owner_unit").prefetch_related(
            Prefetch("designations", queryset=PriorityNetwork.objects.select_related("period")),
            Prefetch("memberships", queryset=Membership.objects.for_list()),
        )


class NetworkCreateView(NetworkViewMixin, RecordCreateView):
    form_class = NetworkForm


class NetworkUpdateView(NetworkViewMixin, RecordUpdateView):
    form_class = NetworkForm


class NetworkDeleteView(NetworkViewMixin, RecordDeleteView):
    pass


class NetworkHistoryView(NetworkViewMixin, RecordHistoryView):
    history_related = ("designations",)


class MembershipViewMixin:
    model = Membership


class MembershipListView(MembershipViewMixin, RecordListView):
    filterset_class = MembershipFilter


class MembershipDetailView(MembershipViewMixin, RecordDetailView):
    def get_queryset(self):
        return Membership.objects.select_related(
            "network", "owner_unit", "responsible_person"
        ).prefetch_related(
            "participating_units",
            "priorities",
            "sdgs",
            "goals",
            "roles",
            Prefetch(
                "reviews",
                queryset=MembershipReview.objects.select_related("reviewer").prefetch_related(
                    Prefetch("outcomes", queryset=MembershipGoalOutcome.objects.select_related("goal"))
                ),
            ),
        )


class MembershipFormViewMixin(MembershipViewMixin):
    form_class = MembershipForm
    formset_classes = {"goals": MembershipGoalFormSet, "roles": RoleFormSet}


class MembershipCreateView(MembershipFormViewMixin, RecordCreateView):
    def get_initial(self):
        initial = super().get_initial()
        if network := self.request.GET.get("network"):
            initial["network"] = network
        return initial


class MembershipUpdateView(MembershipFormViewMixin, RecordUpdateView):
    pass


class MembershipDeleteView(MembershipViewMixin, RecordDeleteView):
    pass


class MembershipHistoryView(MembershipViewMixin, RecordHistoryView):
    history_related = ("goals", "roles", "reviews")
