"""Factories of the EU funding register, with fixed defaults."""

import datetime
from decimal import Decimal

import factory

from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme
from tests.factories import OrgUnitFactory, UserFactory

BRUSSELS = datetime.timezone(datetime.timedelta(hours=1))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Programme {n}")
    short_name = ""


class CallFactory(factory.django.DjangoModelFactory):
    """A call that opened on 1 January 2026 and closes at 17:00 Brussels time on 31 March 2026."""

    class Meta:
        model = Call

    identifier = factory.Sequence(lambda n: f"HORIZON-CL5-2026-09-D4-{n:02d}")
    title = "Positive energy districts"
    programme = factory.SubFactory(ProgrammeFactory)
    opens_at = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=BRUSSELS)
    deadline = datetime.datetime(2026, 3, 31, 17, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    deadline_timezone = "Europe/Brussels"
    link = "https://ec.europa.eu/info/funding-tenders/opportunities/portal"
    indicative_budget = Decimal("10000000.00")
    owner_unit = factory.SubFactory(OrgUnitFactory)


class CoFinancingAppropriationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoFinancingAppropriation
        django_get_or_create = ["year"]

    year = 2026
    amount = Decimal("1500000.00")
    decision_reference = "HEL 2025-012930"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application being prepared, with a budget and no co-financing."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    project_name = factory.Sequence(lambda n: f"Project {n}")
    acronym = ""
    call = factory.SubFactory(CallFactory)
    role = Application.Role.PARTNER
    owner_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = factory.SubFactory(UserFactory)
    status = Application.Status.PREPARING
    total_budget = Decimal("1000000.00")
    city_budget = Decimal("200000.00")
    eu_grant_requested = Decimal("800000.00")
    # Follows the co-financing amounts given: granted ones were granted, others requested.
    cofinancing_decision = factory.LazyAttribute(
        lambda application: (
            Application.CoFinancing.GRANTED
            if getattr(application, "cofinancing_granted", None)
            else Application.CoFinancing.REQUESTED
            if getattr(application, "cofinancing_requested", None) is not None
            else Application.CoFinancing.NOT_REQUESTED
        )
    )


class ApplicationStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationStatusChange

    application = factory.SubFactory(ApplicationFactory)
    status = Application.Status.IDEA
    changed_on = datetime.date(2026, 1, 15)
