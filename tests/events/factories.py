"""Event bid factories with fixed defaults."""

import datetime
from decimal import Decimal

import factory

from events.models import EventBid
from tests.factories import OrgUnitFactory, UserFactory


class EventBidFactory(factory.django.DjangoModelFactory):
    """A congress bid at the idea stage; `EventBidFactory(decided=True)` records a decision."""

    class Meta:
        model = EventBid
        skip_postgeneration_save = True

    class Params:
        decided = factory.Trait(
            decision_date=datetime.date(2026, 3, 10),
            decision="The group supports the bid.",
            minutes_reference="HEL 2026-001234",
        )
        abroad = factory.Trait(
            kind=EventBid.Kind.ABROAD,
            city="Brussels",
            country="BE",
            host_conference="European Week of Regions and Cities",
        )

    name = factory.Sequence(lambda n: f"Congress {n:03}")
    kind = EventBid.Kind.CONGRESS
    owner_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = factory.SubFactory(UserFactory)
    status = EventBid.Status.IDEA
    starts_on = datetime.date(2028, 6, 5)
    ends_on = datetime.date(2028, 6, 8)
    venue = "Messukeskus Helsinki"
    city = "Helsinki"
    country = "FI"
    expected_delegates = 2000
    estimated_cost = Decimal("1000000.00")
    city_resources = Decimal("100000.00")
