"""The coordination group's review queue and review form, for every reviewable record type alike."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from helsinki_intl.records.dates import short_date
from helsinki_intl.records.htmx import ResultsFragmentMixin
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS

from ..filters import QueueRows, ReviewQueueFilter
from ..forms import ReviewForms
from ..registry import ReviewableType, reviewables
from ..services import ReviewAlreadyRecorded, check_reviewable, review_record


@dataclass(frozen=True)
class QueueEntry:
    """A row of the review queue: a record whose review is overdue or due soon."""

    reviewable: ReviewableType
    record: object
    title: str
    due: datetime.date
    today: datetime.date
    may_review: bool

    @property
    def days_overdue(self) -> int:
        return max((self.today - self.due).days, 0)

    @property
    def days_left(self) -> int:
        return max((self.due - self.today).days, 0)

    @property
    def review_url(self) -> str:
        return self.reviewable.review_url(self.record)


def queue_entries(rows, *, user, today: datetime.date) -> list[QueueEntry]:
    """The rows of a queue page with their records, one query per record type."""
    rows = list(rows)
    pks_by_type = defaultdict(list)
    for row in rows:
        pks_by_type[row["type_key"]].append(row["record_id"])
    records = {key: reviewables.get(key).records().in_bulk(pks) for key, pks in pks_by_type.items()}
    entries = []
    for row in rows:
        reviewable = reviewables.get(row["type_key"])
        record = records[row["type_key"]].get(row["record_id"])
        if record is None:  # deleted since the page's rows were read
            continue
        entries.append(
            QueueEntry(
                reviewable,
                record,
                row["title"],
                row["next_review_due"],
                today,
                may_review=reviewable.may_review(user, record),
            )
        )
    return entries


class ReviewQueueView(LoginRequiredMixin, ResultsFragmentMixin, ListView):
    """Overdue reviews and those due soon, across record types, for those who record reviews."""

    template_name = "coordination/review_queue.html"
    paginate_by = settings.PAGINATE_BY
    # What the queue is called, and who may open it, wherever a list is named (a saved view of it).
    list_label = gettext_lazy("Review queue")
    list_permission = "coordination.view_review_queue"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.list_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filterset = ReviewQueueFilter(self.request.GET, request=self.request)
        return QueueRows(self.filterset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = self.filterset.today
        context.update(
            filter=self.filterset,
            entries=queue_entries(context["object_list"], user=self.request.user, today=today),
            horizon_days=(self.filterset.horizon - today).days,
            default_horizon_days=REVIEW_DUE_SOON_DAYS,
            breadcrumbs=[(None, _("Review queue"))],
        )
        return context


class ReviewCreateView(LoginRequiredMixin, TemplateView):
    """Records a review of one record: an outcome per goal, the benefit assessment and a decision."""

    template_name = "coordination/review_form.html"

    def dispatch(self, request, *args, type_key, pk, **kwargs):
        if request.user.is_authenticated:
            self.load_record(type_key, pk)
        return super().dispatch(request, *args, type_key=type_key, pk=pk, **kwargs)

    def load_record(self, type_key: str, pk: int) -> None:
        try:
            self.reviewable = reviewables.get(type_key)
        except LookupError:
            raise Http404(type_key) from None
        self.record = get_object_or_404(self.reviewable.records(), pk=pk)
        if not self.reviewable.may_review(self.request.user, self.record):
            raise PermissionDenied
        self.goals = list(self.record.goals.all())
        try:
            check_reviewable(self.record, self.goals)
        except ValidationError as refusal:
            self.refusal = refusal
        else:
            self.refusal = None

    def get(self, request, *args, **kwargs):
        forms = None if self.refusal else ReviewForms(record=self.record, goals=self.goals)
        return self.render_to_response(self.get_context_data(forms=forms))

    def post(self, request, *args, **kwargs):
        if self.refusal:
            return self.render_to_response(self.get_context_data(forms=None))
        forms = ReviewForms(record=self.record, goals=self.goals, data=request.POST)
        if forms.is_valid():
            data = forms.review.cleaned_data
            try:
                review = review_record(
                    reviewable_type=self.reviewable,
                    record=self.record,
                    reviewer=request.user,
                    due_reviewed=data["due"],
                    reviewed_on=data["reviewed_on"],
                    benefit_assessment=data["benefit_assessment"],
                    recommendation=data["recommendation"],
                    decision=data["decision"],
                    outcomes=forms.assessments(),
                )
            except ReviewAlreadyRecorded as refusal:
                # The form posted again: say so, with the record as it now stands, and no form.
                self.record = self.reviewable.records().get(pk=self.record.pk)
                self.refusal = refusal
                return self.render_to_response(self.get_context_data(forms=None), status=409)
            except ValidationError as error:
                # The record changed since the form was read, e.g. a goal was added.
                forms.add_error(error)
            else:
                reviewed = getattr(review, self.reviewable.record_field)
                messages.success(
                    request,
                    _("The review of “%(record)s” was recorded. The next review is due on %(date)s.")
                    % {
                        "record": reviewed,
                        "date": short_date(reviewed.next_review_due),
                    },
                )
                return HttpResponseRedirect(self.next_url() or self.record.get_absolute_url())
        return self.render_to_response(self.get_context_data(forms=forms))

    def next_url(self) -> str | None:
        """The review queue page the reviewer came from, if `next` names one."""
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        is_safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        if is_safe and urlsplit(url).path == reverse("coordination:review-queue"):
            return url
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record
        today = timezone.localdate()
        queue_url = reverse("coordination:review-queue")
        forms = context["forms"]
        context.update(
            reviewable=self.reviewable,
            record=record,
            goals=self.goals,
            refusal=" ".join(self.refusal.messages) if self.refusal else "",
            refusal_code=self.refusal.code if self.refusal else "",
            can_change=self.request.user.has_perm(
                f"{record._meta.app_label}.change_{record._meta.model_name}", record
            ),
            edit_url=self.reviewable.edit_url(record),
            is_overdue=record.is_review_overdue(today),
            next_review_if_today=record.next_review_after(today),
            trail=self.reviewable.trail(record) if self.reviewable.trail and not self.refusal else None,
            error_summary=forms.error_summary() if forms else [],
            next_url=self.next_url() or "",
            cancel_url=self.next_url() or record.get_absolute_url(),
            breadcrumbs=[
                (queue_url, _("Review queue")),
                (record.get_absolute_url(), str(record)),
                (None, _("Record a review")),
            ],
        )
        return context
