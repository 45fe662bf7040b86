from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from helsinki_intl.records.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordPermissionMixin,
    RecordStepView,
    RecordUpdateView,
)

from .filters import ActivityFilter
from .forms import ActivityForm
from .models import Activity
from .month import CalendarFilter, last_day, month_of, next_month, previous_month, weeks_of
from .synergies import synergies_of


class ActivityViewMixin:
    model = Activity


class ActivityListView(ActivityViewMixin, RecordListView):
    filterset_class = ActivityFilter


class ActivityDetailView(ActivityViewMixin, RecordDetailView):
    def get_queryset(self):
        return Activity.objects.select_related("owner_unit", "responsible_person").prefetch_related(
            "participating_units", "priorities", "sdgs"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["synergies"] = synergies_of(self.object)
        return context


class SynergiesOnFormMixin:
    """The form shows the synergies of the place and dates it holds: those saved, or those posted
    when the form comes back with errors."""

    template_name = "activities/activity_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        activity = form.instance
        if form.is_bound and form.errors:
            # The values the form could read; those it could not are left as they were.
            for name in ("online", "city", "country", "starts_on", "ends_on"):
                if name in form.cleaned_data:
                    setattr(activity, name, form.cleaned_data[name])
        context["synergies"] = synergies_of(activity)
        return context


class ActivityCreateView(ActivityViewMixin, SynergiesOnFormMixin, RecordCreateView):
    form_class = ActivityForm


class ActivityUpdateView(ActivityViewMixin, SynergiesOnFormMixin, RecordUpdateView):
    form_class = ActivityForm


class ActivityDeleteView(ActivityViewMixin, RecordDeleteView):
    pass


class ActivityHistoryView(ActivityViewMixin, RecordHistoryView):
    pass


class ActivityStepView(ActivityViewMixin, RecordStepView):
    def get_queryset(self):
        return Activity.objects.select_related("owner_unit")


class ActivityCalendarView(ActivityViewMixin, RecordPermissionMixin, TemplateView):
    """The city-wide calendar of the activities: a month, week by week, filtered by unit, kind
    and country. A month outside the portal's years is the filter form's error, and the page
    then shows the current month."""

    template_name = "activities/calendar.html"
    page_label = _("Calendar")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = CalendarFilter(
            self.request.GET or None,
            queryset=Activity.objects.select_related("owner_unit").exclude(status=Activity.Status.CANCELLED),
            request=self.request,
        )
        # The filters given rightly apply even when another is wrong (and shown as the form's error).
        rows = filterset.qs
        chosen = getattr(filterset.form, "cleaned_data", {}).get("month")
        month = chosen or month_of(timezone.localdate())
        activities = list(rows.between(month, last_day(month)).order_by("starts_on", "title", "pk"))
        context.update(
            filter=filterset,
            month=month,
            weeks=weeks_of(month, activities),
            activities=activities,
            previous_month=self.month_link(previous_month(month)),
            next_month=self.month_link(next_month(month)),
        )
        return context

    def month_link(self, month) -> tuple | None:
        """(the month, the page's address for it with the same filters), or None past the range."""
        if month is None:
            return None
        params = self.request.GET.copy()
        params["month"] = f"{month:%Y-%m}"
        return month, f"?{params.urlencode()}"
