"""An application's process: prepared, submitted, decided by the EU (recorded by the lead unit),
run and closed; and its co-financing: requested by the lead unit, granted or declined by
international affairs only, never beyond the year's appropriation, waiting for a year not set.

Each step is taken only by those the table allows, only from the state it starts from, and
writes the record, its timeline and its domain event together; a refused step changes nothing.
"""

import datetime
import importlib
import threading
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from eu_projects.models import Application, CoFinancingAppropriation
from eu_projects.process import APPLICATION_PROCESS, CoFinancing
from helsinki_intl.organisation import roles
from helsinki_intl.outbox.models import DomainEvent
from tests.eu_projects.factories import ApplicationFactory, CoFinancingAppropriationFactory
from tests.eu_projects.helpers import html, posted_back, this_year
from tests.factories import UserFactory
from tests.property.hostile import changes, snapshot
from tests.records.process_walk import (
    ROLES,
    assert_the_process_is_the_models,
    assert_walked,
    step_names,
    step_url,
)

Status = Application.Status


def events_of(application) -> list[str]:
    return list(DomainEvent.objects.about(application).values_list("kind", flat=True))


def put(application, **values) -> Application:
    """The application moved to a state directly, as a test's starting point."""
    Application.objects.filter(pk=application.pk).update(**values)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def application(culture_unit, culture_user):
    return ApplicationFactory(owner_unit=culture_unit, responsible_person=culture_user, status=Status.IDEA)


@pytest.fixture
def appropriation(db):
    return CoFinancingAppropriationFactory(year=this_year(), amount=Decimal("100000.00"))


# The application's status ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_application_goes_from_idea_to_closed_through_the_lead_units_steps(
    application, culture_client, culture_user
):
    for step, data in [
        ("prepare", {}),
        ("submit", {"note": "Sent through the funding portal."}),
        (
            "eu_decision",
            {"outcome": "granted", "eu_grant_granted": "750000.00", "decision_date": "2026-06-02"},
        ),
        ("start", {}),
        ("close", {"note": "Final report approved."}),
    ]:
        response = culture_client.post(step_url(application, step), data)
        assert response.status_code == 302, (step, response.context and response.context["form"].errors)
    application.refresh_from_db()
    assert (application.status, application.eu_grant_granted) == (Status.CLOSED, Decimal("750000.00"))
    timeline = list(application.status_changes.values_list("from_status", "status"))
    assert timeline == [
        ("idea", "preparing"),
        ("preparing", "submitted"),
        ("submitted", "granted"),
        ("granted", "running"),
        ("running", "closed"),
    ]
    granted = application.status_changes.get(status=Status.GRANTED)
    assert (granted.decision_date, granted.changed_by) == (datetime.date(2026, 6, 2), culture_user)
    assert events_of(application) == [
        f"application.{step}" for step in ("prepare", "submit", "eu_decision", "start", "close")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "granted", "eu_grant_granted": "800000.01"}, "eu_grant_granted"),
        ({"outcome": "granted"}, "eu_grant_granted"),
        ({"outcome": "rejected", "eu_grant_granted": "1.00"}, "eu_grant_granted"),
        ({"outcome": "running", "eu_grant_granted": "1.00"}, "outcome"),
        ({"outcome": "granted", "eu_grant_granted": "1.00", "decision_date": "2999-01-01"}, "decision_date"),
    ],
)
def test_an_eu_decision_beyond_the_grant_requested_or_without_its_grant_is_refused(
    application, culture_client, data, field
):
    application = put(application, status=Status.SUBMITTED)
    before = snapshot()
    response = culture_client.post(
        step_url(application, "eu_decision"), {"decision_date": "2026-06-02", **data}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not changes(before)


@pytest.mark.django_db
def test_a_rejection_records_no_grant(application, culture_client):
    application = put(application, status=Status.SUBMITTED)
    response = culture_client.post(
        step_url(application, "eu_decision"), {"outcome": "rejected", "decision_date": "2026-06-02"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.eu_grant_granted) == (Status.REJECTED, None)


@pytest.mark.django_db
def test_a_submission_without_a_call_is_refused_and_changes_nothing(application, culture_client):
    application = put(application, status=Status.PREPARING, call=None)
    before = snapshot()
    response = culture_client.post(step_url(application, "submit"), {})
    assert response.status_code == 200
    assert "A submitted application needs a call." in html(response)
    assert not changes(before)


@pytest.mark.django_db
def test_a_step_the_status_no_longer_allows_answers_409_and_changes_nothing(application, culture_client):
    before = snapshot()
    response = culture_client.post(step_url(application, "close"), {})
    assert response.status_code == 409
    assert "cannot be taken" in html(response)
    assert not changes(before)


# Co-financing -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_co_financing_is_requested_by_the_lead_unit_and_granted_by_international_affairs(
    application, appropriation, culture_client, strategy_client, strategy_user
):
    response = culture_client.post(
        step_url(application, "request_cofinancing"),
        {"cofinancing_requested": "60000.00", "cofinancing_year": this_year()},
    )
    assert response.status_code == 302
    application = put(application, status=Status.GRANTED, eu_grant_granted=Decimal("700000"))

    response = strategy_client.post(
        step_url(application, "grant_cofinancing"),
        {"cofinancing_granted": "50000.00", "decision_reference": "HEL 2026-001234"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.GRANTED  # the grant moves the co-financing, not the status
    assert (
        application.cofinancing_decision,
        application.cofinancing_granted,
        application.decision_reference,
    ) == (
        CoFinancing.GRANTED,
        Decimal("50000.00"),
        "HEL 2026-001234",
    )
    steps = list(application.cofinancing_changes.values_list("from_status", "status", "amount", "year"))
    assert steps == [
        ("none", "requested", Decimal("60000.00"), this_year()),
        ("requested", "granted", Decimal("50000.00"), this_year()),
    ]
    assert application.cofinancing_changes.last().changed_by == strategy_user
    assert not application.status_changes.exists()  # no status changed
    event = DomainEvent.objects.about(application).last()
    assert event.kind == "application.grant_cofinancing"
    assert event.payload["cofinancing_decision"] == "granted"
    assert event.payload["cofinancing_granted"] == "50000.00"
    balance = CoFinancingAppropriation.objects.balance(this_year())
    assert (balance.requested, balance.granted, balance.left) == (
        Decimal("60000.00"),
        Decimal("50000.00"),
        Decimal("50000.00"),
    )


@pytest.fixture
def requested(application, appropriation):
    return put(
        application,
        status=Status.GRANTED,
        eu_grant_granted=Decimal("700000"),
        cofinancing_decision=CoFinancing.REQUESTED,
        cofinancing_requested=Decimal("60000"),
        cofinancing_year=this_year(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("granted", "message"),
    [
        ("60000.01", "At most the amount requested, €60,000.00."),
        ("-1", "An amount cannot be negative."),
        ("", "This field is required."),
    ],
)
def test_a_grant_beyond_the_request_is_refused(requested, strategy_client, granted, message):
    before = snapshot()
    response = strategy_client.post(
        step_url(requested, "grant_cofinancing"), {"cofinancing_granted": granted}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["cofinancing_granted"]
    assert not changes(before)


@pytest.mark.django_db
def test_a_grant_beyond_what_the_appropriation_has_left_is_refused_saying_what_is_left(
    requested, strategy_client
):
    ApplicationFactory(
        status=Status.GRANTED,
        cofinancing_requested=Decimal("88000"),
        cofinancing_granted=Decimal("88000"),
        cofinancing_year=this_year(),
    )
    before = snapshot()
    response = strategy_client.post(
        step_url(requested, "grant_cofinancing"), {"cofinancing_granted": "20000"}
    )
    message = f"The {this_year()} appropriation has €12,000.00 left; this grant would take it below zero."
    assert message in response.context["form"].errors["cofinancing_granted"]
    assert not changes(before)


@pytest.mark.django_db
def test_co_financing_is_granted_only_once_the_eu_has_granted_the_application(requested, strategy_client):
    requested = put(requested, status=Status.SUBMITTED, eu_grant_granted=None)
    before = snapshot()
    response = strategy_client.post(step_url(requested, "grant_cofinancing"), {"cofinancing_granted": "1000"})
    assert response.status_code == 200
    assert "once the EU has granted the application" in html(response)
    assert not changes(before)


@pytest.mark.django_db
def test_international_affairs_declines_with_a_reason(requested, strategy_client):
    response = strategy_client.post(
        step_url(requested, "decline_cofinancing"), {"note": "Outside the focus."}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.cofinancing_decision, requested.cofinancing_granted) == (CoFinancing.DECLINED, None)
    declined = requested.cofinancing_changes.get()
    assert (declined.status, declined.note) == ("declined", "Outside the focus.")
    assert events_of(requested) == ["application.decline_cofinancing"]


@pytest.mark.django_db
def test_the_lead_unit_withdraws_its_request(requested, culture_client):
    response = culture_client.post(
        step_url(requested, "withdraw_cofinancing"), {"reason": "Funded otherwise."}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.cofinancing_decision, requested.cofinancing_requested, requested.cofinancing_year) == (
        CoFinancing.NOT_REQUESTED,
        None,
        None,
    )


@pytest.mark.django_db
def test_a_request_for_a_year_without_an_appropriation_is_accepted_and_waits(
    application, culture_client, strategy_client
):
    next_year = this_year() + 1
    response = culture_client.post(
        step_url(application, "request_cofinancing"),
        {"cofinancing_requested": "30000.00", "cofinancing_year": next_year},
    )
    assert response.status_code == 302
    waiting = "waiting for the year&#x27;s appropriation"
    assert waiting in html(culture_client.get(application.get_absolute_url())).replace("'", "&#x27;")
    listed = html(culture_client.get(reverse("eu_projects:application-list"))).replace("'", "&#x27;")
    assert waiting in listed

    application = put(application, status=Status.GRANTED, eu_grant_granted=Decimal("1"))
    before = snapshot()
    response = strategy_client.post(
        step_url(application, "grant_cofinancing"), {"cofinancing_granted": "30000"}
    )
    assert f"The request waits for the {next_year} appropriation" in html(response)
    assert not changes(before)

    CoFinancingAppropriationFactory(year=next_year, amount=Decimal("500000"))
    assert waiting not in html(culture_client.get(application.get_absolute_url())).replace("'", "&#x27;")
    response = strategy_client.post(
        step_url(application, "grant_cofinancing"), {"cofinancing_granted": "30000"}
    )
    assert response.status_code == 302


# Who may take which step ----------------------------------------------------------------------

LEAD_UNIT = {"owner unit", "international affairs"}
INTERNATIONAL_AFFAIRS = {"international affairs"}
ALLOWED = {
    "prepare": LEAD_UNIT,
    "submit": LEAD_UNIT,
    "eu_decision": LEAD_UNIT,
    "start": LEAD_UNIT,
    "close": LEAD_UNIT,
    "withdraw": LEAD_UNIT,
    "request_cofinancing": LEAD_UNIT,
    "withdraw_cofinancing": LEAD_UNIT,
    "grant_cofinancing": INTERNATIONAL_AFFAIRS,
    "decline_cofinancing": INTERNATIONAL_AFFAIRS,
}


def test_the_walk_covers_every_step():
    assert set(ALLOWED) == set(step_names(APPLICATION_PROCESS))


def test_the_models_transitions_are_the_process_steps():
    assert_the_process_is_the_models(
        Application,
        APPLICATION_PROCESS,
        ("status", Application.ALLOWED_TRANSITIONS),
        ("cofinancing_decision", Application.COFINANCING_TRANSITIONS),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("step", step_names(APPLICATION_PROCESS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_walk(step, role, step_clients, requested):
    declared = APPLICATION_PROCESS.step(step)
    record = put(requested, **{declared.field: declared.sources[0]})
    assert_walked(record, step, step_clients[role], allowed=role in ALLOWED[step])


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(application):
    response = Client().post(step_url(application, "prepare"), {})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_the_edit_form_cannot_set_a_status_a_grant_or_a_decision(requested, culture_client):
    """A crafted POST of the status, the EU's grant and the co-financing's fields through the edit
    form changes none of them: the form carries no such fields."""
    edit = reverse("eu_projects:application-edit", args=[requested.pk])
    data = posted_back(
        culture_client.get(edit),
        status="closed",
        eu_grant_granted="800000.00",
        cofinancing_requested="1.00",
        cofinancing_granted="60000.00",
        cofinancing_year="2030",
        cofinancing_decision="granted",
        decision_reference="HEL 2026-999999",
        notes="Edited",
    )
    response = culture_client.post(edit, data)
    assert response.status_code == 302
    saved = Application.objects.get(pk=requested.pk)
    assert saved.notes == "Edited"
    assert (
        saved.status,
        saved.eu_grant_granted,
        saved.cofinancing_requested,
        saved.cofinancing_granted,
        saved.cofinancing_year,
        saved.cofinancing_decision,
        saved.decision_reference,
    ) == (Status.GRANTED, Decimal("700000.00"), Decimal("60000.00"), None, this_year(), "requested", "")
    assert not saved.status_changes.exists()
    assert not saved.cofinancing_changes.exists()


@pytest.mark.django_db
def test_the_record_page_shows_the_steps_a_person_may_take(requested, culture_client, strategy_client):
    page = html(culture_client.get(requested.get_absolute_url()))
    assert "Grant co-financing" in page  # named, with who takes it
    assert step_url(requested, "grant_cofinancing") not in page  # but no button for the lead unit
    assert step_url(requested, "start") in page
    page = html(strategy_client.get(requested.get_absolute_url()))
    assert step_url(requested, "grant_cofinancing") in page


# Two grants at the same moment -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_grants_at_the_same_moment_never_overdraw_the_appropriation():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to wait on")
    from eu_projects.process import APPLICATION_PROCESS as process
    from helsinki_intl.records.process import step_take

    year = this_year()
    CoFinancingAppropriationFactory(year=year, amount=Decimal("100000.00"))
    deciders = UserFactory(groups=[roles.INTERNATIONAL_AFFAIRS])
    pair = [
        ApplicationFactory(
            status=Status.GRANTED,
            eu_grant_granted=Decimal("1"),
            cofinancing_requested=Decimal("60000"),
            cofinancing_year=year,
        )
        for _ in range(2)
    ]
    both_ready = threading.Barrier(2)
    outcomes = {}
    grant = process.step("grant_cofinancing")

    def take(application) -> None:
        try:
            both_ready.wait(timeout=10)
            record, form = step_take(
                record=application, step=grant, by=deciders, data={"cofinancing_granted": "60000.00"}
            )
            outcomes[application.pk] = "granted" if record is not None else form.errors.as_text()
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(application,)) for application in pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2, outcomes
    assert sorted(outcome == "granted" for outcome in outcomes.values()) == [False, True], outcomes
    [refused] = [outcome for outcome in outcomes.values() if outcome != "granted"]
    assert "appropriation has €40,000.00 left" in refused
    balance = CoFinancingAppropriation.objects.balance(year)
    assert (balance.granted, balance.left) == (Decimal("60000.00"), Decimal("40000.00"))


# Applications from before the portal ------------------------------------------------------------


@pytest.mark.django_db
def test_earlier_co_financing_is_marked_as_predating_the_portal(culture_unit):
    granted = ApplicationFactory(
        status=Status.GRANTED,
        eu_grant_granted=Decimal("1"),
        cofinancing_requested=Decimal("50000"),
        cofinancing_granted=Decimal("40000"),
        cofinancing_year=2025,
        decision_reference="HEL 2025-001904",
    )
    asked = ApplicationFactory(cofinancing_requested=Decimal("20000"), cofinancing_year=2027)
    untouched = ApplicationFactory()
    migration = importlib.import_module("eu_projects.migrations.0009_cofinancing_of_earlier_applications")
    migration.note_earlier_cofinancing(apps, None)

    granted.refresh_from_db()
    assert granted.cofinancing_decision == CoFinancing.GRANTED
    step = granted.cofinancing_changes.get()
    assert (step.status, step.amount, step.predates_portal, step.decision_reference, step.changed_by) == (
        "granted",
        Decimal("40000.00"),
        True,
        "HEL 2025-001904",
        None,  # no invented decider
    )
    asked.refresh_from_db()
    assert asked.cofinancing_decision == CoFinancing.REQUESTED
    assert asked.cofinancing_changes.get().predates_portal
    assert not untouched.cofinancing_changes.exists()
