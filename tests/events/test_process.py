"""An event bid's process: prepared, submitted for decision, decided by the major-events
coordination group, submitted, won or lost, held.

Each step is taken only by those the table allows, only from the statuses it starts from, and
writes the bid, its timeline and its domain event together; a refused step changes nothing.
"""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import EventBid
from events.process import EVENT_BID_PROCESS
from helsinki_intl.outbox.models import DomainEvent
from tests.events.factories import EventBidFactory
from tests.events.test_views import new_bid_data, posted_back
from tests.property.hostile import changes, snapshot
from tests.records.process_walk import (
    ROLES,
    assert_the_process_is_the_models,
    assert_walked,
    step_names,
    step_url,
)

Status = EventBid.Status


@pytest.fixture
def bid(culture_unit, culture_user):
    return EventBidFactory(
        owner_unit=culture_unit,
        responsible_person=culture_user,
        expected_impact="Researchers of environmental chemistry meet in Helsinki.",
    )


def decision(**overrides) -> dict:
    return {
        "outcome": "approved",
        "deciding_body": "major_events_group",
        "decision_date": "2026-11-30",
        "decision_reference": "HEL 2026-012345",
        "note": "The group supports the bid.",
        "conditions": "The unit reports the delegates after the event.",
        "resources_granted": "80000.00",
        **overrides,
    }


def events_of(bid) -> list[str]:
    return list(DomainEvent.objects.about(bid).values_list("kind", flat=True))


def in_status(bid, status: str, **fields):
    """The bid moved to `status` as its steps would have left it (a decided bid has its decision)."""
    if status not in (Status.IDEA, Status.FOR_DECISION):
        fields = {
            "decision_date": datetime.date(2026, 3, 10),
            "decision": "The group supports the bid.",
            "minutes_reference": "HEL 2026-001234",
            **fields,
        }
    EventBid.objects.filter(pk=bid.pk).update(status=status, **fields)
    bid.refresh_from_db()
    return bid


@pytest.mark.django_db
def test_a_bid_goes_from_idea_through_the_decision_to_the_event_held(
    bid, culture_client, major_events_client, major_events_user, culture_user
):
    assert culture_client.post(step_url(bid, "submit"), {}).status_code == 302
    bid.refresh_from_db()
    assert bid.status == Status.FOR_DECISION

    response = major_events_client.post(step_url(bid, "decide"), decision())
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.status == Status.APPROVED
    assert (bid.decision_date, bid.minutes_reference, bid.decision) == (
        datetime.date(2026, 11, 30),
        "HEL 2026-012345",
        "The group supports the bid.",
    )
    assert (bid.conditions, bid.resources_granted) == (
        "The unit reports the delegates after the event.",
        Decimal("80000.00"),
    )

    assert (
        culture_client.post(step_url(bid, "submit_bid"), {"note": "Sent to the association."}).status_code
        == 302
    )
    assert culture_client.post(step_url(bid, "outcome"), {"outcome": "won"}).status_code == 302
    EventBid.objects.filter(pk=bid.pk).update(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    assert culture_client.post(step_url(bid, "held"), {}).status_code == 302
    bid.refresh_from_db()
    assert bid.status == Status.HELD

    timeline = list(bid.status_changes.values_list("from_status", "status"))
    assert timeline == [
        ("idea", "for_decision"),
        ("for_decision", "approved"),
        ("approved", "submitted"),
        ("submitted", "won"),
        ("won", "held"),
    ]
    decided = bid.status_changes.get(status=Status.APPROVED)
    assert (decided.deciding_body, decided.decision_date, decided.decision_reference, decided.changed_by) == (
        "major_events_group",
        datetime.date(2026, 11, 30),
        "HEL 2026-012345",
        major_events_user,
    )
    assert bid.status_changes.get(status=Status.SUBMITTED).note == "Sent to the association."
    assert bid.status_changes.get(status=Status.WON).changed_by == culture_user
    assert events_of(bid) == [
        "eventbid.submit",
        "eventbid.decide",
        "eventbid.submit_bid",
        "eventbid.outcome",
        "eventbid.held",
    ]
    event = DomainEvent.objects.about(bid).get(kind="eventbid.decide")
    assert (event.payload["from_status"], event.payload["status"], event.actor) == (
        "for_decision",
        "approved",
        major_events_user,
    )


@pytest.mark.django_db
def test_the_decision_is_the_major_events_group_s_unless_another_body_is_named(bid, major_events_client):
    in_status(bid, Status.FOR_DECISION)
    form = major_events_client.get(step_url(bid, "decide")).context["form"]
    assert form["deciding_body"].value() == "major_events_group"
    response = major_events_client.post(step_url(bid, "decide"), decision(deciding_body="city_board"))
    assert response.status_code == 302
    assert bid.status_changes.get().deciding_body == "city_board"


@pytest.mark.django_db
def test_a_declined_bid_keeps_its_decision_and_is_granted_nothing(bid, strategy_client):
    in_status(bid, Status.FOR_DECISION)
    response = strategy_client.post(
        step_url(bid, "decide"),
        decision(outcome="declined", conditions="", resources_granted="", note="Too costly."),
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert (bid.status, bid.decision, bid.minutes_reference, bid.resources_granted) == (
        Status.DECLINED,
        "Too costly.",
        "HEL 2026-012345",
        None,
    )
    assert bid.status_changes.get().note == "Too costly."


@pytest.mark.django_db
def test_a_bid_returned_to_preparation_is_an_idea_again(bid, culture_client):
    in_status(bid, Status.FOR_DECISION)
    assert culture_client.post(step_url(bid, "withdraw"), {"note": "More partners first."}).status_code == 302
    bid.refresh_from_db()
    assert bid.status == Status.IDEA
    assert list(bid.status_changes.values_list("from_status", "status", "note")) == [
        ("for_decision", "idea", "More partners first.")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"estimated_cost": None}, "estimated cost"),
        ({"city_resources": None}, "city resources"),
        ({"expected_impact": " "}, "expected impact"),
        ({"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2020, 1, 2)}, "already started"),
    ],
    ids=["no cost", "no resources asked", "no impact", "started"],
)
def test_a_bid_missing_what_the_decision_needs_is_not_submitted(bid, culture_client, fields, message):
    EventBid.objects.filter(pk=bid.pk).update(**fields)
    before = snapshot()
    response = culture_client.post(step_url(bid, "submit"), {})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not changes(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"decision_reference": "2026-12345"},
        {"decision_reference": ""},
        {"decision_date": "2999-01-01"},
        {"decision_date": ""},
        {"note": "  "},
        {"deciding_body": "the unit itself"},
        {"outcome": "won"},
        {"resources_granted": "100000.01"},  # more than the bid asks for
        {"resources_granted": "-1"},
        {"resources_granted": "1e309"},
        {"outcome": "declined", "conditions": ""},  # a declined bid is granted nothing
        {"outcome": "declined", "resources_granted": ""},  # nor given conditions
    ],
)
def test_a_decision_without_what_it_needs_is_refused(bid, major_events_client, bad):
    in_status(bid, Status.FOR_DECISION)
    before = snapshot()
    response = major_events_client.post(step_url(bid, "decide"), decision(**bad))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not changes(before)


@pytest.mark.django_db
def test_an_event_is_recorded_held_only_once_it_has_started(bid, culture_client):
    in_status(bid, Status.WON)
    before = snapshot()
    response = culture_client.post(step_url(bid, "held"), {})
    assert response.status_code == 200
    assert "An event can be marked held only once it has started." in response.content.decode()
    assert not changes(before)


@pytest.mark.django_db
def test_a_step_the_status_no_longer_allows_answers_409_and_changes_nothing(bid, major_events_client):
    before = snapshot()
    response = major_events_client.post(step_url(bid, "decide"), decision())
    assert response.status_code == 409
    assert "cannot be taken" in response.content.decode()
    assert not changes(before)
    assert major_events_client.get(step_url(bid, "decide")).status_code == 409


@pytest.mark.django_db
def test_an_unknown_step_is_not_found(bid, strategy_client):
    assert strategy_client.get(step_url(bid, "grant")).status_code == 404


# The permission walk: every step, by every role, with each method.
ALLOWED = {
    "submit": {"owner unit", "international affairs"},
    "withdraw": {"owner unit", "international affairs"},
    "decide": {"major events", "international affairs"},
    "submit_bid": {"owner unit", "international affairs"},
    "outcome": {"owner unit", "international affairs"},
    "held": {"owner unit", "international affairs"},
}


def test_the_walk_covers_every_step():
    assert set(ALLOWED) == set(step_names(EVENT_BID_PROCESS))


def test_the_models_transitions_are_the_process_steps():
    assert_the_process_is_the_models(EventBid, EVENT_BID_PROCESS, ("status", EventBid.ALLOWED_TRANSITIONS))
    assert EVENT_BID_PROCESS.step("decide").targets == EventBid.DECISION_OUTCOMES


@pytest.mark.django_db
@pytest.mark.parametrize("step", step_names(EVENT_BID_PROCESS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_walk(step, role, step_clients, bid):
    in_status(bid, EVENT_BID_PROCESS.step(step).sources[0])
    assert_walked(bid, step, step_clients[role], allowed=role in ALLOWED[step])


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(bid):
    response = Client().post(step_url(bid, "submit"), {})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "crafted",
    [
        {"status": "approved"},
        {"status": "for_decision"},
        {"decision_date": "2026-03-10", "decision": "Approved by the unit itself."},
        {"minutes_reference": "HEL 2026-999999"},
        {"conditions": "None.", "resources_granted": "100000.00"},
    ],
)
def test_the_edit_form_cannot_set_a_status_or_a_decision(bid, culture_client, crafted):
    """A crafted POST of a status or the group's decision fields through the edit form changes
    none of them: the form carries no such fields."""
    page = culture_client.get(reverse("events:eventbid-edit", args=[bid.pk]))
    response = culture_client.post(
        reverse("events:eventbid-edit", args=[bid.pk]), posted_back(page, **crafted)
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.status == Status.IDEA
    assert (bid.decision_date, bid.decision, bid.minutes_reference) == (None, "", "")
    assert (bid.conditions, bid.resources_granted) == ("", None)
    assert not bid.status_changes.exists()


@pytest.mark.django_db
def test_the_add_form_cannot_start_a_bid_decided(culture_client, culture_unit, culture_user):
    data = new_bid_data(
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="won",
        decision_date="2026-03-10",
        decision="Approved by the unit itself.",
        minutes_reference="HEL 2026-999999",
    )
    assert culture_client.post(reverse("events:eventbid-add"), data).status_code == 302
    created = EventBid.objects.get()
    assert (created.status, created.decision, created.minutes_reference) == (Status.IDEA, "", "")
    assert list(created.status_changes.values_list("from_status", "status")) == [("", "idea")]
    assert events_of(created) == ["eventbid.created"]


@pytest.mark.django_db
def test_the_bid_page_shows_where_the_bid_is_and_the_steps_a_person_may_take(
    bid, culture_client, major_events_client
):
    page = culture_client.get(bid.get_absolute_url()).content.decode()
    assert step_url(bid, "submit") in page
    assert "Submit for decision" in page
    in_status(bid, Status.FOR_DECISION)
    page = culture_client.get(bid.get_absolute_url()).content.decode()
    assert "Record the decision" in page  # named, with who takes it
    assert step_url(bid, "decide") not in page  # but no button: the host unit may not
    page = major_events_client.get(bid.get_absolute_url()).content.decode()
    assert step_url(bid, "decide") in page


@pytest.mark.django_db
def test_resources_are_granted_only_to_an_approved_bid(bid):
    bid.resources_granted = Decimal("1000.00")
    with pytest.raises(ValidationError, match="Resources are granted only to a bid the decision approved"):
        bid.full_clean()


# Bids saved before the process -----------------------------------------------------------------


def migrate_earlier_bids() -> None:
    migration = importlib.import_module("events.migrations.0006_timeline_of_earlier_bids")
    migration.note_earlier_statuses(apps, None)


@pytest.mark.django_db
def test_earlier_bids_get_an_honest_timeline():
    idea = EventBidFactory()
    waiting = EventBidFactory(status=Status.FOR_DECISION)
    declined = EventBidFactory(status=Status.DECLINED, decided=True, decision="Too costly.")
    won = EventBidFactory(status=Status.WON, decided=True)

    migrate_earlier_bids()

    assert not idea.status_changes.exists()
    entry = waiting.status_changes.get()
    assert (entry.status, entry.predates_portal, entry.decision_reference, entry.note) == (
        "for_decision",
        True,
        "",
        "",
    )
    entry = declined.status_changes.get()
    assert (entry.status, entry.changed_on, entry.decision_date, entry.decision_reference, entry.note) == (
        "declined",
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 10),
        "HEL 2026-001234",
        "Too costly.",
    )
    # The decision is the approval the won bid was submitted on; nothing is invented beside it.
    approved, current = won.status_changes.all()
    assert (approved.status, approved.decision_reference, approved.note) == (
        "approved",
        "HEL 2026-001234",
        "The group supports the bid.",
    )
    assert (current.status, current.decision_reference, current.note) == ("won", "", "")
    for entry in won.status_changes.all():
        assert entry.predates_portal and entry.from_status == ""
        assert entry.deciding_body == "" and entry.changed_by is None
    assert current.changed_on >= approved.changed_on


@pytest.mark.django_db
def test_an_earlier_bid_s_entry_is_dated_when_its_history_first_shows_the_status():
    won = EventBidFactory(status=Status.SUBMITTED, decided=True)
    won.status = Status.WON
    won.save()
    EventBid.history.filter(id=won.pk, status=Status.WON).update(
        history_date=datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)
    )
    migrate_earlier_bids()
    assert won.status_changes.get(status=Status.WON).changed_on == datetime.date(2026, 5, 4)
