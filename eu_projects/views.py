"""Portal pages of the EU funding register: programmes, calls, applications and appropriations."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.data_version import kept_until_changed
from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordStepView,
    RecordUpdateView,
)

from . import services
from .filters import ApplicationFilter, CallFilter, CoFinancingAppropriationFilter, ProgrammeFilter
from .forms import ApplicationForm, CallForm, CoFinancingAppropriationForm, ProgrammeForm
from .models import (
    Application,
    ApplicationStatusChange,
    Call,
    CoFinancingAppropriation,
    CoFinancingChange,
    Programme,
)

# Programmes ------------------------------------------------------------------------------------


class ProgrammeViewMixin:
    model = Programme


class ProgrammeListView(ProgrammeViewMixin, RecordListView):
    filterset_class = ProgrammeFilter


class ProgrammeDetailView(ProgrammeViewMixin, RecordDetailView):
    """A programme with its latest calls; the call list, filtered by the programme, has them all."""

    calls_shown = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = self.object.calls.for_list().latest_first()
        context["latest_calls"] = calls[: self.calls_shown]
        context["call_count"] = calls.count()
        filtered = urlencode({"programme": self.object.name})
        context["all_calls_url"] = f"{reverse('eu_projects:call-list')}?{filtered}"
        return context


class ProgrammeCreateView(ProgrammeViewMixin, RecordCreateView):
    """Takes the name from `?name=`: the dashboard links a programme that units have named here."""

    form_class = ProgrammeForm

    def get_initial(self):
        initial = super().get_initial()
        if name := self.request.GET.get("name", "").strip():
            initial["name"] = name
        return initial


class ProgrammeUpdateView(ProgrammeViewMixin, RecordUpdateView):
    form_class = ProgrammeForm


class ProgrammeDeleteView(ProgrammeViewMixin, RecordDeleteView):
    pass


class ProgrammeHistoryView(ProgrammeViewMixin, RecordHistoryView):
    pass


# Calls -----------------------------------------------------------------------------------------


class CallViewMixin:
    model = Call


class CallListView(CallViewMixin, RecordListView):
    filterset_class = CallFilter


class CallDetailView(CallViewMixin, RecordDetailView):
    def get_queryset(self):
        return Call.objects.for_list().prefetch_related(
            Prefetch("applications", queryset=Application.objects.for_list())
        )


class CallCreateView(CallViewMixin, RecordCreateView):
    form_class = CallForm

    def get_initial(self):
        initial = super().get_initial()
        if programme := self.request.GET.get("programme"):
            initial["programme"] = programme
        return initial


class CallUpdateView(CallViewMixin, RecordUpdateView):
    form_class = CallForm


class CallDeleteView(CallViewMixin, RecordDeleteView):
    pass


class CallHistoryView(CallViewMixin, RecordHistoryView):
    pass


# Applications ----------------------------------------------------------------------------------


class ApplicationViewMixin:
    model = Application


LISTED_PROGRAMME_NAMED = _(
    "“%(programme)s” is in the register. When the application's call is known, choose it: the "
    "application then takes its programme from the call."
)
UNLISTED_PROGRAMME_NAMED = _(
    "“%(programme)s” is not in the register yet. International affairs is told and adds it."
)


def cached_balance(year: int) -> CoFinancingAppropriation | None:
    """The year's appropriation with its balance, kept until the registers' data changes.

    The list shows it on every page, and adding up the year's applications costs more than the
    page's rows.
    """
    return kept_until_changed(
        f"appropriation-balance:{year}", lambda: CoFinancingAppropriation.objects.balance(year)
    )


class ApplicationListView(ApplicationViewMixin, RecordListView):
    filterset_class = ApplicationFilter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        context["appropriation_year"] = year
        context["appropriation"] = cached_balance(year)
        return context


class ApplicationDetailView(ApplicationViewMixin, RecordDetailView):
    def get_queryset(self):
        return Application.objects.select_related(
            "call__programme", "owner_unit", "responsible_person"
        ).prefetch_related(
            "priorities__period",
            "sdgs",
            "advocacy_topics",
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.select_related("changed_by")),
            Prefetch("cofinancing_changes", queryset=CoFinancingChange.objects.select_related("changed_by")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.object.appropriation_year
        context["appropriation_year"] = year
        context["appropriation"] = CoFinancingAppropriation.objects.balance(year)
        if self.object.call is None and self.object.named_programme:
            context["programme_in_register"] = Programme.objects.named(self.object.named_programme).first()
            if self.request.user.has_perm("eu_projects.add_programme"):
                context["add_programme_url"] = Programme.add_url(self.object.named_programme)
        return context


class ApplicationFormViewMixin(ApplicationViewMixin):
    """Saves through `services.application_save`, which notes each new status in the timeline.

    A programme newly named without a call is accepted, and the person told what follows: one in
    the register is to be taken from a call of it when the call is known; international affairs
    is told of one that is not (the dashboard, and the save's event)."""

    form_class = ApplicationForm

    def save_records(self, form, formsets):
        application = services.application_save(form=form, user=self.request.user)
        if "named_programme" in form.changed_data and application.named_programme:
            unlisted = application.names_unlisted_programme()
            message = UNLISTED_PROGRAMME_NAMED if unlisted else LISTED_PROGRAMME_NAMED
            self.tell_once_saved(message % {"programme": application.named_programme})
        return application


class ApplicationCreateView(ApplicationFormViewMixin, RecordCreateView):
    def get_initial(self):
        initial = super().get_initial()
        if call := self.request.GET.get("call"):
            initial["call"] = call
        return initial


class ApplicationUpdateView(ApplicationFormViewMixin, RecordUpdateView):
    pass


class ApplicationDeleteView(ApplicationViewMixin, RecordDeleteView):
    pass


class ApplicationHistoryView(ApplicationViewMixin, RecordHistoryView):
    history_related = ("status_changes", "cofinancing_changes")


class ApplicationStepView(ApplicationViewMixin, RecordStepView):
    """A step of the application's process (`eu_projects.process`)."""

    def get_queryset(self):
        return Application.objects.select_related("call", "owner_unit")


# Co-financing appropriations -------------------------------------------------------------------


class AppropriationViewMixin:
    model = CoFinancingAppropriation


class AppropriationListView(AppropriationViewMixin, RecordListView):
    filterset_class = CoFinancingAppropriationFilter


class AppropriationDetailView(AppropriationViewMixin, RecordDetailView):
    def get_queryset(self):
        return CoFinancingAppropriation.objects.with_balance()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["applications"] = self.object.applications().for_list().order_by("status", "project_name")
        return context


class AppropriationCreateView(AppropriationViewMixin, RecordCreateView):
    form_class = CoFinancingAppropriationForm


class AppropriationUpdateView(AppropriationViewMixin, RecordUpdateView):
    form_class = CoFinancingAppropriationForm


class AppropriationDeleteView(AppropriationViewMixin, RecordDeleteView):
    pass


class AppropriationHistoryView(AppropriationViewMixin, RecordHistoryView):
    pass
