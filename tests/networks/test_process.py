"""A membership's process: proposed, submitted for assessment, assessed, decided; ended by a decision.

Each step is taken only by those the table allows, only from the statuses it starts from, and
writes the record, its timeline and its domain event together; a refused step changes nothing.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from helsinki_intl.outbox.models import DomainEvent
from networks.models import Membership
from networks.process import MEMBERSHIP_PROCESS
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.networks.test_views import new_membership_data, posted_back
from tests.property.hostile import changes, snapshot
from tests.records.process_walk import (
    ROLES,
    assert_the_process_is_the_models,
    assert_walked,
    in_source_state,
    step_names,
    step_url,
)

Status = Membership.Status


@pytest.fixture
def proposal(culture_unit, culture_user):
    membership = MembershipFactory(
        owner_unit=culture_unit, responsible_person=culture_user, benefits="Learning from peers."
    )
    MembershipGoalFactory(membership=membership)
    return membership


def decision(**overrides) -> dict:
    return {
        "outcome": "joined",
        "deciding_body": "city_board",
        "decision_date": "2026-11-30",
        "decision_reference": "HEL 2026-012345",
        **overrides,
    }


def events_of(membership) -> list[str]:
    return list(DomainEvent.objects.about(membership).values_list("kind", flat=True))


@pytest.mark.django_db
def test_a_proposal_goes_through_assessment_and_a_decision_to_active(
    proposal, culture_client, coordinator_client, strategy_client, strategy_user
):
    response = culture_client.post(step_url(proposal, "submit"), {"one_in_one_out": "A new theme."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSESSING
    assert proposal.one_in_one_out == "A new theme."

    response = coordinator_client.post(
        step_url(proposal, "assess"), {"recommendation": "join", "statement": "Worth the fee."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.assessment_recommendation) == (Status.ASSESSED, "join")

    response = strategy_client.post(step_url(proposal, "decide"), decision())
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.ACTIVE
    assert proposal.decision_reference == "HEL 2026-012345"
    assert proposal.start_date == datetime.date(2026, 11, 30)

    timeline = list(proposal.status_changes.values_list("from_status", "status"))
    assert timeline == [("proposed", "assessing"), ("assessing", "assessed"), ("assessed", "active")]
    joined = proposal.status_changes.get(status=Status.ACTIVE)
    assert (joined.deciding_body, joined.decision_reference, joined.changed_by) == (
        "city_board",
        "HEL 2026-012345",
        strategy_user,
    )
    assert events_of(proposal) == ["membership.submit", "membership.assess", "membership.decide"]
    event = DomainEvent.objects.about(proposal).last()
    assert event.payload["from_status"] == "assessed"
    assert event.payload["status"] == "active"
    assert event.actor == strategy_user


@pytest.mark.django_db
def test_a_declined_proposal_keeps_no_decision_to_join(proposal, strategy_client):
    proposal.status = Status.ASSESSED
    proposal.save()
    response = strategy_client.post(step_url(proposal, "decide"), decision(outcome="declined"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.DECLINED
    assert proposal.decision_reference == ""
    assert proposal.status_changes.get().decision_reference == "HEL 2026-012345"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda record: record.goals.all().delete(), "Add at least one goal"),
        (lambda record: Membership.objects.filter(pk=record.pk).update(benefits=""), "expected benefit"),
        (lambda record: Membership.objects.filter(pk=record.pk).update(annual_fee=None), "yearly fee"),
    ],
    ids=["no goal", "no benefit", "no fee"],
)
def test_a_proposal_missing_what_the_assessment_needs_is_not_submitted(
    proposal, culture_client, prepare, message
):
    prepare(proposal)
    before = snapshot()
    response = culture_client.post(step_url(proposal, "submit"), {"one_in_one_out": "A new theme."})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not changes(before)


@pytest.mark.django_db
def test_submitting_needs_an_answer_to_one_in_one_out(proposal, culture_client, culture_unit):
    other = MembershipFactory(active=True, owner_unit=culture_unit, annual_fee=5000)
    response = culture_client.get(step_url(proposal, "submit"))
    assert str(other.network) in response.content.decode()  # the unit's other memberships, beside it

    before = snapshot()
    response = culture_client.post(step_url(proposal, "submit"), {"one_in_one_out": "  "})
    assert response.context["form"].has_error("one_in_one_out")
    assert not changes(before)

    response = culture_client.post(step_url(proposal, "submit"), {"ends_membership": other.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.ends_membership == other


@pytest.mark.django_db
def test_only_the_units_own_current_memberships_may_be_named_to_end(proposal, culture_client, urban_unit):
    elsewhere = MembershipFactory(active=True, owner_unit=urban_unit)
    response = culture_client.post(step_url(proposal, "submit"), {"ends_membership": elsewhere.pk})
    assert response.context["form"].has_error("ends_membership")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"decision_reference": "2026-12345"},
        {"decision_reference": ""},
        {"decision_date": "2999-01-01"},
        {"deciding_body": "the unit itself"},
        {"outcome": "active"},
    ],
)
def test_a_decision_without_its_body_date_or_number_is_refused(proposal, strategy_client, bad):
    proposal.status = Status.ASSESSED
    proposal.save()
    before = snapshot()
    response = strategy_client.post(step_url(proposal, "decide"), decision(**bad))
    assert response.status_code == 200
    assert not changes(before)


@pytest.mark.django_db
def test_a_step_the_status_no_longer_allows_answers_409_and_changes_nothing(proposal, strategy_client):
    before = snapshot()
    response = strategy_client.post(step_url(proposal, "decide"), decision())
    assert response.status_code == 409
    assert "cannot be taken" in response.content.decode()
    assert not changes(before)
    assert strategy_client.get(step_url(proposal, "decide")).status_code == 409


@pytest.mark.django_db
def test_an_unknown_step_is_not_found(proposal, strategy_client):
    assert strategy_client.get(step_url(proposal, "grant")).status_code == 404


@pytest.mark.django_db
def test_ending_a_membership_needs_a_recorded_decision(proposal, culture_client, strategy_client):
    proposal.status, proposal.start_date = Status.ACTIVE, datetime.date(2020, 1, 1)
    proposal.save()
    assert culture_client.post(step_url(proposal, "end"), {}).status_code == 403
    response = culture_client.post(step_url(proposal, "propose_ending"), {"reason": "Little benefit."})
    assert response.status_code == 302
    response = strategy_client.post(
        step_url(proposal, "end"),
        {
            "deciding_body": "division_head",
            "decision_date": "2026-11-30",
            "decision_reference": "HEL 2026-000001",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.end_date) == (Status.ENDED, datetime.date(2026, 12, 31))
    assert list(proposal.status_changes.values_list("status", flat=True)) == ["ending", "ended"]


# The permission walk: every step, by every role, with each method.
ALLOWED = {
    "submit": {"owner unit", "international affairs"},
    "withdraw": {"owner unit", "international affairs"},
    "assess": {"coordinator", "international affairs"},
    "decide": {"international affairs"},
    "propose_ending": {"owner unit", "international affairs"},
    "keep": {"owner unit", "international affairs"},
    "end": {"international affairs"},
    "propose_again": {"owner unit", "international affairs"},
}


def test_the_walk_covers_every_step():
    assert set(ALLOWED) == set(step_names(MEMBERSHIP_PROCESS))


def test_the_models_transitions_are_the_process_steps():
    assert_the_process_is_the_models(
        Membership, MEMBERSHIP_PROCESS, ("status", Membership.ALLOWED_TRANSITIONS)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("step", step_names(MEMBERSHIP_PROCESS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_walk(step, role, step_clients, proposal):
    proposal.start_date = datetime.date(2020, 1, 1)  # an active membership has started
    in_source_state(proposal, MEMBERSHIP_PROCESS.step(step))
    assert_walked(proposal, step, step_clients[role], allowed=role in ALLOWED[step])


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(proposal):
    response = Client().post(step_url(proposal, "submit"), {"one_in_one_out": "x"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_the_edit_form_cannot_set_a_status_or_a_decision(proposal, culture_client):
    """A crafted POST of `status=active` and a decision number through the edit form changes
    neither: the form carries no such fields."""
    page = culture_client.get(reverse("networks:membership-edit", args=[proposal.pk]))
    data = posted_back(page, status="active", decision_reference="HEL 2026-999999")
    response = culture_client.post(reverse("networks:membership-edit", args=[proposal.pk]), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED
    assert proposal.decision_reference == ""
    assert not proposal.status_changes.exists()


@pytest.mark.django_db
def test_the_record_page_shows_where_the_record_is_and_the_steps_a_person_may_take(
    proposal, culture_client, coordinator_client
):
    page = culture_client.get(proposal.get_absolute_url()).content.decode()
    assert step_url(proposal, "submit") in page
    assert "Submit for assessment" in page
    page = coordinator_client.get(proposal.get_absolute_url()).content.decode()
    assert "Submit for assessment" in page  # named, with who takes it
    assert step_url(proposal, "submit") not in page  # but no button: the coordinator may not


@pytest.mark.django_db
def test_a_new_membership_starts_its_timeline_and_its_events(culture_client, culture_unit, culture_user):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "Learn", "target": "", "indicator": ""}],
    )
    response = culture_client.post(reverse("networks:membership-add"), data)
    assert response.status_code == 302
    created = Membership.objects.get()
    assert list(created.status_changes.values_list("from_status", "status")) == [("", "proposed")]
    assert events_of(created) == ["membership.created"]


@pytest.mark.django_db
def test_earlier_memberships_get_an_honest_timeline_entry(culture_unit):
    active = MembershipFactory(active=True, owner_unit=culture_unit, decision_reference="HEL 2019-012572")
    ended = MembershipFactory(
        status=Status.ENDED, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2020, 6, 30)
    )
    MembershipFactory(owner_unit=culture_unit)  # proposed: nothing was decided
    migration = importlib.import_module("networks.migrations.0010_timeline_of_earlier_memberships")
    migration.note_earlier_statuses(apps, None)

    entry = active.status_changes.get()
    assert (entry.status, entry.predates_portal, entry.decision_reference) == (
        "active",
        True,
        "HEL 2019-012572",
    )
    assert entry.deciding_body == "" and entry.changed_by is None  # no invented decision
    assert list(ended.status_changes.values_list("from_status", "status", "changed_on")) == [
        ("", "active", datetime.date(2015, 1, 1)),
        ("active", "ended", datetime.date(2020, 6, 30)),
    ]
    assert Membership.objects.filter(status=Status.PROPOSED).get().status_changes.count() == 0


@pytest.mark.django_db
def test_the_dashboard_shows_each_deciding_body_its_queue_linked_to_exactly_those_rows(
    culture_unit, coordinator_client, strategy_client, culture_client
):
    MembershipFactory.create_batch(2, owner_unit=culture_unit, status=Status.ASSESSING)
    MembershipFactory(owner_unit=culture_unit, status=Status.ASSESSED)
    MembershipFactory(owner_unit=culture_unit)  # a draft: in no queue

    coordinator = coordinator_client.get("/").context["my_queues"]
    assert [(queue.key, figure.count) for queue, figure in coordinator] == [("memberships_to_assess", 2)]
    strategy = {queue.key: figure for queue, figure in strategy_client.get("/").context["my_queues"]}
    assert strategy["memberships_to_decide"].count == 1
    listed = strategy_client.get(strategy["memberships_to_decide"].url)
    assert [row.status for row in listed.context["object_list"]] == [Status.ASSESSED]
    assert culture_client.get("/").context["my_queues"] == []


@pytest.mark.django_db
def test_a_deleted_record_leaves_its_event(proposal, culture_client, culture_user):
    name = str(proposal)
    response = culture_client.post(reverse("networks:membership-delete", args=[proposal.pk]))
    assert response.status_code == 302
    event = DomainEvent.objects.get(kind="membership.deleted")
    assert (event.object_id, event.actor, event.payload["name"]) == (proposal.pk, culture_user, name)
