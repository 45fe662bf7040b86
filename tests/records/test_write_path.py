"""Writers besides the forms, steps and imports go through the write path too: the admin's
deletes, a row added on a record's page, a review, and the service for writers without a form."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.coordination.services import GoalAssessment, review_record
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.services import record_update
from networks.models import Membership
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.partnerships.factories import PartnershipFactory
from tests.records.writers import form_post_data

pytestmark = pytest.mark.django_db


def events_of(record) -> list[tuple]:
    return [
        (event.kind, event.actor.username if event.actor else None, event.payload)
        for event in DomainEvent.objects.about(record)
    ]


@pytest.fixture
def membership(culture_unit, culture_user):
    return MembershipFactory(
        network=NetworkFactory(name="Eurocities"), owner_unit=culture_unit, responsible_person=culture_user
    )


def test_a_record_deleted_in_the_admin_leaves_its_event(strategy_client, membership):
    url = reverse("admin:networks_membership_delete", args=[membership.pk])

    assert strategy_client.post(url, {"post": "yes"}).status_code == 302

    assert not Membership.objects.exists()
    assert events_of(membership) == [
        (
            "membership.deleted",
            "strategy",
            {
                "via": "admin",
                "name": str(membership),
                "owner_unit": membership.owner_unit_id,
                "responsible_person": membership.responsible_person_id,
            },
        )
    ]
    assert membership.history.latest().history_user.username == "strategy"


def test_records_deleted_by_the_admin_s_list_action_leave_an_event_each(
    strategy_client, membership, urban_unit
):
    other = MembershipFactory(network=membership.network, owner_unit=urban_unit)
    data = {"action": "delete_selected", "_selected_action": [membership.pk, other.pk], "post": "yes"}

    assert strategy_client.post(reverse("admin:networks_membership_changelist"), data).status_code == 302

    assert not Membership.objects.exists()
    assert [kind for record in (membership, other) for kind, _by, _facts in events_of(record)] == [
        "membership.deleted",
        "membership.deleted",
    ]


def test_a_goal_added_on_the_membership_s_page_is_a_change_of_the_membership(culture_client, membership):
    url = reverse("networks:membership-goals", args=[membership.pk])

    culture_client.post(url, {"goal-title": "Host a forum meeting", "goal-target": "", "goal-indicator": ""})

    saved = Membership.objects.get()
    assert [goal.title for goal in saved.goals.all()] == ["Host a forum meeting"]
    assert saved.version == membership.version + 1  # an edit form loaded before is refused
    assert events_of(saved) == [("membership.changed", "culture", {"via": "form", "status": "proposed"})]
    goal_history = saved.goals.get().history.get()
    assert (goal_history.history_type, goal_history.history_user.username) == ("+", "culture")


def test_a_review_is_an_event_of_the_record_reviewed(coordinator_user, culture_unit):
    today = timezone.localdate()
    membership = MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=today)

    review = review_record(
        reviewable_type=reviewables.for_model(Membership),
        record=membership,
        reviewer=coordinator_user,
        due_reviewed=today,
        reviewed_on=today,
        benefit_assessment="Worth it.",
        recommendation="continue",
        outcomes=[GoalAssessment(goal, "met") for goal in membership.goals.all()],
    )

    [(kind, by, facts)] = events_of(membership)
    assert (kind, by) == ("membership.reviewed", "coordinator")
    assert facts == {
        "via": "form",
        "review": review.pk,
        "reviewed_on": today.isoformat(),
        "recommendation": "continue",
        "next_review_due": Membership.objects.get().next_review_due.isoformat(),
    }


def test_the_service_without_a_form_refuses_what_the_model_refuses_and_saves_nothing(
    strategy_user, membership
):
    with pytest.raises(ValidationError) as refused:
        record_update(record=membership, by=strategy_user, annual_fee=Decimal("-1"))

    assert "annual_fee" in refused.value.message_dict
    assert Membership.objects.get().annual_fee == Decimal("1000.00")
    assert not DomainEvent.objects.exists()


def test_the_service_without_a_form_refuses_an_active_record_without_goals(strategy_user, culture_unit):
    partnership = PartnershipFactory(owner_unit=culture_unit)

    with pytest.raises(ValidationError):
        record_update(
            record=partnership, by=strategy_user, status="active", start_date=datetime.date(2025, 1, 1)
        )

    partnership.refresh_from_db()
    assert partnership.status == "explored"


def test_the_service_without_a_form_moves_a_state_as_the_step_does(strategy_user, membership):
    MembershipGoalFactory(membership=membership)
    Membership.objects.filter(pk=membership.pk).update(status="assessing")

    record_update(record=membership, by=strategy_user, status="proposed")

    assert [kind for kind, _by, _facts in events_of(membership)] == ["membership.withdraw"]
    assert membership.history.latest().history_change_reason == "Return to drafting"


def test_a_goal_changed_on_its_own_admin_page_is_a_change_of_its_membership(strategy_client, membership):
    goal = MembershipGoalFactory(membership=membership, title="Host a forum meeting")
    url = reverse("admin:networks_membershipgoal_change", args=[goal.pk])
    data = form_post_data(strategy_client.get(url).context["adminform"].form)

    assert strategy_client.post(url, {**data, "title": "Host two forum meetings"}).status_code == 302

    saved = Membership.objects.get()
    assert saved.version == membership.version + 1
    assert events_of(saved) == [("membership.changed", "strategy", {"via": "admin", "status": "proposed"})]


def test_goals_deleted_by_the_admin_s_list_action_are_a_change_of_their_membership(
    strategy_client, membership
):
    goals = [MembershipGoalFactory(membership=membership) for _ in range(2)]
    data = {"action": "delete_selected", "_selected_action": [goal.pk for goal in goals], "post": "yes"}

    assert strategy_client.post(reverse("admin:networks_membershipgoal_changelist"), data).status_code == 302

    assert not membership.goals.exists()
    assert [kind for kind, _by, _facts in events_of(membership)] == ["membership.changed"]
