"""Abstract bases for what every register shares.

A register's record has an owner unit, a responsible person, priorities and SDGs; a
reviewable one also has goals and a review cycle. Writing these once lets the review
queue, reminders, dashboards and summaries treat every register alike.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import ranges
from .choices import DecidingBody, GoalOutcome, Recommendation
from .dates import short_date
from .fields import BoundedSmallIntegerField, CityDateField, LineField, with_range_checks
from .querysets import RecordQuerySet, StatusChangeQuerySet
from .validators import validate_decision_reference


class Versioned(models.Model):
    """A row whose `version` counts its saves, so that no edit overwrites another unseen.

    An edit form (in the portal or the admin) carries the version it was loaded with, and its
    save is refused when the row was saved again since (see `records.locking`).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self.version += 1
        try:
            super().save(*args, **kwargs)
        except Exception:
            self.version -= 1
            raise


UNIT_MODEL = "organisation.OrgUnit"
"""The model of the units that own records. The organisation app builds on this package, so
this package names the model, as a foreign key does, and imports nothing of it."""


def unit_model() -> type[models.Model]:
    return apps.get_model(UNIT_MODEL)


class UnitOwnedRecord(Versioned):
    """A record that one organisation unit owns: its members and international affairs edit it."""

    owner_unit = models.ForeignKey(
        UNIT_MODEL,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="owned_%(app_label)s_%(class)s_set",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class PortfolioRecord(UnitOwnedRecord):
    """A record of the city's international portfolio: owned, with a person and priorities."""

    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="responsible_%(app_label)s_%(class)s_set",
    )
    priorities = models.ManyToManyField(
        "strategy.Priority",
        verbose_name=_("priorities"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    sdgs = models.ManyToManyField(
        "strategy.SDG",
        verbose_name=_("sustainable development goals"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )

    class Meta:
        abstract = True


class ReviewCycle(models.Model):
    """Goals reviewed every `review_interval_months` while the record is in a reviewed status.

    Concrete models name the statuses in which the cycle runs and goals are required.
    """

    REVIEWED_STATUSES: tuple[str, ...] = ()
    GOALS_REQUIRED_STATUSES: tuple[str, ...] = ()

    review_interval_months = BoundedSmallIntegerField(
        _("review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    next_review_due = CityDateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is set one review interval from today."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.schedule_first_review()
        super().save(*args, **kwargs)

    @property
    def is_reviewed(self) -> bool:
        return self.status in self.REVIEWED_STATUSES

    def review_date_after(self, day: datetime.date) -> datetime.date:
        """One interval after `day`, but never past the last day the register can hold."""
        return ranges.clamp_date(day + relativedelta(months=self.review_interval_months))

    def next_review_after(self, reviewed_on: datetime.date) -> datetime.date:
        """The date the next review falls due once the record is reviewed on `reviewed_on`.

        One interval after the later of the date that was due and the review date: a review
        done early keeps the cycle, one done late starts the next interval from the review.
        """
        due = self.next_review_due
        return self.review_date_after(max(due, reviewed_on) if due else reviewed_on)

    def schedule_first_review(self) -> None:
        if self.next_review_due is None and self.is_reviewed:
            self.next_review_due = self.review_date_after(timezone.localdate())

    def is_review_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_reviewed and self.next_review_due is not None and self.next_review_due < today

    def validate_goal_count(self, count: int) -> None:
        """Refuse a record in a goal-requiring status with no goals."""
        if count == 0 and self.status in self.GOALS_REQUIRED_STATUSES:
            raise ValidationError(
                _("A record with the status “%(status)s” needs at least one goal."),
                code="goals_required",
                params={"status": self.get_status_display()},
            )


class StatusLifecycle(models.Model):
    """A status that moves only along `ALLOWED_TRANSITIONS` (status → statuses it may become).

    The values of `SAVED_FIELDS` as last saved are remembered, so that `clean()` can refuse a
    move the lifecycle does not allow (or any other change judged against the saved value);
    a new record may start in any status.
    """

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {}
    STATUS_TRANSITION_MESSAGE = _("The status cannot move from “%(old)s” to “%(new)s”.")
    SAVED_FIELDS: tuple[str, ...] = ("status",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._remember_saved_values()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_saved_values()
        return instance

    def _remember_saved_values(self) -> None:
        self._saved_values = {name: self.__dict__.get(name) for name in self.SAVED_FIELDS}

    def saved_value(self, name: str):
        """The field's value as last saved; None for a record not saved yet."""
        return getattr(self, "_saved_values", {}).get(name)

    @property
    def saved_status(self) -> str | None:
        return self.saved_value("status")

    def status_transition_error(self) -> str | None:
        saved = self.saved_status
        if saved and saved != self.status and self.status not in self.ALLOWED_TRANSITIONS[saved]:
            labels = dict(self._meta.get_field("status").flatchoices)
            return self.STATUS_TRANSITION_MESSAGE % {"old": labels[saved], "new": labels[self.status]}
        return None


class DatedLifecycle(StatusLifecycle):
    """A lifecycle that starts and ends on the record's dates: an active record has its start
    date, an ended one its end date, in the register's own words."""

    ACTIVE_WITHOUT_START_DATE: str
    ENDED_WITHOUT_END_DATE: str

    class Meta:
        abstract = True

    def lifecycle_errors(self) -> dict[str, list]:
        """The dates' and the status move's errors, by field."""
        errors: dict[str, list] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The end date cannot be before the start date."))
        if self.status == self.Status.ENDED and not self.end_date:
            errors.setdefault("end_date", []).append(self.ENDED_WITHOUT_END_DATE)
        if self.status == self.Status.ACTIVE and not self.start_date:
            errors.setdefault("start_date", []).append(self.ACTIVE_WITHOUT_START_DATE)
        if message := self.status_transition_error():
            errors.setdefault("status", []).append(message)
        return errors


class GoalBase(Versioned):
    """A goal the record is reviewed against."""

    title = LineField(_("goal"), max_length=300)
    target = models.TextField(_("target"), blank=True, help_text=_("What counts as success."))
    indicator = LineField(
        _("indicator"), max_length=300, blank=True, help_text=_("How progress is measured.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class ReviewBase(Versioned):
    """A review of a record against its goals, judged by the benefit principle."""

    reviewed_on = CityDateField(_("reviewed on"), default=timezone.localdate)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    benefit_assessment = models.TextField(_("benefit assessment"))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{short_date(self.reviewed_on)} – {self.get_recommendation_display()}"


class GoalOutcomeBase(Versioned):
    """How one goal fared in a review: a concrete model has the foreign keys `review` and `goal`,
    and names in `record_field` the foreign key by which both belong to the record."""

    record_field: str

    outcome = models.CharField(_("outcome"), max_length=20, choices=GoalOutcome.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        verbose_name = _("goal outcome")
        verbose_name_plural = _("goal outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "goal"],
                name="%(app_label)s_%(class)s_once_per_review",
                violation_error_message=_("This goal already has an outcome in this review."),
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    def clean(self) -> None:
        record_id = f"{self.record_field}_id"
        if not (self.review_id and self.goal_id):
            return
        if getattr(self.goal, record_id) != getattr(self.review, record_id):
            raise ValidationError({"goal": _("Choose a goal of the record under review.")})


@dataclass(frozen=True)
class ReviewModels:
    """The goals a record is reviewed against, its reviews, and each goal's outcome in a review."""

    goal: type[GoalBase]
    review: type[ReviewBase]
    outcome: type[GoalOutcomeBase]

    def shown(self) -> models.Prefetch:
        """The record's reviews as its page shows them: with the reviewer, and each goal's
        outcome with the goal."""
        outcomes = self.outcome.objects.select_related("goal")
        return models.Prefetch(
            "reviews",
            queryset=self.review.objects.select_related("reviewer").prefetch_related(
                models.Prefetch("outcomes", queryset=outcomes)
            ),
        )


def review_models(record: type[models.Model], *, review_name, review_name_plural) -> ReviewModels:
    """The goal, review and goal outcome models of a reviewable record, with their history.

    They are named after the record (`MembershipGoal`, `MembershipReview`,
    `MembershipGoalOutcome`), belong to the record's app, and point to the record by a foreign
    key named after its model (`membership`), as its goals (`goals`) and reviews (`reviews`).
    The record's module assigns them to those names, so that its migrations find them.
    """
    field = record._meta.model_name

    def model(kind: str, base: type[models.Model], doc: str, **attrs) -> type[models.Model]:
        attrs.update(__module__=record.__module__, __doc__=doc, history=HistoricalRecords())
        return type(f"{record.__name__}{kind}", (base,), attrs)

    def belonging_to(target, verbose_name, related_name: str) -> models.ForeignKey:
        return models.ForeignKey(
            target, verbose_name=verbose_name, on_delete=models.CASCADE, related_name=related_name
        )

    goal = model(
        "Goal",
        GoalBase,
        f"A goal of a {field}, with its target and indicator.",
        **{field: belonging_to(record, record._meta.verbose_name, "goals")},
    )
    review_meta = type(
        "Meta", (ReviewBase.Meta,), {"verbose_name": review_name, "verbose_name_plural": review_name_plural}
    )
    review = with_range_checks(
        model(
            "Review",
            ReviewBase,
            f"A review of a {field} against its goals.",
            Meta=review_meta,
            **{field: belonging_to(record, record._meta.verbose_name, "reviews")},
        )
    )
    outcome = model(
        "GoalOutcome",
        GoalOutcomeBase,
        f"The outcome of one goal in a {field} review.",
        record_field=field,
        review=belonging_to(review, _("review"), "outcomes"),
        goal=belonging_to(goal, _("goal"), "outcomes"),
    )
    return ReviewModels(goal, review, outcome)


class StatusChangeBase(Versioned):
    """A step in a record's status timeline: from which status to which, when, by whom, and on
    what decision.

    Concrete models add the record (`related_name="status_changes"`) and the register's statuses
    on `status` and `from_status`. The timeline is written by `records.timeline.timeline_note`
    for every writer, so that figures counted from it are right whoever made the change.
    """

    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20)
    changed_on = CityDateField(_("changed on"), default=timezone.localdate)
    changed_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deciding_body = models.CharField(
        _("deciding body"), max_length=30, choices=DecidingBody.choices, blank=True
    )
    decision_date = CityDateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision number"), max_length=20, blank=True, validators=[validate_decision_reference]
    )
    note = models.TextField(_("note"), blank=True)
    predates_portal = models.BooleanField(
        _("predates the portal"),
        default=False,
        help_text=_("The record reached this status before the portal recorded decisions."),
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["changed_on", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{short_date(self.changed_on)} {self.get_status_display()}"

    def get_from_status_display(self) -> str:
        return dict(self._meta.get_field("status").flatchoices).get(self.from_status, self.from_status)
