"""A planned activity's process: planned, confirmed, done, reported, or cancelled.

Each step is taken only by the owner unit or international affairs, only from the statuses it
starts from, and writes the activity, its timeline and its domain event together.
"""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from activities.process import ACTIVITY_PROCESS
from helsinki_intl.outbox.models import DomainEvent
from tests.activities.factories import ActivityFactory
from tests.records.process_walk import (
    ROLES,
    assert_the_process_is_the_models,
    assert_walked,
    step_names,
    step_url,
)

Status = Activity.Status
PAST = {"starts_on": datetime.date(2025, 3, 2), "ends_on": datetime.date(2025, 3, 4)}


@pytest.fixture
def activity(culture_unit, culture_user):
    return ActivityFactory(owner_unit=culture_unit, responsible_person=culture_user, **PAST)


def events_of(activity) -> list[str]:
    return list(DomainEvent.objects.about(activity).values_list("kind", flat=True))


@pytest.mark.django_db
def test_an_activity_goes_from_planned_to_reported(activity, culture_client, culture_user):
    assert culture_client.post(step_url(activity, "confirm"), {}).status_code == 302
    assert culture_client.post(step_url(activity, "done"), {"note": "Went well."}).status_code == 302
    report = {
        "report_outcomes": "Two pilots agreed.",
        "report_contacts": "Tallinn's digital office.",
        "report_follow_up": "A return visit in spring.",
    }
    assert culture_client.post(step_url(activity, "report"), report).status_code == 302

    activity.refresh_from_db()
    assert activity.status == Status.REPORTED
    assert (activity.report_outcomes, activity.report_contacts, activity.report_follow_up) == (
        "Two pilots agreed.",
        "Tallinn's digital office.",
        "A return visit in spring.",
    )
    assert list(activity.status_changes.values_list("from_status", "status")) == [
        ("planned", "confirmed"),
        ("confirmed", "done"),
        ("done", "reported"),
    ]
    assert activity.status_changes.get(status=Status.DONE).note == "Went well."
    assert events_of(activity) == ["activity.confirm", "activity.done", "activity.report"]
    event = DomainEvent.objects.about(activity).get(kind="activity.report")
    assert event.payload["report_outcomes"] == "Two pilots agreed."
    assert event.actor == culture_user

    page = culture_client.get(activity.get_absolute_url()).content.decode()
    assert "Two pilots agreed." in page
    assert "A return visit in spring." in page


@pytest.mark.django_db
def test_a_report_says_what_came_of_it(activity, culture_client):
    Activity.objects.filter(pk=activity.pk).update(status=Status.DONE)

    response = culture_client.post(step_url(activity, "report"), {"report_contacts": "Some."})

    assert response.status_code == 200
    assert "report_outcomes" in response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.status, activity.report_contacts) == (Status.DONE, "")


@pytest.mark.django_db
def test_an_activity_still_to_come_is_not_recorded_done(culture_unit, culture_user, culture_client):
    activity = ActivityFactory(owner_unit=culture_unit, responsible_person=culture_user)

    response = culture_client.post(step_url(activity, "done"), {})

    assert response.status_code == 200
    assert "An activity can be marked done only once it has started." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Status.PLANNED


@pytest.mark.django_db
def test_a_cancellation_says_why(activity, culture_client):
    assert culture_client.post(step_url(activity, "cancel"), {}).status_code == 200
    assert (
        culture_client.post(step_url(activity, "cancel"), {"reason": "The host postponed."}).status_code
        == 302
    )
    activity.refresh_from_db()
    assert activity.status == Status.CANCELLED
    assert activity.status_changes.get(status=Status.CANCELLED).note == "The host postponed."
    # Nothing moves a cancelled activity on.
    assert culture_client.post(step_url(activity, "confirm"), {}).status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    "crafted",
    [{"status": "reported"}, {"report_outcomes": "Written through the edit form."}],
)
def test_the_edit_form_cannot_set_the_status_or_the_report(activity, culture_client, crafted):
    from tests.activities.test_views import posted_back

    page = culture_client.get(reverse("activities:activity-edit", args=[activity.pk]))
    culture_client.post(reverse("activities:activity-edit", args=[activity.pk]), posted_back(page, **crafted))

    activity.refresh_from_db()
    assert (activity.status, activity.report_outcomes) == (Status.PLANNED, "")


# The permission walk: every step, by every role, with each method.
ALLOWED = {
    "confirm": {"owner unit", "international affairs"},
    "unconfirm": {"owner unit", "international affairs"},
    "done": {"owner unit", "international affairs"},
    "report": {"owner unit", "international affairs"},
    "cancel": {"owner unit", "international affairs"},
}


def test_the_walk_covers_every_step():
    assert set(ALLOWED) == set(step_names(ACTIVITY_PROCESS))


def test_the_models_transitions_are_the_process_steps():
    assert_the_process_is_the_models(Activity, ACTIVITY_PROCESS, ("status", Activity.ALLOWED_TRANSITIONS))


@pytest.mark.django_db
@pytest.mark.parametrize("step", step_names(ACTIVITY_PROCESS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_walk(step, role, step_clients, activity):
    Activity.objects.filter(pk=activity.pk).update(status=ACTIVITY_PROCESS.step(step).sources[0])
    activity.refresh_from_db()
    assert_walked(activity, step, step_clients[role], allowed=role in ALLOWED[step])
