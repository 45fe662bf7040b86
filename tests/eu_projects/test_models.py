"""The rules of the EU funding register: calls, applications, status changes and appropriations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation

from eu_projects import services
from eu_projects.forms import ApplicationForm
from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation
from tests.eu_projects.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = Application.Status
UTC = datetime.UTC


def errors_of(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def saved(application: Application) -> Application:
    """The application as loaded from the database, which remembers its saved status."""
    return Application.objects.get(pk=application.pk)


# Programmes and calls -------------------------------------------------------------------------


def test_a_programme_with_calls_cannot_be_deleted():
    call = CallFactory(programme__name="Horizon Europe")
    with pytest.raises(ProtectedError):
        call.programme.delete()
    call.delete()
    call.programme.delete()


def test_programme_names_are_unique():
    ProgrammeFactory(name="LIFE")
    programme = ProgrammeFactory.build(name="LIFE")
    assert errors_of(programme) == {"name": ["Programme with this Name already exists."]}


def test_a_deadline_before_the_opening_is_refused_at_the_deadline():
    call = CallFactory.build(
        programme=ProgrammeFactory(),
        owner_unit=CallFactory().owner_unit,
        opens_at=datetime.datetime(2026, 3, 1, 12, tzinfo=UTC),
        deadline=datetime.datetime(2026, 2, 28, 12, tzinfo=UTC),
    )
    assert errors_of(call) == {"deadline": ["The deadline cannot be before the call opens."]}


def test_the_database_refuses_a_deadline_before_the_opening_and_a_negative_budget():
    call = CallFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(deadline=datetime.datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(indicative_budget=Decimal("-1"))


def test_an_unknown_time_zone_is_refused_at_the_time_zone():
    call = CallFactory()
    call.deadline_timezone = "Europe/Bruxelles"
    assert errors_of(call) == {
        "deadline_timezone": ["“Europe/Bruxelles” is not a time zone name such as Europe/Brussels."]
    }
    call.deadline_timezone = "America/New_York"
    call.full_clean()


def test_a_negative_indicative_budget_is_refused_at_the_budget():
    call = CallFactory()
    call.indicative_budget = Decimal("-0.01")
    assert errors_of(call) == {"indicative_budget": ["An amount cannot be negative."]}


def test_the_deadline_is_shown_in_the_call_s_time_zone():
    call = CallFactory(
        deadline=datetime.datetime(2026, 3, 31, 15, tzinfo=UTC), deadline_timezone="Europe/Brussels"
    )
    assert call.deadline_in_zone.strftime("%d.%m.%Y %H:%M") == "31.03.2026 17:00"
    assert str(call.deadline_in_zone.tzinfo) == "Europe/Brussels"


def test_a_call_is_forthcoming_open_then_closed():
    call = CallFactory(
        opens_at=datetime.datetime(2026, 1, 1, 8, tzinfo=UTC),
        deadline=datetime.datetime(2026, 3, 31, 15, tzinfo=UTC),
    )
    assert call.state_at(datetime.datetime(2025, 12, 31, tzinfo=UTC)) == "forthcoming"
    assert call.state_at(datetime.datetime(2026, 1, 1, 8, tzinfo=UTC)) == "open"
    assert call.state_at(datetime.datetime(2026, 3, 31, 15, tzinfo=UTC)) == "open"
    assert call.state_at(datetime.datetime(2026, 3, 31, 15, 0, 1, tzinfo=UTC)) == "closed"


def test_calls_by_state_and_deadline():
    now = datetime.datetime(2026, 3, 1, 12, tzinfo=UTC)
    forthcoming = CallFactory(
        opens_at=datetime.datetime(2026, 4, 1, tzinfo=UTC), deadline=datetime.datetime(2026, 6, 1, tzinfo=UTC)
    )
    closing_soon = CallFactory(
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=UTC),
        deadline=datetime.datetime(2026, 3, 10, tzinfo=UTC),
    )
    open_longer = CallFactory(
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=UTC), deadline=datetime.datetime(2026, 9, 1, tzinfo=UTC)
    )
    closed = CallFactory(
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=UTC), deadline=datetime.datetime(2026, 2, 1, tzinfo=UTC)
    )

    assert list(Call.objects.forthcoming(now)) == [forthcoming]
    assert list(Call.objects.open(now)) == [closing_soon, open_longer]
    assert list(Call.objects.closed(now)) == [closed]
    assert list(Call.objects.in_state("open", now)) == [closing_soon, open_longer]
    assert list(Call.objects.deadline_within(30, now)) == [closing_soon]
    assert list(Call.objects.deadline_within(100, now)) == [closing_soon, forthcoming]


# Application amounts --------------------------------------------------------------------------


MONEY_FIELDS = [
    "total_budget",
    "city_budget",
    "eu_grant_requested",
    "eu_grant_granted",
    "cofinancing_requested",
    "cofinancing_granted",
]


@pytest.mark.parametrize("field", MONEY_FIELDS)
def test_a_negative_amount_is_refused_at_its_field(field):
    application = ApplicationFactory(status=Status.SUBMITTED)
    setattr(application, field, Decimal("-0.01"))
    assert "An amount cannot be negative." in errors_of(application)[field]


@pytest.mark.parametrize("field", MONEY_FIELDS)
def test_the_database_refuses_a_negative_amount(field):
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(**{field: Decimal("-1")})


def test_the_database_refuses_granted_amounts_above_the_requested_ones_and_a_city_budget_above_the_total():
    application = ApplicationFactory(eu_grant_requested=Decimal("100"), cofinancing_requested=None)
    for update in (
        {"eu_grant_granted": Decimal("100.01")},
        {"eu_grant_requested": None, "eu_grant_granted": Decimal("1")},
        {"cofinancing_granted": Decimal("1")},
        {"city_budget": Decimal("1000000.01")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(**update)


def test_the_eu_grant_granted_cannot_exceed_the_grant_requested():
    application = ApplicationFactory(status=Status.GRANTED, eu_grant_requested=Decimal("800000.00"))
    application.eu_grant_granted = Decimal("800000.01")
    assert errors_of(application) == {
        "eu_grant_granted": ["The EU grant granted cannot be more than the grant requested."]
    }
    application.eu_grant_granted = Decimal("800000.00")
    application.full_clean()


def test_the_co_financing_granted_cannot_exceed_the_co_financing_requested():
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(
        status=Status.GRANTED, cofinancing_requested=Decimal("50000"), cofinancing_year=2026
    )
    application.cofinancing_granted = Decimal("50000.01")
    assert errors_of(application) == {
        "cofinancing_granted": ["The co-financing granted cannot be more than the co-financing requested."]
    }


def test_the_city_s_budget_cannot_exceed_the_total_budget():
    application = ApplicationFactory(total_budget=Decimal("1000000"), eu_grant_requested=None)
    application.city_budget = Decimal("1000000.01")
    assert errors_of(application) == {
        "city_budget": ["The city's budget cannot be more than the total budget."]
    }


def test_requested_figures_that_exceed_the_total_budget_are_refused_at_the_grant():
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(
        total_budget=Decimal("1000000.00"),
        city_budget=Decimal("300000.00"),
        eu_grant_requested=Decimal("800000.00"),
        cofinancing_requested=Decimal("200000.01"),
        cofinancing_year=2026,
    )
    assert errors_of(application) == {
        "eu_grant_requested": [
            "The EU grant and the co-financing requested add up to €1,000,000.01, more than the total "
            "budget of €1,000,000.00."
        ]
    }
    application.cofinancing_requested = Decimal("200000.00")
    application.full_clean()


def test_granted_figures_that_exceed_the_total_budget_are_refused_at_the_grant():
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(
        status=Status.GRANTED,
        total_budget=Decimal("1000000.00"),
        city_budget=Decimal("300000.00"),
        eu_grant_requested=Decimal("800000.00"),
        eu_grant_granted=Decimal("800000.00"),
        cofinancing_requested=Decimal("200000.00"),
        cofinancing_granted=Decimal("200000.00"),
        cofinancing_year=2026,
    )
    application.full_clean()
    application.total_budget = Decimal("999999.99")
    errors = errors_of(application)
    assert errors["eu_grant_granted"] == [
        "The EU grant and the co-financing granted add up to €1,000,000.00, more than the total budget of "
        "€999,999.99."
    ]


def test_the_co_financing_requested_cannot_exceed_the_city_s_budget():
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(
        city_budget=Decimal("100000"), cofinancing_requested=Decimal("100000.01"), cofinancing_year=2026
    )
    assert errors_of(application) == {
        "cofinancing_requested": ["The co-financing requested cannot be more than the city's budget."]
    }


@pytest.mark.parametrize(
    "status", [Status.IDEA, Status.PREPARING, Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN]
)
def test_granted_figures_only_for_a_granted_running_or_closed_application(status):
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory.build(
        call=CallFactory(),
        owner_unit=CallFactory().owner_unit,
        responsible_person=UserFactory(),
        status=status,
        eu_grant_granted=Decimal("1000"),
        cofinancing_requested=Decimal("1000"),
        cofinancing_granted=Decimal("1000"),
        cofinancing_year=2026,
    )
    message = "Granted amounts are given only for a granted, running or closed application."
    assert errors_of(application) == {"eu_grant_granted": [message], "cofinancing_granted": [message]}
    for granted_status in (Status.GRANTED, Status.RUNNING, Status.CLOSED):
        application.status = granted_status
        application.full_clean()


# Calls of submitted applications --------------------------------------------------------------


@pytest.mark.parametrize("status", Application.SUBMITTED_STATUSES)
def test_a_submitted_application_needs_a_call(status):
    application = ApplicationFactory.build(
        call=None, owner_unit=CallFactory().owner_unit, responsible_person=UserFactory(), status=status
    )
    assert errors_of(application) == {"call": ["A submitted application needs a call."]}


@pytest.mark.parametrize("status", [Status.IDEA, Status.PREPARING, Status.WITHDRAWN])
def test_an_application_not_yet_submitted_needs_no_call(status):
    ApplicationFactory(call=None, status=status).full_clean()


def test_an_application_withdrawn_while_being_prepared_needs_no_call():
    application = saved(ApplicationFactory(call=None, status=Status.PREPARING))
    application.status = Status.WITHDRAWN
    application.full_clean()


def test_an_application_withdrawn_after_submission_keeps_its_call():
    application = saved(ApplicationFactory(status=Status.SUBMITTED))
    application.status = Status.WITHDRAWN
    application.call = None
    assert errors_of(application) == {"call": ["A submitted application needs a call."]}


def test_a_withdrawn_application_whose_timeline_shows_a_submission_keeps_its_call():
    application = ApplicationFactory(status=Status.WITHDRAWN)
    ApplicationStatusChangeFactory(application=application, status=Status.SUBMITTED)
    application = saved(application)
    application.call = None
    assert errors_of(application) == {"call": ["A submitted application needs a call."]}


# Status lifecycle -----------------------------------------------------------------------------

ALLOWED = [
    (Status.IDEA, Status.PREPARING),
    (Status.IDEA, Status.WITHDRAWN),
    (Status.PREPARING, Status.SUBMITTED),
    (Status.PREPARING, Status.WITHDRAWN),
    (Status.SUBMITTED, Status.GRANTED),
    (Status.SUBMITTED, Status.REJECTED),
    (Status.SUBMITTED, Status.WITHDRAWN),
    (Status.GRANTED, Status.RUNNING),
    (Status.GRANTED, Status.WITHDRAWN),
    (Status.RUNNING, Status.CLOSED),
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_status_changes(old, new):
    application = saved(ApplicationFactory(status=old))
    application.status = new
    application.full_clean()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (old, new)
        for old in Status.values
        for new in Status.values
        if old != new and (old, new) not in ALLOWED
    ],
)
def test_other_status_changes_are_refused_at_the_status(old, new):
    application = saved(ApplicationFactory(status=old))
    application.status = new
    errors = errors_of(application)
    assert errors["status"] == [
        f"An application cannot move from “{Status(old).label}” to “{Status(new).label}”."
    ]


def test_rejected_withdrawn_and_closed_are_final():
    for status in (Status.REJECTED, Status.WITHDRAWN, Status.CLOSED):
        assert Application.ALLOWED_TRANSITIONS[status] == set()


# Co-financing and the appropriation -----------------------------------------------------------


def test_co_financing_needs_a_year():
    application = ApplicationFactory(cofinancing_requested=Decimal("10000"), cofinancing_year=None)
    assert errors_of(application) == {
        "cofinancing_year": ["Co-financing needs the year whose central project appropriation it comes from."]
    }


def test_a_request_for_a_year_without_an_appropriation_waits_but_nothing_is_granted_from_it():
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(cofinancing_requested=Decimal("10000"), cofinancing_year=2027)
    application.full_clean()  # accepted: the request waits for the 2027 appropriation
    assert application.waits_for_appropriation_now
    assert list(Application.objects.waiting_for_appropriation()) == [application]

    application.status = Status.GRANTED
    application.eu_grant_granted = Decimal("1")
    application.cofinancing_granted = Decimal("10000")
    application.cofinancing_decision = Application.CoFinancing.GRANTED
    Application.objects.filter(pk=application.pk).update(status=Status.GRANTED)
    application = Application.objects.get(pk=application.pk)
    application.eu_grant_granted = Decimal("1")
    application.cofinancing_granted = Decimal("10000")
    application.cofinancing_decision = Application.CoFinancing.GRANTED
    assert errors_of(application) == {
        "cofinancing_year": ["There is no central project appropriation for 2027."]
    }
    CoFinancingAppropriationFactory(year=2027)
    application.full_clean()
    assert not Application.objects.waiting_for_appropriation().exists()


def test_the_co_financing_decision_moves_only_along_its_transitions():
    application = ApplicationFactory(cofinancing_requested=Decimal("10000"), cofinancing_year=2026)
    CoFinancingAppropriationFactory(year=2026)
    application = Application.objects.get(pk=application.pk)
    application.cofinancing_decision = Application.CoFinancing.DECLINED
    application.full_clean()
    Application.objects.filter(pk=application.pk).update(cofinancing_decision="declined")
    application = Application.objects.get(pk=application.pk)
    application.cofinancing_decision = Application.CoFinancing.GRANTED
    assert errors_of(application) == {
        "cofinancing_decision": ["The co-financing cannot move from “Declined” to “Granted”."]
    }


def test_the_database_refuses_a_grant_without_a_decision_to_grant():
    application = ApplicationFactory(cofinancing_requested=Decimal("10000"), cofinancing_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(cofinancing_granted=Decimal("5000"))


def granted_application(amount: str, year: int = 2026, **fields) -> Application:
    return ApplicationFactory(
        status=Status.GRANTED,
        total_budget=Decimal("5000000"),
        city_budget=Decimal("2000000"),
        eu_grant_requested=Decimal("1000000"),
        cofinancing_requested=Decimal(amount),
        cofinancing_granted=Decimal(amount),
        cofinancing_year=year,
        **fields,
    )


def test_a_grant_that_would_take_the_appropriation_below_zero_is_refused_saying_what_is_left():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("100000.00"))
    granted_application("88000.00")
    application = ApplicationFactory(
        status=Status.GRANTED,
        cofinancing_requested=Decimal("12000.01"),
        cofinancing_granted=Decimal("12000.01"),
        city_budget=Decimal("200000"),
        eu_grant_requested=Decimal("500000"),
        cofinancing_year=2026,
    )

    assert errors_of(application) == {
        "cofinancing_granted": [
            "The 2026 appropriation has €12,000.00 left; this grant would take it below zero."
        ]
    }
    application.cofinancing_granted = Decimal("12000.00")
    application.full_clean()


def test_an_application_s_own_grant_is_not_counted_twice_when_it_is_edited():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("100000.00"))
    application = saved(granted_application("100000.00"))
    application.notes = "Edited"
    application.full_clean()


def test_the_appropriation_message_is_in_the_reader_s_language():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("12000.00"))
    application = granted_application("12000.00")
    application.cofinancing_requested = application.cofinancing_granted = Decimal("24000")
    with translation.override("fi"):
        errors = errors_of(application)
    assert "12\xa0000,00\xa0€" in errors["cofinancing_granted"][0]


def test_the_balance_of_a_year():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("1500000.00"))
    CoFinancingAppropriationFactory(year=2025, amount=Decimal("1200000.00"))
    granted_application("100000.00")
    granted_application("50000.00")
    ApplicationFactory(cofinancing_requested=Decimal("30000.00"), cofinancing_year=2026)
    ApplicationFactory(
        status=Status.REJECTED, cofinancing_requested=Decimal("70000.00"), cofinancing_year=2026
    )
    ApplicationFactory(
        status=Status.WITHDRAWN, cofinancing_requested=Decimal("9000.00"), cofinancing_year=2026
    )
    granted_application("20000.00", year=2025)

    balance = CoFinancingAppropriation.objects.balance(2026)

    assert (balance.amount, balance.requested, balance.granted, balance.left) == (
        Decimal("1500000.00"),
        Decimal("180000.00"),
        Decimal("150000.00"),
        Decimal("1350000.00"),
    )
    last_year = CoFinancingAppropriation.objects.balance(2025)
    assert (last_year.requested, last_year.granted, last_year.left) == (
        Decimal("20000.00"),
        Decimal("20000.00"),
        Decimal("1180000.00"),
    )
    assert CoFinancingAppropriation.objects.balance(2024) is None


def test_a_year_without_applications_has_all_left():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("1500000.00"))
    balance = CoFinancingAppropriation.objects.balance(2026)
    assert (balance.requested, balance.granted, balance.left) == (0, 0, Decimal("1500000.00"))


def test_an_appropriation_cannot_be_cut_below_what_has_been_granted():
    appropriation = CoFinancingAppropriationFactory(year=2026, amount=Decimal("1500000.00"))
    granted_application("100000.00")
    appropriation.amount = Decimal("99999.99")
    assert errors_of(appropriation) == {
        "amount": ["€100,000.00 has already been granted from this appropriation."]
    }


def test_appropriation_years_are_unique_and_amounts_not_negative():
    CoFinancingAppropriationFactory(year=2026)
    duplicate = CoFinancingAppropriation(year=2026, amount=Decimal("-1"))
    errors = errors_of(duplicate)
    assert errors["year"] == ["Co-financing appropriation with this Year already exists."]
    assert errors["amount"] == ["An amount cannot be negative."]
    appropriation = CoFinancingAppropriation.objects.get(year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoFinancingAppropriation.objects.filter(pk=appropriation.pk).update(amount=Decimal("-1"))


def test_the_decision_reference_is_a_decision_number():
    application = ApplicationFactory(decision_reference="2026-1234")
    assert errors_of(application) == {
        "decision_reference": ["Give the decision number in the form HEL 2019-012572."]
    }


# Status changes -------------------------------------------------------------------------------


def application_form(user, instance=None, **changes) -> ApplicationForm:
    data = {
        "project_name": "Green ports",
        "call": CallFactory().pk,
        "role": "partner",
        "owner_unit": user.units.first().pk,
        "responsible_person": user.pk,
    }
    if instance is not None:
        data.update(
            project_name=instance.project_name,
            call=instance.call_id,
            role=instance.role,
            owner_unit=instance.owner_unit_id,
            responsible_person=instance.responsible_person_id,
        )
    data.update(changes)
    return ApplicationForm(data=data, instance=instance, user=user)


def test_saving_a_new_application_and_each_new_status_is_noted_in_the_timeline(culture_user, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 2, 2, 10, tzinfo=UTC))
    form = application_form(culture_user)
    assert form.is_valid(), form.errors
    application = services.application_save(form=form, user=culture_user)
    assert list(application.status_changes.values_list("status", "changed_on", "changed_by")) == [
        ("idea", datetime.date(2026, 2, 2), culture_user.pk)
    ]

    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 3, 3, 10, tzinfo=UTC))
    form = application_form(culture_user, instance=saved(application), acronym="GP")
    assert form.is_valid(), form.errors
    services.application_save(form=form, user=culture_user)
    assert application.status_changes.count() == 1

    # The form carries no status: a status posted with it is not read.
    form = application_form(culture_user, instance=saved(application), status="preparing")
    assert form.is_valid(), form.errors
    services.application_save(form=form, user=culture_user)
    application.refresh_from_db()
    assert application.status == Status.IDEA
    assert application.status_changes.count() == 1


def test_a_status_change_reads_as_its_day_and_status():
    change = ApplicationStatusChangeFactory(status=Status.SUBMITTED, changed_on=datetime.date(2026, 3, 31))
    assert str(change) == "31/03/2026 Submitted"
    assert list(change.application.status_changes.all()) == [change]
    change.application.delete()
    assert not ApplicationStatusChange.objects.exists()
