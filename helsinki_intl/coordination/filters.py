import datetime

import django_filters
from django import forms
from django.db import connection, models
from django.db.models import Func
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.filters import UNIT_SEARCH_HELP, OwnerUnitFilter
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS

from .registry import reviewables

QUEUE_TIEBREAK = ("next_review_due", "type_key", "record_id")


def _type_choices():
    return [(reviewable.key, capfirst(reviewable.label_plural)) for reviewable in reviewables]


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReviewQueueFilter(django_filters.FilterSet):
    """The review queue: records of every reviewable type whose review is overdue or due soon.

    The queue is one UNION of each type's rows, which is what lets it be sorted and paged
    across types in a constant number of queries. A UNION cannot be filtered afterwards, so
    `qs` applies the filters to each type's records before joining them, and sorts the whole.
    """

    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=_type_choices, empty_label=_("All"), method="of_type"
    )
    owner_unit = OwnerUnitFilter(label=_("Owner unit"), help_text=UNIT_SEARCH_HELP)
    due = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("overdue", _("Overdue only")), ("upcoming", _("Not yet overdue only"))],
        empty_label=_("Overdue and coming up"),
        method="by_lateness",
    )
    days = DaysFilter(
        label=_("Due within (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("How far ahead to look: 30 days unless you choose otherwise."),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("next_review_due", "due"),
            ("type_label", "type"),
            ("title", "title"),
            ("owner_unit_name", "owner_unit"),
        ),
        field_labels={
            "next_review_due": _("Due date"),
            "type_label": _("Type"),
            "title": _("Title"),
            "owner_unit_name": _("Owner unit"),
        },
    )

    def __init__(self, data=None, *, request=None, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        # Always bound, so that no parameters mean the defaults. Bound to no one model: `qs`
        # applies the filters to each reviewable type in turn.
        super().__init__(data if data is not None else {}, queryset=models.QuerySet(), request=request)

    @property
    def horizon(self) -> datetime.date:
        """The last due date the queue shows."""
        days = self.form.cleaned_data.get("days") if self.is_valid() else None
        return self.today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS if days is None else days)

    def parts(self) -> list[models.QuerySet]:
        """Each type's rows (see `ReviewableType.queue_rows`) under the filters."""
        return [
            reviewable.queue_rows(
                self.filter_records(reviewable.model.objects.review_due(before=self.horizon))
            )
            for reviewable in reviewables
        ]

    def ordering(self, rows: models.QuerySet) -> list:
        """The queue's order: the chosen sort, then the tiebreak that makes it total."""
        sort = self.form.cleaned_data.get("sort") if self.is_valid() else None
        return [*self.filters["sort"].filter(rows, sort).query.order_by, *QUEUE_TIEBREAK]

    @property
    def qs(self) -> models.QuerySet:
        """The queue's rows, sorted; none while the filters are invalid."""
        if not hasattr(self, "_qs"):
            parts = self.parts()
            self._qs = parts[0].union(*parts[1:], all=True).order_by(*self.ordering(parts[0]))
        return self._qs

    def page_rows(self, start: int, stop: int) -> list[dict]:
        """The queue's rows from `start` to `stop`, read from each type's first `stop` rows.

        The first rows of the whole are among each type's first rows in the same order, which
        an index of the due date gives without sorting every row due. With one type left by the
        filters, or where a UNION's parts cannot be ordered and cut (SQLite), the whole is read.
        """
        if stop <= start:
            return []
        parts = self.parts()
        ordering = self.ordering(parts[0])
        firsts = [part.order_by(*ordering)[:stop] for part in parts if not part.query.is_empty()]
        if len(firsts) < 2 or not connection.features.supports_slicing_ordering_in_compound:
            return list(self.qs[start:stop])
        return list(firsts[0].union(*firsts[1:], all=True).order_by(*ordering)[start:stop])

    def count(self) -> int:
        """The number of rows in the queue, in one query: each type's records counted without the
        joins that name them (a record is one row), from an index of status and due date."""
        counts = [
            self.filter_records(reviewable.model.objects.review_due(before=self.horizon))
            .order_by()
            # COUNT(*) rather than of a column: read from the index alone.
            .values(rows=Func(template="COUNT(*)", output_field=models.IntegerField()))
            for reviewable in reviewables
        ]
        return sum(row["rows"] for row in counts[0].union(*counts[1:], all=True))

    def filter_records(self, records: models.QuerySet) -> models.QuerySet:
        if not self.is_valid():
            return records.none()
        for name, value in self.form.cleaned_data.items():
            if name not in ("days", "sort"):
                records = self.filters[name].filter(records, value)
        return records

    def of_type(self, records, name, value):
        return records if reviewables.for_model(records.model).key == value else records.none()

    def by_lateness(self, records, name, value):
        if value == "overdue":
            return records.review_overdue(self.today)
        return records.filter(next_review_due__gte=self.today)


class QueueRows:
    """The queue as a paginator reads it: counted, and read a page at a time."""

    def __init__(self, queue: ReviewQueueFilter) -> None:
        self.queue = queue

    def count(self) -> int:
        return self.queue.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return self.queue.page_rows(page.start or 0, page.stop)
