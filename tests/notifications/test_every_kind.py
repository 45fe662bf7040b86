"""Every kind of event the issue names reaches a follower in the portal and in the digest, named in
the follower's language: created, changed, submitted, assessed, decided, reviewed, deleted, a review
overdue, a role's term ending, a new call in a followed programme, a call's deadline near."""

import datetime
import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.coordination.delivery import record_due_reminders
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.coordination.services import GoalAssessment, review_record
from helsinki_intl.notifications.delivery import record_digests, send_ready_emails
from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.models import Follow
from helsinki_intl.outbox.services import event_record
from helsinki_intl.records.services import record_delete
from networks.models import Membership
from tests.eu_projects.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory, RoleFactory, UserFactory

from .helpers import changed, step

TODAY = datetime.date(2026, 12, 7)

SAID = [
    "Elina Laaksonen added it.",
    "Elina Laaksonen changed it.",
    "Aino Korhonen submitted it: Submit for assessment.",
    "Mikko Heinonen recorded the assessment.",
    "Elina Laaksonen recorded a decision: Active.",
    "Mikko Heinonen recorded a review.",
    "Elina Laaksonen deleted it.",
    "Its review is overdue: it was due on 20/11/2026.",
    "The term of the role Forum chair (Economic Development Department) ends on 31/12/2026.",
    "Its call's deadline is on 14/12/2026.",
]


def follow(user, target) -> None:
    Follow.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


@pytest.fixture
def people(culture_user, coordinator_user, strategy_user):
    for user, (first, last) in {
        culture_user: ("Aino", "Korhonen"),
        coordinator_user: ("Mikko", "Heinonen"),
        strategy_user: ("Elina", "Laaksonen"),
    }.items():
        user.first_name, user.last_name = first, last
        user.save()


@pytest.mark.django_db
def test_every_kind_of_event_reaches_a_follower_in_the_portal_and_by_e_mail(
    people, culture_unit, culture_user, coordinator_user, strategy_user, urban_user, urban_client, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    urban_user.language = "en"
    urban_user.save()
    follow(urban_user, culture_unit)
    programme = ProgrammeFactory(name="Horizon Europe")
    follow(urban_user, programme)

    added = NetworkFactory(owner_unit=culture_unit, name="Added network")
    event_record(kind="created", record=added, by=strategy_user)
    changed(added, strategy_user, acronym="AN")

    proposal = MembershipFactory(owner_unit=culture_unit, responsible_person=culture_user, benefits="Peers.")
    MembershipGoalFactory(membership=proposal)
    step(proposal, "submit", culture_user, one_in_one_out="A new theme.")
    step(proposal, "assess", coordinator_user, recommendation="join", statement="Worth it.")
    step(
        proposal,
        "decide",
        strategy_user,
        outcome="joined",
        deciding_body="city_board",
        decision_date="2026-11-30",
        decision_reference="HEL 2026-012345",
    )

    reviewed = MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=TODAY)
    review_record(
        reviewable_type=reviewables.for_model(Membership),
        record=reviewed,
        reviewer=coordinator_user,
        due_reviewed=TODAY,
        reviewed_on=TODAY,
        benefit_assessment="Worth it.",
        recommendation="continue",
        outcomes=[GoalAssessment(goal, "met") for goal in reviewed.goals.all()],
    )

    deleted = NetworkFactory(owner_unit=culture_unit, name="Deleted network")
    record_delete(record=deleted, by=strategy_user)

    overdue = MembershipFactory(
        active=True, owner_unit=culture_unit, next_review_due=datetime.date(2026, 11, 20)
    )
    RoleFactory(
        membership=overdue,
        title="Forum chair",
        holder_user=UserFactory(),
        end_date=datetime.date(2026, 12, 31),
    )
    deadline = datetime.datetime(2026, 12, 14, 17, 0, tzinfo=datetime.UTC)
    ApplicationFactory(
        owner_unit=culture_unit, call=CallFactory(deadline=deadline), responsible_person=UserFactory()
    )
    record_due_reminders(TODAY)

    call = CallFactory(programme=programme, owner_unit=culture_unit, identifier="HORIZON-2027-NEW")
    event_record(kind="created", record=call, by=strategy_user)

    dispatch_events()
    page = html.unescape(urban_client.get(reverse("notifications:list"), {"sort": "oldest"}).content.decode())
    # The notifications were made now, on the real clock (only the date is fixed): the digest
    # that tells them is the next day's of the clock's.
    record_digests(timezone.localtime().date() + datetime.timedelta(days=1))
    send_ready_emails()

    [digest] = [message for message in mail.outbox if message.to == [urban_user.email]]
    for sentence in SAID:
        assert sentence in page
        assert sentence in digest.body
    assert "HORIZON-2027-NEW" in page and "HORIZON-2027-NEW" in digest.body
    assert "Deleted network" in page and "Deleted network" in digest.body
