import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.models import Membership, Network
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    OrgUnitFactory,
    RoleFactory,
    StrategyPeriodFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_end_before_start_is_refused_at_the_end_date():
    membership = MembershipFactory.build(
        network=NetworkFactory(),
        owner_unit=OrgUnitFactory(),
        responsible_person=MembershipFactory().responsible_person,
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 4, 30),
    )
    assert errors_of(membership) == {"end_date": ["The end date cannot be before the start date."]}


def test_a_negative_fee_is_refused_at_the_fee():
    membership = MembershipFactory()
    membership.annual_fee = Decimal("-0.01")
    assert errors_of(membership) == {"annual_fee": ["A fee cannot be negative."]}


def test_the_database_refuses_a_negative_fee_and_an_end_before_start_too():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(annual_fee=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(
            start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 1, 1)
        )


def test_owner_unit_and_responsible_person_are_required():
    membership = Membership(network=NetworkFactory(), status=Membership.Status.PROPOSED)
    errors = errors_of(membership)
    assert errors["owner_unit"] == ["This field cannot be null."]
    assert errors["responsible_person"] == ["This field cannot be null."]


def test_an_active_membership_needs_a_start_date():
    membership = MembershipFactory(active=True)
    membership.start_date = None
    assert errors_of(membership) == {"start_date": ["An active membership needs a start date."]}


def test_an_ended_membership_needs_an_end_date():
    membership = MembershipFactory(active=True)
    membership.status = Membership.Status.ENDED
    assert errors_of(membership) == {"end_date": ["An ended membership needs an end date."]}


def test_an_active_membership_needs_a_goal():
    membership = MembershipFactory(status=Membership.Status.ACTIVE)
    with pytest.raises(ValidationError) as caught:
        membership.validate_goal_count(0)
    assert caught.value.messages == ["A record with the status “Active” needs at least one goal."]
    membership.validate_goal_count(1)


@pytest.mark.parametrize("status", ["proposed", "assessing", "ending", "ended", "declined"])
def test_other_statuses_may_be_without_goals(status):
    MembershipFactory.build(status=status).validate_goal_count(0)


def test_the_status_follows_the_lifecycle():
    membership = MembershipFactory(active=True)
    membership.status = Membership.Status.PROPOSED
    assert errors_of(membership) == {"status": ["A membership cannot move from “Active” to “Proposed”."]}


def test_an_ended_membership_stays_ended():
    membership = MembershipFactory(active=True, end_date=datetime.date(2025, 1, 1))
    membership.status = Membership.Status.ENDED
    membership.full_clean()
    membership.save()
    membership = Membership.objects.get(pk=membership.pk)
    membership.status = Membership.Status.ACTIVE
    assert errors_of(membership) == {"status": ["A membership cannot move from “Ended” to “Active”."]}


def test_the_decision_number_has_the_city_s_form():
    membership = MembershipFactory(decision_reference="HEL 2019-012572")
    membership.full_clean()
    membership.decision_reference = "2019-12572"
    assert errors_of(membership) == {
        "decision_reference": ["Give the decision number in the form HEL 2019-012572."]
    }


def test_a_unit_has_one_current_membership_per_network():
    first = MembershipFactory()
    second = MembershipFactory.build(
        network=first.network, owner_unit=first.owner_unit, responsible_person=first.responsible_person
    )
    assert errors_of(second) == {"__all__": ["This unit already has a current membership in this network."]}
    second.status = Membership.Status.DECLINED
    second.full_clean()


def test_a_role_cannot_end_before_it_starts():
    role = RoleFactory.build(
        membership=MembershipFactory(),
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    assert errors_of(role) == {"end_date": ["A role cannot end before it starts."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()


def test_the_first_review_is_one_interval_away():
    membership = MembershipFactory(active=True, review_interval_months=6)
    assert membership.next_review_due == timezone.localdate() + relativedelta(months=6)


def test_a_proposed_membership_has_no_review_date_yet():
    assert MembershipFactory().next_review_due is None


def test_a_given_review_date_is_kept():
    due = datetime.date(2030, 1, 1)
    assert MembershipFactory(active=True, next_review_due=due).next_review_due == due


def test_review_questions():
    today = timezone.localdate()
    overdue = MembershipFactory(active=True, next_review_due=today - datetime.timedelta(days=1))
    due_soon = MembershipFactory(active=True, next_review_due=today + datetime.timedelta(days=10))
    MembershipFactory(active=True, next_review_due=today + datetime.timedelta(days=60))
    ending = MembershipFactory(active=True, next_review_due=today + datetime.timedelta(days=5))
    Membership.objects.filter(pk=ending.pk).update(status=Membership.Status.ENDING)
    declined = MembershipFactory(next_review_due=today - datetime.timedelta(days=100))
    Membership.objects.filter(pk=declined.pk).update(status=Membership.Status.DECLINED)

    assert set(Membership.objects.review_overdue()) == {overdue}
    assert set(Membership.objects.review_due(before=today + datetime.timedelta(days=30))) == {
        overdue,
        due_soon,
        ending,
    }
    assert overdue.is_review_overdue() and not due_soon.is_review_overdue()


def test_editable_by_names_the_owner_unit_s_records(culture_user, strategy_user, urban_user):
    culture_unit = culture_user.units.get()
    mine = MembershipFactory(owner_unit=culture_unit)
    MembershipFactory(owner_unit=urban_user.units.get())
    assert list(Membership.objects.editable_by(culture_user)) == [mine]
    assert Membership.objects.editable_by(strategy_user).count() == 2


def test_current_memberships_exclude_ended_and_declined():
    current = MembershipFactory()
    ended = MembershipFactory()
    Membership.objects.filter(pk=ended.pk).update(status=Membership.Status.ENDED)
    assert list(Membership.objects.current()) == [current]


def test_priority_and_target_networks_of_a_period():
    period = StrategyPeriodFactory()
    eurocities = NetworkFactory(name="Eurocities")
    c40 = NetworkFactory(name="C40")
    NetworkFactory(name="Other")
    eurocities.designations.create(period=period)
    c40.designations.create(period=period, is_target=True)
    assert set(Network.objects.designated_in(period)) == {eurocities, c40}


def test_goals_keep_their_order():
    membership = MembershipFactory()
    second = MembershipGoalFactory(membership=membership, order=2, title="Second")
    first = MembershipGoalFactory(membership=membership, order=1, title="First")
    assert list(membership.goals.all()) == [first, second]
