import datetime

from django.db import models
from django.utils import timezone


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

    def review_overdue(self, today: datetime.date | None = None) -> "ReviewableQuerySet":
        return self.under_review().filter(next_review_due__lt=today or timezone.localdate())
