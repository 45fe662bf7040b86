"""The record types the coordination group reviews, as the registers declare them.

Coordination reads the registers only through this registry: a register states, in its
`register.py`, which of its models run a review cycle and where their reviews and goal
outcomes are kept. The review queue, the review form, reminders, the dashboard and the
calendar then treat every such register alike.

The models follow the shared bases of `helsinki_intl.records`: the record is a
`PortfolioRecord` with a `ReviewCycle` and goals under `goals`; the review model is a
`ReviewBase` with a foreign key to the record; the outcome model is a `GoalOutcomeBase` with
foreign keys `review` and `goal`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language


@dataclass(frozen=True)
class ReviewableType:
    model: type[models.Model]
    review_model: type[models.Model]
    outcome_model: type[models.Model]
    record_field: str
    """The review model's foreign key to the record."""
    title_field: str | None = None
    """What names the record in the review queue, e.g. "network__name"; the id if not given."""
    trail: Callable | None = None
    """(record) -> its `links.trail.Trail`, which the review form shows beside the benefit
    assessment: what the record cost and brought, year by year."""

    @property
    def key(self) -> str:
        """The type's name in URLs, e.g. "membership"."""
        return self.model._meta.model_name

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def list_url(self) -> str:
        return reverse(f"{self.model._meta.app_label}:{self.key}-list")

    def edit_url(self, record) -> str:
        return reverse(f"{self.model._meta.app_label}:{self.key}-edit", args=[record.pk])

    def review_url(self, record) -> str:
        return reverse("coordination:review-add", args=[self.key, record.pk])

    def reviews_of(self, record) -> models.QuerySet:
        return self.review_model.objects.filter(**{self.record_field: record})

    @property
    def add_review_permission(self) -> str:
        opts = self.review_model._meta
        return f"{opts.app_label}.add_{opts.model_name}"

    def may_review(self, user, record=None) -> bool:
        return user.has_perm(self.add_review_permission, record)

    def queue_rows(self, records: models.QuerySet) -> models.QuerySet:
        """The records as review queue rows: the same columns for every type, so that they join in a UNION.

        Columns: `next_review_due`, `type_key`, `type_label`, `record_id`, `title` and
        `owner_unit_name`, the last three in the active language where they are translated.
        """
        language = (get_language() or "fi")[:2]
        title = F(self.title_field) if self.title_field else Cast("pk", output_field=CharField())
        return records.order_by().values(
            "next_review_due",
            type_key=Value(self.key, output_field=CharField()),
            type_label=Value(str(capfirst(self.label)), output_field=CharField()),
            record_id=F("pk"),
            title=title,
            owner_unit_name=Coalesce(
                NullIf(F(f"owner_unit__name_{language}"), Value("")), F("owner_unit__name_fi")
            ),
        )

    def records(self) -> models.QuerySet:
        """The type's records, with what the review queue and the review form show of each."""
        related = ["owner_unit", "responsible_person"]
        if self.title_field and LOOKUP_SEP in self.title_field:
            related.append(self.title_field.rsplit(LOOKUP_SEP, 1)[0])
        return self.model.objects.select_related(*related)


class ReviewableRegistry:
    def __init__(self) -> None:
        self._types: dict[str, ReviewableType] = {}

    def register(
        self,
        model,
        *,
        review_model,
        outcome_model,
        record_field: str,
        title_field: str | None = None,
        trail: Callable | None = None,
    ) -> ReviewableType:
        reviewable = ReviewableType(model, review_model, outcome_model, record_field, title_field, trail)
        self._types[reviewable.key] = reviewable
        return reviewable

    def __iter__(self):
        return iter(self._types.values())

    def get(self, key: str) -> ReviewableType:
        """The type named `key`; LookupError if no register declares it."""
        try:
            return self._types[key]
        except KeyError:
            raise LookupError(key) from None

    def for_model(self, model) -> ReviewableType:
        return self.get(model._meta.model_name)


reviewables = ReviewableRegistry()
