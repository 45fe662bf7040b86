"""The goals, reviews and goal outcomes of every reviewed register follow one definition."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from helsinki_intl.coordination.registry import reviewables
from tests.factories import MembershipFactory, MembershipGoalFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipGoalFactory

pytestmark = pytest.mark.django_db

REGISTERS = {
    "membership": (MembershipFactory, MembershipGoalFactory),
    "partnership": (PartnershipFactory, PartnershipGoalFactory),
}


def test_every_reviewable_register_is_tested_here():
    assert {reviewable.key for reviewable in reviewables} == set(REGISTERS)


def _review(key: str, reviewer):
    record_factory, _goal_factory = REGISTERS[key]
    reviewable = reviewables.get(key)
    record = record_factory(active=True)
    review = reviewable.review_model.objects.create(
        **{reviewable.record_field: record},
        reviewer=reviewer,
        benefit_assessment="Worth it.",
        recommendation="continue",
    )
    return reviewable, record, review


def _errors(row) -> dict:
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize("key", REGISTERS)
def test_a_goal_has_one_outcome_per_review(key, strategy_user):
    reviewable, record, review = _review(key, strategy_user)
    goal = record.goals.get()
    reviewable.outcome_model.objects.create(review=review, goal=goal, outcome="met")
    duplicate = reviewable.outcome_model(review=review, goal=goal, outcome="not_met")
    assert _errors(duplicate) == {"__all__": ["This goal already has an outcome in this review."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize("key", REGISTERS)
def test_an_outcome_is_for_a_goal_of_the_record_under_review(key, strategy_user):
    reviewable, _record, review = _review(key, strategy_user)
    other_goal = REGISTERS[key][1]()
    outcome = reviewable.outcome_model(review=review, goal=other_goal, outcome="met")
    assert _errors(outcome) == {"goal": ["Choose a goal of the record under review."]}


@pytest.mark.parametrize("key", REGISTERS)
def test_goals_reviews_and_outcomes_keep_their_history(key, strategy_user):
    reviewable, record, review = _review(key, strategy_user)
    outcome = reviewable.outcome_model.objects.create(review=review, goal=record.goals.get(), outcome="met")
    outcome.comment = "Better than planned."
    outcome.save()
    assert [row.history_type for row in outcome.history.all()] == ["~", "+"]
    assert review.history.count() == 1
    assert record.goals.get().history.exists()


@pytest.mark.parametrize("key", REGISTERS)
def test_the_record_s_page_lists_its_reviews_and_offers_the_form_to_reviewers(
    key, strategy_user, coordinator_client, culture_client
):
    reviewable, record, review = _review(key, strategy_user)
    reviewable.outcome_model.objects.create(
        review=review, goal=record.goals.get(), outcome="met", comment="On track."
    )
    form_url = reverse("coordination:review-add", args=[key, record.pk])

    page = coordinator_client.get(record.get_absolute_url()).content.decode()
    assert "Worth it." in page and "On track." in page
    assert f'href="{form_url}"' in page

    assert f'href="{form_url}"' not in culture_client.get(record.get_absolute_url()).content.decode()


@pytest.mark.parametrize("key", REGISTERS)
def test_a_record_not_under_review_offers_no_review_form(key, coordinator_client):
    record = REGISTERS[key][0]()  # proposed or explored: not under review
    page = coordinator_client.get(record.get_absolute_url()).content.decode()
    assert "Not reviewed yet." in page
    assert reverse("coordination:review-add", args=[key, record.pk]) not in page


@pytest.mark.parametrize("key", REGISTERS)
def test_the_review_models_are_named_after_their_record_and_keep_a_history(key):
    reviewable = reviewables.get(key)
    record = reviewable.model
    goal = record._meta.get_field("goals").related_model
    models = (goal, reviewable.review_model, reviewable.outcome_model)

    assert [model.__name__ for model in models] == [
        f"{record.__name__}{kind}" for kind in ("Goal", "Review", "GoalOutcome")
    ]
    assert {model._meta.app_label for model in models} == {record._meta.app_label}
    assert reviewable.review_model._meta.verbose_name == f"{key} review"
    assert reviewable.outcome_model._meta.get_field("goal").related_model is goal
    assert reviewable.outcome_model.record_field == key
    for model in models:
        assert model.history.model.__name__ == f"Historical{model.__name__}"


@pytest.mark.parametrize("key", REGISTERS)
def test_an_active_record_needs_its_start_date_and_an_ended_one_its_end_date(key):
    record_factory, _goal_factory = REGISTERS[key]
    record = record_factory(active=True)
    record.start_date = None
    assert _errors(record)["start_date"] == [f"An active {key} needs a start date."]

    record.refresh_from_db()
    record.status = record.Status.ENDED
    record.end_date = None
    assert _errors(record)["end_date"] == [f"An ended {key} needs an end date."]
