"""Factories of the partnership register, with fixed defaults."""

import datetime

import factory

from helsinki_intl.records.choices import GoalOutcome, Recommendation
from partnerships.models import (
    Contact,
    Partner,
    Partnership,
    PartnershipGoal,
    PartnershipGoalOutcome,
    PartnershipReview,
)
from tests.factories import OrgUnitFactory, UserFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner city {n}")
    kind = Partner.Kind.CITY
    country = "SE"
    region = "nordic"
    owner_unit = factory.SubFactory(OrgUnitFactory)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An explored thematic partnership; `PartnershipFactory(active=True)` gives an active one with a goal."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    class Params:
        active = factory.Trait(
            status=Partnership.Status.ACTIVE,
            start_date=datetime.date(2020, 1, 1),
            goal=factory.RelatedFactory(
                "tests.partnerships.factories.PartnershipGoalFactory", factory_related_name="partnership"
            ),
        )

    partner = factory.SubFactory(PartnerFactory)
    owner_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = factory.SubFactory(UserFactory)
    type = Partnership.Type.THEMATIC
    information_exchange = True
    themes = "Climate and talent"
    status = Partnership.Status.EXPLORED
    review_interval_months = 12


class PartnershipGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipGoal

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    target = "A measurable target"
    indicator = "An indicator"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partnership = factory.SubFactory(PartnershipFactory)
    date = datetime.date(2024, 3, 5)
    kind = Contact.Kind.CONTACT
    participants = "International affairs of both cities"
    summary = "Agreed the themes of the year."
    follow_up = ""


class PartnershipReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipReview

    partnership = factory.SubFactory(PartnershipFactory, active=True)
    reviewed_on = datetime.date(2024, 5, 2)
    reviewer = factory.SubFactory(UserFactory)
    benefit_assessment = "The exchange of experts paid off."
    recommendation = Recommendation.CONTINUE


class PartnershipGoalOutcomeFactory(factory.django.DjangoModelFactory):
    """The outcome of a goal of the reviewed partnership."""

    class Meta:
        model = PartnershipGoalOutcome

    review = factory.SubFactory(PartnershipReviewFactory)
    goal = factory.SubFactory(
        PartnershipGoalFactory, partnership=factory.SelfAttribute("..review.partnership")
    )
    outcome = GoalOutcome.MET
    comment = "Two expert visits"


def twin_city_partnership(**fields) -> Partnership:
    """An existing twin-city relationship such as Tallinn's, saved without the form's refusal of new ones."""
    partnership = PartnershipFactory(type=Partnership.Type.TWIN_CITY, **fields)
    return Partnership.objects.get(pk=partnership.pk)
