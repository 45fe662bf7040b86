"""Factories with fixed defaults: a test says what matters to it and gets the same rest every run."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from helsinki_intl.coordination.models import CalendarFeed, Reminder, ReminderSchedule, hash_token
from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.records.choices import GoalOutcome, Recommendation
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, Priority, StrategyPeriod
from networks.models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"unit-{n}")
    name_fi = factory.Sequence(lambda n: f"Yksikkö {n}")
    name_sv = factory.Sequence(lambda n: f"Enhet {n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnit.Kind.DIVISION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    language = "fi"

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])


def international_affairs_user(**kwargs) -> User:
    return UserFactory(groups=[roles.INTERNATIONAL_AFFAIRS], **kwargs)


class StrategyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyPeriod
        django_get_or_create = ["name"]

    name = "2021–2025"
    starts_on = datetime.date(2021, 8, 1)
    ends_on = datetime.date(2025, 7, 31)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    period = factory.SubFactory(StrategyPeriodFactory)
    code = factory.Sequence(lambda n: f"priority-{n}")
    name_fi = factory.Sequence(lambda n: f"Painopiste {n}")
    name_sv = factory.Sequence(lambda n: f"Prioritet {n}")
    name_en = factory.Sequence(lambda n: f"Priority {n}")


class SDGFactory(factory.django.DjangoModelFactory):
    """One of the seventeen goals, which a migration loads: the factory saves it again by its number."""

    class Meta:
        model = SDG

    number = 11
    name_fi = "Kestävät kaupungit ja yhteisöt"
    name_sv = "Hållbara städer och samhällen"
    name_en = "Sustainable cities and communities"
    colour = "#FD9D24"

    @classmethod
    def _create(cls, model_class, number, **fields):
        return model_class.objects.update_or_create(number=number, defaults=fields)[0]


class AdvocacyTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvocacyTopic

    year = 2026
    name_fi = factory.Sequence(lambda n: f"Vaikuttamisteema {n}")
    name_sv = factory.Sequence(lambda n: f"Påverkanstema {n}")
    name_en = factory.Sequence(lambda n: f"Advocacy topic {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    acronym = ""
    kind = "city_network"
    scope = "europe"
    owner_unit = factory.SubFactory(OrgUnitFactory)


class PriorityNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityNetwork

    network = factory.SubFactory(NetworkFactory)
    period = factory.SubFactory(StrategyPeriodFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A proposed membership; `MembershipFactory(active=True)` gives an active one with a goal."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    class Params:
        active = factory.Trait(
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2020, 1, 1),
            goal=factory.RelatedFactory(
                "tests.factories.MembershipGoalFactory", factory_related_name="membership"
            ),
        )

    network = factory.SubFactory(NetworkFactory)
    owner_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = factory.SubFactory(UserFactory)
    status = Membership.Status.PROPOSED
    annual_fee = Decimal("1000.00")
    review_interval_months = 12


class MembershipGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipGoal

    membership = factory.SubFactory(MembershipFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    target = "A measurable target"
    indicator = "An indicator"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    membership = factory.SubFactory(MembershipFactory)
    title = "Forum chair"
    holder = "Economic Development Department"
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2023, 6, 30)


class MembershipReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipReview

    membership = factory.SubFactory(MembershipFactory, active=True)
    reviewed_on = datetime.date(2024, 5, 2)
    reviewer = factory.SubFactory(UserFactory)
    benefit_assessment = "The working group paid off."
    recommendation = Recommendation.CONTINUE


class MembershipGoalOutcomeFactory(factory.django.DjangoModelFactory):
    """The outcome of a goal of the reviewed membership."""

    class Meta:
        model = MembershipGoalOutcome

    review = factory.SubFactory(MembershipReviewFactory)
    goal = factory.SubFactory(MembershipGoalFactory, membership=factory.SelfAttribute("..review.membership"))
    outcome = GoalOutcome.PARTLY_MET
    comment = "One meeting hosted"


class ReminderFactory(factory.django.DjangoModelFactory):
    """A review reminder about a membership, recorded and not yet sent."""

    class Meta:
        model = Reminder

    record = factory.SubFactory(MembershipFactory, active=True)
    kind = Reminder.Kind.REVIEW_DUE
    due_date = datetime.date(2026, 5, 4)
    recipient = factory.Sequence(lambda n: f"person{n}@example.com")
    language = "fi"


class ReminderScheduleFactory(factory.django.DjangoModelFactory):
    """A record type's reminder schedule as international affairs set it: `migrate` makes the row
    of each type reminded of, and the factory saves the values given on it (memberships' unless
    another `record_type` is given)."""

    class Meta:
        model = ReminderSchedule

    record_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Membership))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        schedule, _created = model_class.objects.get_or_create(record_type=kwargs.pop("record_type"))
        for name, value in kwargs.items():
            setattr(schedule, name, value)
        schedule.full_clean()
        schedule.save()
        return schedule


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token_hash = factory.Sequence(lambda n: hash_token(f"token-{n}"))
