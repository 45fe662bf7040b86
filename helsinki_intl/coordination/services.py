"""Writes of the coordination group: recording a review of a record against its goals."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.logs import audit_facts
from helsinki_intl.outbox.services import event_record
from helsinki_intl.records.choices import GoalOutcome
from helsinki_intl.records.dates import short_date

from .registry import ReviewableType

audit = logging.getLogger("helsinki_intl.audit")


@dataclass(frozen=True)
class GoalAssessment:
    """How one goal fared in a review: a `GoalOutcome` value and a comment."""

    goal: models.Model
    outcome: str
    comment: str = ""


class ReviewAlreadyRecorded(ValidationError):
    """The review form was for a due date that a review has since moved on (a second submit)."""


def check_reviewable(record, goals: list) -> None:
    """Refuse (ValidationError) a record that is not in a reviewed status or has no goals."""
    if not record.is_reviewed:
        raise ValidationError(
            _("“%(record)s” is not reviewed in its current status, “%(status)s”."),
            code="not_under_review",
            params={"record": record, "status": record.get_status_display()},
        )
    if not goals:
        raise ValidationError(
            _("“%(record)s” has no goals, so there is nothing to review it against."),
            code="no_goals",
            params={"record": record},
        )


def check_review_date(record, reviewed_on: datetime.date) -> None:
    """Refuse a review dated in the future or before the record started."""
    if reviewed_on > timezone.localdate():
        raise ValidationError(_("A review cannot be dated in the future."), code="future")
    start = getattr(record, "start_date", None)
    if start and reviewed_on < start:
        raise ValidationError(
            _("A review cannot be dated before the record started (%(start)s)."),
            code="before_start",
            params={"start": short_date(start)},
        )


def _check_due(record, due_reviewed: datetime.date | None) -> None:
    if record.next_review_due == due_reviewed:
        return
    raise ReviewAlreadyRecorded(
        _(
            "The review of “%(record)s” due on %(due)s has already been recorded, so this one was not "
            "saved. The next review is due on %(next)s."
        ),
        code="already_recorded",
        params={
            "record": record,
            "due": _short_date(due_reviewed),
            "next": _short_date(record.next_review_due),
        },
    )


def _short_date(day: datetime.date | None) -> str:
    return short_date(day) if day else "—"


def _check_assessments(goals: list, outcomes: list[GoalAssessment]) -> None:
    goal_ids = [goal.pk for goal in goals]
    assessed = [assessment.goal.pk for assessment in outcomes]
    if sorted(assessed) != sorted(goal_ids):
        raise ValidationError(
            _("Give exactly one outcome for each goal of the record."), code="outcomes_mismatch"
        )
    if any(assessment.outcome not in GoalOutcome.values for assessment in outcomes):
        raise ValidationError(_("Choose a valid outcome for each goal."), code="invalid_outcome")


@transaction.atomic
def review_record(
    *,
    reviewable_type: ReviewableType,
    record,
    reviewer,
    due_reviewed: datetime.date | None,
    reviewed_on: datetime.date,
    benefit_assessment: str,
    recommendation: str,
    decision: str = "",
    outcomes: Iterable[GoalAssessment],
    via: str = "form",
):
    """Record a review of `record` with one outcome per goal, and move its next review date.

    The review is the record's domain event ("membership.reviewed"), `via` naming the writer.

    The next review falls due one review interval after the later of the date that was due
    and the review date (`ReviewCycle.next_review_after`): a review done early keeps the
    cycle, so reviewing in March what was due in April makes the next one due next April; a
    review done late starts the next interval from the review date.

    `due_reviewed` is the due date the reviewer saw when the form was opened. The record is
    locked while its date moves, and a review is refused (`ReviewAlreadyRecorded`) once the
    record's due date is no longer that one, so that a form submitted twice, at once or later,
    records one review and moves the date one interval. The record is saved through `.save()`
    so that its change history shows the new date and the reviewer.
    Raises ValidationError, with nothing saved, when the record is not in a
    reviewed status or has no goals, when the outcomes are not one for each of its goals, or
    when the date is in the future or before the record started. Returns the review.
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check_due(record, due_reviewed)
    goals = list(record.goals.all())
    outcomes = list(outcomes)
    check_reviewable(record, goals)
    check_review_date(record, reviewed_on)
    _check_assessments(goals, outcomes)

    review = reviewable_type.review_model(
        **{reviewable_type.record_field: record},
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        benefit_assessment=benefit_assessment,
        recommendation=recommendation,
        decision=decision,
    )
    review.full_clean()
    review._history_user = reviewer
    review.save()
    for assessment in outcomes:
        outcome = reviewable_type.outcome_model(
            review=review, goal=assessment.goal, outcome=assessment.outcome, comment=assessment.comment
        )
        outcome._history_user = reviewer
        outcome.save()

    record.next_review_due = record.next_review_after(reviewed_on)
    record._history_user = reviewer
    record.save(update_fields=["next_review_due", "updated_at"])
    event_record(
        kind="reviewed",
        record=record,
        by=reviewer,
        via=via,
        review=review.pk,
        reviewed_on=reviewed_on,
        recommendation=recommendation,
        next_review_due=record.next_review_due,
    )
    audit.info(
        "review recorded: record=%s:%s reviewer=%s recommendation=%s",
        reviewable_type.key,
        record.pk,
        reviewer.pk,
        recommendation,
        extra=audit_facts(
            "review recorded",
            record_type=reviewable_type.key,
            record=record.pk,
            review=review.pk,
            reviewer=reviewer.pk,
            recommendation=recommendation,
            decided=bool(decision),
            next_review_due=record.next_review_due,
        ),
    )
    return review
