"""Who is told of a change: the record's own people and its followers, never the person who made it."""

import datetime

import pytest
import rules
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.models import Follow, Notification
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.services import record_delete
from tests.eu_projects.factories import CallFactory, ProgrammeFactory
from tests.factories import MembershipFactory, RoleFactory, UserFactory

from .helpers import changed, proposed_assessed_and_decided, told


def follow(user, target, following=True):
    return Follow.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        following=following,
    )


@pytest.mark.django_db
def test_the_responsible_person_is_told_of_a_change_by_someone_else(membership, culture_user, strategy_user):
    changed(membership, strategy_user)

    assert told(culture_user) == ["membership.changed"]
    notification = Notification.objects.get(user=culture_user)
    assert notification.record_name == str(membership)
    assert notification.event.actor == strategy_user


@pytest.mark.django_db
def test_no_one_is_told_of_their_own_change(membership, culture_user):
    changed(membership, culture_user)

    assert told(culture_user) == []


@pytest.mark.django_db
def test_each_step_of_the_process_reaches_the_record_s_people(
    membership, culture_user, coordinator_user, strategy_user
):
    proposed_assessed_and_decided(membership, culture_user, coordinator_user, strategy_user)

    assert told(culture_user) == ["membership.assess", "membership.decide"]
    decision = Notification.objects.get(user=culture_user, event__kind="membership.decide")
    assert decision.at_once, "a decision on one's own record is e-mailed at once"
    assert not Notification.objects.get(user=culture_user, event__kind="membership.assess").at_once


@pytest.mark.django_db
def test_the_person_who_added_a_record_and_its_role_holders_follow_it(membership, culture_user, urban_user):
    holder = UserFactory()
    RoleFactory(membership=membership, holder_user=holder)
    DomainEvent.objects.create(
        kind="membership.created",
        content_type=ContentType.objects.get_for_model(membership),
        object_id=membership.pk,
        actor=urban_user,
        dispatched_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )

    changed(membership, culture_user)

    assert told(urban_user) == ["membership.changed"]
    assert told(holder) == ["membership.changed"]


@pytest.mark.django_db
def test_a_follower_is_told_and_one_who_stopped_is_not(membership, culture_user, urban_user, strategy_user):
    follow(urban_user, membership)
    follow(culture_user, membership, following=False)

    changed(membership, strategy_user)

    assert told(urban_user) == ["membership.changed"]
    assert told(culture_user) == []


@pytest.mark.django_db
def test_a_unit_s_followers_are_told_of_its_records(membership, culture_unit, urban_user, strategy_user):
    follow(urban_user, culture_unit)
    other = MembershipFactory()

    changed(membership, strategy_user)
    changed(other, strategy_user)
    dispatch_events()

    assert list(Notification.objects.filter(user=urban_user).values_list("event__object_id", flat=True)) == [
        membership.pk
    ]


@pytest.mark.django_db
def test_a_programme_s_followers_are_told_of_its_new_calls(urban_user, strategy_user, culture_unit):
    programme = ProgrammeFactory()
    follow(urban_user, programme)
    call = CallFactory(programme=programme, owner_unit=culture_unit)
    DomainEvent.objects.create(
        kind="call.created",
        content_type=ContentType.objects.get_for_model(call),
        object_id=call.pk,
        actor=strategy_user,
    )
    CallFactory(owner_unit=culture_unit)  # of another programme

    assert told(urban_user) == ["call.created"]


@pytest.mark.django_db
def test_a_deleted_record_is_named_as_it_was(membership, culture_user, strategy_user):
    follow(culture_user, membership)
    name = str(membership)

    record_delete(record=membership, by=strategy_user)

    assert told(culture_user) == ["membership.deleted"]
    notification = Notification.objects.get(user=culture_user)
    assert notification.record_name == name
    assert notification.record_url is None


@pytest.mark.django_db
def test_inactive_people_and_people_who_may_not_read_the_record_are_not_told(
    membership, culture_user, urban_user, coordinator_user, strategy_user, monkeypatch
):
    follow(urban_user, membership)
    follow(coordinator_user, membership)
    urban_user.is_active = False
    urban_user.save()
    refused = rules.permissions.permissions["networks.view_membership"]
    monkeypatch.setitem(
        rules.permissions.permissions,
        "networks.view_membership",
        refused & ~rules.predicate(lambda user: user.username == "coordinator"),
    )

    changed(membership, strategy_user)

    assert told(urban_user) == []
    assert told(coordinator_user) == []
    assert told(culture_user) == ["membership.changed"]


@pytest.mark.django_db
def test_an_event_is_dispatched_once_however_often_the_sweep_runs(membership, culture_user, strategy_user):
    changed(membership, strategy_user)

    assert dispatch_events() == 1
    assert dispatch_events() == 0
    assert Notification.objects.filter(user=culture_user).count() == 1
    assert not DomainEvent.objects.undispatched().exists()


def queries_to_dispatch(membership, followers: int, by) -> int:
    for _ in range(followers):
        follow(UserFactory(), membership)
    changed(membership, by)
    with CaptureQueriesContext(connection) as queries:
        dispatch_events()
    return len(queries)


@pytest.mark.django_db
def test_an_event_with_many_followers_is_dispatched_in_as_many_queries_as_one_with_few(
    culture_unit, culture_user, strategy_user
):
    few = queries_to_dispatch(MembershipFactory(owner_unit=culture_unit), 2, strategy_user)
    many = queries_to_dispatch(MembershipFactory(owner_unit=culture_unit), 60, strategy_user)

    assert Notification.objects.count() == 2 + 60 + 2  # and the two responsible people
    assert many == few


@pytest.mark.django_db
def test_a_review_falling_overdue_and_a_role_s_term_ending_are_told_once(
    culture_unit, culture_user, urban_user
):
    from helsinki_intl.coordination.delivery import record_due_reminders

    today = datetime.date(2026, 12, 7)
    membership = MembershipFactory(
        active=True,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        next_review_due=today - datetime.timedelta(days=8),
    )
    follow(urban_user, membership)
    RoleFactory(
        membership=membership,
        title="Forum chair",
        holder_user=UserFactory(),
        end_date=today + datetime.timedelta(days=20),
    )

    record_due_reminders(today)
    record_due_reminders(today)
    record_due_reminders(today + datetime.timedelta(days=1))

    assert told(urban_user) == ["membership.review_overdue", "membership.role_term_ending"]
    assert told(culture_user) == ["membership.review_overdue", "membership.role_term_ending"]
    ending = Notification.objects.get(user=urban_user, event__kind="membership.role_term_ending")
    assert ending.event.payload["role"].startswith("Forum chair")


@pytest.mark.django_db
def test_a_transaction_that_records_many_events_starts_one_sweep_after_its_commit(
    culture_unit, strategy_user, django_capture_on_commit_callbacks
):
    from helsinki_intl.notifications.dispatch import start_dispatch

    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(3):
            changed(MembershipFactory(owner_unit=culture_unit), strategy_user)

    assert [callback for callback in callbacks if callback is start_dispatch] == [start_dispatch]
