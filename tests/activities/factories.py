"""Planned activity factories with fixed defaults."""

import datetime

import factory

from activities.models import Activity
from tests.factories import OrgUnitFactory, UserFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """A visit to Tallinn being planned; `ActivityFactory(online=True)` has no place."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Visit {n:03}")
    kind = Activity.Kind.VISIT_ABROAD
    owner_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = factory.SubFactory(UserFactory)
    status = Activity.Status.PLANNED
    starts_on = datetime.date(2028, 5, 10)
    ends_on = datetime.date(2028, 5, 12)
    city = "Tallinn"
    country = "EE"
