"""A state moved by a writer other than the step's form (the admin, an import, a service) needs
what the step needs of the record, as the step's form asks (`records.process.needs_missing`):
refused at the state's field or column, with nothing saved, when the record lacks it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import EventBid
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records import services
from helsinki_intl.records.imports.service import import_file
from networks.models import Membership
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.records import writers

pytestmark = pytest.mark.django_db

NO_GOAL = "Add at least one goal to the membership before submitting it."
NO_COST = "Give the estimated cost of the event before submitting the bid."
NO_IMPACT = "Describe the expected impact of the event before submitting the bid."


@pytest.fixture
def proposal(strategy_unit, culture_unit, culture_user):
    network = NetworkFactory(name="Eurocities", owner_unit=strategy_unit)
    return MembershipFactory(
        network=network,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="proposed",
        benefits="Learning from peers",
        annual_fee=1000,
    )


@pytest.fixture
def bid_in_preparation(culture_unit, culture_user):
    return EventBidFactory(
        name="SETAC Europe 2028",
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="idea",
        starts_on=timezone.localdate() + datetime.timedelta(days=400),
        ends_on=timezone.localdate() + datetime.timedelta(days=403),
        estimated_cost=None,
        expected_impact="",
    )


def unchanged(record) -> bool:
    """The record, its timeline and its events are as they were before the refused write."""
    saved = type(record).objects.get(pk=record.pk)
    return (
        saved.status == record.status
        and saved.version == record.version
        and not saved.status_changes.filter(from_status=record.status).exists()
        and not DomainEvent.objects.exclude(kind__endswith=".created").exists()
    )


def admin_post(client, record, **changes):
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    context = client.get(url).context
    data = writers.form_post_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        data.update(writers.form_post_data(inline.formset))
    data.update(changes)
    return client.post(url, data)


def imported(resource: str, record, by, **cells):
    data = writers.import_file_of(record, resource, **cells)
    return import_file(resource=resource, data=data, file_name="moves.csv", user=by, dry_run=False)


def test_the_admin_refuses_a_bid_moved_to_decision_without_its_cost_and_impact(
    bid_in_preparation, strategy_client
):
    response = admin_post(strategy_client, bid_in_preparation, status="for_decision")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [NO_COST, NO_IMPACT]
    assert unchanged(bid_in_preparation)


def test_an_import_refuses_a_bid_moved_to_decision_without_its_cost_at_the_status_column(
    bid_in_preparation, strategy_user
):
    report = imported(
        "bids", bid_in_preparation, strategy_user, status="for_decision", expected_impact="Visitors"
    )

    assert not report.saved
    [row] = report.rows
    assert [(error.column, error.message) for error in row.errors] == [("Status", NO_COST)]
    assert unchanged(bid_in_preparation)


def test_an_import_refuses_a_new_bid_entered_waiting_for_decision_without_what_the_decision_weighs(
    culture_unit, strategy_user
):
    start = timezone.localdate() + datetime.timedelta(days=400)
    data = writers.import_file_with(
        "bids",
        name="World Choir Games 2030",
        kind="congress",
        owner_unit="kuva",
        responsible_person="strategy",
        status="for_decision",
        starts_on=start.isoformat(),
        ends_on=start.isoformat(),
    )

    report = import_file(resource="bids", data=data, file_name="bids.csv", user=strategy_user, dry_run=False)

    assert not report.saved
    [row] = report.rows
    assert {error.message for error in row.errors} >= {NO_COST, NO_IMPACT}
    assert not EventBid.objects.filter(name="World Choir Games 2030").exists()


def test_a_service_refuses_a_proposal_submitted_without_goals_and_saves_nothing(proposal, strategy_user):
    with pytest.raises(ValidationError) as refused:
        services.record_update(record=proposal, by=strategy_user, status="assessing")

    assert refused.value.message_dict == {"status": [NO_GOAL]}
    assert unchanged(proposal)


def test_an_import_refuses_a_proposal_submitted_without_goals(proposal, strategy_user):
    report = imported("memberships", proposal, strategy_user, status="assessing")

    assert not report.saved
    assert [(error.column, error.message) for error in report.rows[0].errors] == [("Status", NO_GOAL)]
    assert unchanged(proposal)


def test_an_import_submits_a_proposal_with_the_goals_its_row_adds(proposal, strategy_user):
    report = imported(
        "memberships", proposal, strategy_user, status="assessing", goals="Host a forum meeting"
    )

    assert report.saved, [row.errors for row in report.rows]
    proposal.refresh_from_db()
    assert proposal.status == "assessing"
    assert [goal.title for goal in proposal.goals.all()] == ["Host a forum meeting"]
    assert proposal.status_changes.get(from_status="proposed").status == "assessing"


def test_the_admin_submits_a_proposal_that_has_what_the_step_needs(proposal, strategy_client):
    MembershipGoalFactory(membership=proposal, title="Host a forum meeting")

    response = admin_post(strategy_client, proposal, status="assessing")

    assert response.status_code == 302
    assert Membership.objects.get(pk=proposal.pk).status == "assessing"
