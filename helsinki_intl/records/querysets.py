import datetime

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

REVIEW_DUE_SOON_DAYS = 30
"""How far ahead a review counts as coming up: in the lists' review filter, on the dashboard and
in the review queue by default. (The first reminder's notice is each record type's reminder
schedule, which international affairs set in the admin.)"""


class RecordQuerySet(models.QuerySet):
    """Questions asked of every register."""

    def editable_by(self, user) -> "RecordQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_international_affairs:
            return self
        return self.filter(owner_unit_id__in=user.unit_ids)


class ReviewableQuerySet(RecordQuerySet):
    """Questions about the review cycle of registers with goals."""

    def under_review(self) -> "ReviewableQuerySet":
        return self.filter(status__in=self.model.REVIEWED_STATUSES)

    def review_due(self, *, before: datetime.date) -> "ReviewableQuerySet":
        return self.under_review().filter(next_review_due__lte=before)

    def with_inactive_owner_unit(self) -> "ReviewableQuerySet":
        return self.filter(owner_unit__is_active=False)

    def with_inactive_responsible_person(self) -> "ReviewableQuerySet":
        """Records whose responsible person has left (their account is no longer active)."""
        return self.filter(responsible_person__is_active=False)

    def without_goals(self) -> "ReviewableQuerySet":
        """Records under review with no goals: a review weighs a record against its goals."""
        return self.under_review().filter(goals__isnull=True)

    def review_overdue(self, today: datetime.date | None = None) -> "ReviewableQuerySet":
        return self.under_review().filter(next_review_due__lt=today or timezone.localdate())


class StatusChangeQuerySet(models.QuerySet):
    """Questions asked of a status timeline: which rows moved records to a status, and when."""

    def to(self, *statuses: str) -> "StatusChangeQuerySet":
        return self.filter(status__in=statuses)

    def recorded_between(self, start: datetime.date, end: datetime.date) -> "StatusChangeQuerySet":
        """Rows noted on a day from `start` to `end`."""
        return self.filter(changed_on__range=(start, end))

    def decided_between(self, start: datetime.date, end: datetime.date) -> "StatusChangeQuerySet":
        """Rows whose decision is dated from `start` to `end`, whenever it was recorded.

        A row without a decision date (a move that needs no decision, a record entered in the admin
        or an import that gave none, one noted from before the portal) is dated by its day.
        """
        return self.alias(decided_on=Coalesce("decision_date", "changed_on")).filter(
            decided_on__range=(start, end)
        )
