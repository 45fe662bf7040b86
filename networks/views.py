from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helsinki_intl.records.forms import MAX_GOALS, MAX_ROLES
from helsinki_intl.records.htmx import wants_fragment
from helsinki_intl.records.services import record_row_add, record_save
from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordStepView,
    RecordUpdateView,
)

from .filters import MembershipFilter, NetworkFilter
from .forms import MembershipForm, MembershipGoalFormSet, NetworkForm, RoleFormSet
from .models import (
    REVIEWS,
    Membership,
    MembershipGoal,
    Network,
    PriorityNetwork,
    Role,
)
from .trail import membership_trail


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
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["can_change"]:
            context.setdefault("goal_form", new_goal_form(self.object))
            context.setdefault("role_form", new_role_form(self.object))
        context["trail"] = membership_trail(self.object)
        return context

    def get_queryset(self):
        return Membership.objects.select_related(
            "network",
            "owner_unit",
            "responsible_person",
            "ends_membership__network",
            "ends_membership__owner_unit",
        ).prefetch_related(
            "participating_units",
            "priorities",
            "sdgs",
            "goals",
            "roles",
            REVIEWS.shown(),
        )


class MembershipFormViewMixin(MembershipViewMixin):
    form_class = MembershipForm
    formset_classes = {"goals": MembershipGoalFormSet, "roles": RoleFormSet}

    def save_records(self, form, formsets):
        if form.adds_network:
            network = record_save(form=form.new_network, by=self.request.user)
            form.instance.network = network
            self.tell_once_saved(
                _("The network “%(network)s” was added to the register.") % {"network": network},
                messages.SUCCESS,
            )
        return super().save_records(form, formsets)


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


def new_goal_form(membership, data=None):
    """The form that adds one goal under the membership's goals, after the last one."""
    # From the goals the page has already read, rather than one more query.
    next_order = max((goal.order for goal in membership.goals.all()), default=0) + 1
    goal = MembershipGoal(membership=membership, order=next_order)
    return MembershipGoalFormSet.form(data, instance=goal, prefix="goal")


class NewRoleForm(RoleFormSet.form):
    """A role added on the membership's page. Linking the holder's account, a choice among
    every account, is left to the edit page so that the page stays light."""

    class Meta(RoleFormSet.form.Meta):
        fields = ["title", "holder", "start_date", "end_date"]


def new_role_form(membership, data=None):
    """The form that adds one role the city holds in the membership's network."""
    return NewRoleForm(data, instance=Role(membership=membership), prefix="role")


class MembershipRowAddView(MembershipDetailView):
    """Adds a row (a goal, a role) from the membership's page, for those who may edit it.

    With htmx the answer is the row's section alone; without JavaScript, the page again.
    """

    action = "change"
    http_method_names = ["post"]
    new_form = None  # (membership, data) -> the row's form
    section = ""  # the section's template and its context name: goals -> goal_form
    added_message = ""
    most = 0  # the rows the membership's edit form takes
    full_message = ""

    def post(self, request, *args, **kwargs):
        membership = self.get_object()
        form = self.new_form(membership, request.POST)
        fragment = wants_fragment(request)
        if form.is_valid() and getattr(membership, self.section).count() >= self.most:
            form.add_error(None, self.full_message % {"most": self.most})
        if form.is_valid():
            row = record_row_add(record=membership, form=form, by=request.user)
            messages.success(request, self.added_message % {"row": row})
            if not fragment:
                return HttpResponseRedirect(f"{membership.get_absolute_url()}#{self.section}-heading")
            form = self.new_form(membership)
        else:
            messages.error(request, _("The form has errors. Please correct the fields marked below."))
        self.object = self.get_queryset().get(pk=membership.pk)  # with the new row
        context = self.get_context_data(**{self.form_name: form}, fragment=fragment)
        template = (
            f"networks/includes/membership_{self.section}.html" if fragment else self.get_template_names()
        )
        return self.response_class(request, template, context)

    @property
    def form_name(self) -> str:
        return f"{self.section.removesuffix('s')}_form"


class MembershipGoalAddView(MembershipRowAddView):
    new_form = staticmethod(new_goal_form)
    section = "goals"
    added_message = gettext_lazy("The goal “%(row)s” was added.")
    most = MAX_GOALS
    full_message = gettext_lazy("A membership has at most %(most)s goals: remove one before adding another.")


class MembershipRoleAddView(MembershipRowAddView):
    new_form = staticmethod(new_role_form)
    section = "roles"
    added_message = gettext_lazy("The role “%(row)s” was added.")
    most = MAX_ROLES
    full_message = gettext_lazy("A membership has at most %(most)s roles: remove one before adding another.")


class MembershipStepView(MembershipViewMixin, RecordStepView):
    def get_queryset(self):
        return Membership.objects.select_related("network", "owner_unit")
