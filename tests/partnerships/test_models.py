import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation

from partnerships.models import (
    Contact,
    Partner,
    Partnership,
    PartnershipGoalOutcome,
    PartnershipReview,
)
from tests.factories import UserFactory
from tests.partnerships.factories import (
    ContactFactory,
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
    twin_city_partnership,
)

pytestmark = pytest.mark.django_db

NO_NEW_TWIN_CITIES = (
    "The city signs no new twin-city (friendship) agreements: choose thematic or project-based "
    "cooperation. Only an existing twin-city relationship keeps this type."
)
COOPERATION_REQUIRED = (
    "Choose at least one form of cooperation: information exchange, project cooperation or joint advocacy."
)


def errors_of(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


# Partners -------------------------------------------------------------------------------------


def test_a_partner_country_is_an_iso_code_in_capitals():
    partner = PartnerFactory(country="EE", region="baltic")
    partner.full_clean()
    message = "Give the country as its two-letter ISO 3166-1 code, e.g. FI or BE."
    for wrong in ("ee", "EST", "XX", "EU", "ZZ"):
        partner.country = wrong
        errors = errors_of(partner)
        assert message in errors["country"], wrong


def test_a_partner_country_is_named_in_the_active_language():
    partner = PartnerFactory(country="EE", region="baltic")
    with translation.override("en"):
        assert partner.country_name == "Estonia"
    with translation.override("fi"):
        assert partner.country_name == "Viro"
    with translation.override("sv"):
        assert partner.country_name == "Estland"
    assert PartnerFactory(kind=Partner.Kind.UN_AGENCY, country="", region="").country_name == ""


def test_a_city_needs_a_country_and_a_region():
    city = PartnerFactory.build(owner_unit=PartnerFactory().owner_unit, country="", region="")
    assert errors_of(city) == {"country": ["A city needs a country."], "region": ["A city needs a region."]}


def test_an_organisation_may_be_without_a_country_or_region():
    unit = PartnerFactory().owner_unit
    for kind in (Partner.Kind.UN_AGENCY, Partner.Kind.INTERNATIONAL_ORGANISATION):
        PartnerFactory.build(
            name=f"Org {kind}", kind=kind, country="", region="", owner_unit=unit
        ).full_clean()


def test_the_database_refuses_a_city_without_a_country():
    partner = PartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=partner.pk).update(country="")


def test_partner_names_are_unique():
    PartnerFactory(name="Tallinn", country="EE", region="baltic")
    duplicate = PartnerFactory.build(name="Tallinn", owner_unit=PartnerFactory().owner_unit)
    assert errors_of(duplicate) == {"name": ["Partner with this Name already exists."]}


def test_a_partner_with_partnerships_cannot_be_deleted():
    partnership = PartnershipFactory()
    with pytest.raises(ProtectedError):
        partnership.partner.delete()


# Partnerships: the twin-city rule --------------------------------------------------------------


def test_a_new_twin_city_partnership_is_refused_at_the_type():
    partnership = PartnershipFactory.build(
        partner=PartnerFactory(),
        owner_unit=PartnerFactory().owner_unit,
        responsible_person=UserFactory(),
        type=Partnership.Type.TWIN_CITY,
    )
    assert errors_of(partnership) == {"type": [NO_NEW_TWIN_CITIES]}


def test_an_existing_partnership_cannot_become_a_twin_city_relationship():
    partnership = Partnership.objects.get(pk=PartnershipFactory().pk)
    partnership.type = Partnership.Type.TWIN_CITY
    assert errors_of(partnership) == {"type": [NO_NEW_TWIN_CITIES]}


def test_an_existing_twin_city_relationship_stays_editable():
    tallinn = twin_city_partnership(partner__name="Tallinn", active=True)
    tallinn.themes = "FinEst twin-city area"
    tallinn.joint_advocacy = True
    tallinn.full_clean()
    tallinn.save()

    tallinn = Partnership.objects.get(pk=tallinn.pk)
    tallinn.status = Partnership.Status.DORMANT
    tallinn.full_clean()


def test_a_twin_city_relationship_changed_to_thematic_cannot_turn_back():
    tallinn = twin_city_partnership()
    tallinn.type = Partnership.Type.THEMATIC
    tallinn.full_clean()
    tallinn.save()
    tallinn = Partnership.objects.get(pk=tallinn.pk)
    tallinn.type = Partnership.Type.TWIN_CITY
    assert errors_of(tallinn) == {"type": [NO_NEW_TWIN_CITIES]}


# Partnerships: other rules ---------------------------------------------------------------------


def test_at_least_one_form_of_cooperation_is_required():
    partnership = PartnershipFactory()
    partnership.information_exchange = False
    assert errors_of(partnership) == {"information_exchange": [COOPERATION_REQUIRED]}
    partnership.joint_advocacy = True
    partnership.full_clean()
    assert partnership.cooperation == ["joint_advocacy"]


def test_the_database_refuses_a_partnership_without_a_form_of_cooperation():
    partnership = PartnershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.filter(pk=partnership.pk).update(information_exchange=False)


def test_end_before_start_is_refused_at_the_end_date_and_by_the_database():
    partnership = PartnershipFactory(active=True)
    partnership.end_date = datetime.date(2019, 12, 31)
    assert errors_of(partnership) == {"end_date": ["The end date cannot be before the start date."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.filter(pk=partnership.pk).update(end_date=datetime.date(2019, 12, 31))


def test_an_ended_partnership_needs_an_end_date():
    partnership = PartnershipFactory(active=True)
    partnership.status = Partnership.Status.ENDED
    assert errors_of(partnership) == {"end_date": ["An ended partnership needs an end date."]}


def test_an_active_partnership_needs_a_start_date():
    partnership = PartnershipFactory(active=True)
    partnership.start_date = None
    assert errors_of(partnership) == {"start_date": ["An active partnership needs a start date."]}


def test_an_active_partnership_needs_a_goal():
    partnership = PartnershipFactory(active=True)
    with pytest.raises(ValidationError) as caught:
        partnership.validate_goal_count(0)
    assert caught.value.messages == ["A record with the status “Active” needs at least one goal."]
    partnership.validate_goal_count(1)


@pytest.mark.parametrize("status", ["explored", "dormant", "ended"])
def test_other_statuses_may_be_without_goals(status):
    PartnershipFactory.build(status=status).validate_goal_count(0)


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("explored", "active", True),
        ("explored", "ended", True),
        ("explored", "dormant", False),
        ("active", "dormant", True),
        ("active", "ended", True),
        ("active", "explored", False),
        ("dormant", "active", True),
        ("dormant", "ended", True),
        ("dormant", "explored", False),
        ("ended", "active", False),
        ("ended", "dormant", False),
        ("ended", "explored", False),
    ],
)
def test_the_status_follows_the_lifecycle(old, new, allowed):
    saved = PartnershipFactory(
        status=old, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    partnership = Partnership.objects.get(pk=saved.pk)
    partnership.status = new
    if allowed:
        partnership.full_clean()
    else:
        labels = dict(Partnership.Status.choices)
        message = f"A partnership cannot move from “{labels[old]}” to “{labels[new]}”."
        assert errors_of(partnership) == {"status": [message]}


def test_a_new_partnership_may_start_in_any_status():
    for status in ("explored", "active", "dormant", "ended"):
        PartnershipFactory.build(
            partner=PartnerFactory(),
            owner_unit=PartnerFactory().owner_unit,
            responsible_person=UserFactory(),
            status=status,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2024, 1, 1),
        ).full_clean()


# Review cycle and questions --------------------------------------------------------------------


def test_active_and_dormant_partnerships_are_reviewed():
    today = timezone.localdate()
    active = PartnershipFactory(active=True, review_interval_months=6)
    assert active.next_review_due == today + relativedelta(months=6)
    assert PartnershipFactory().next_review_due is None  # explored
    dormant = PartnershipFactory(status="dormant", start_date=datetime.date(2020, 1, 1))
    assert dormant.next_review_due == today + relativedelta(months=12)


def test_review_questions():
    today = timezone.localdate()
    overdue = PartnershipFactory(active=True, next_review_due=today - datetime.timedelta(days=1))
    dormant_due = PartnershipFactory(status="dormant", next_review_due=today + datetime.timedelta(days=10))
    PartnershipFactory(active=True, next_review_due=today + datetime.timedelta(days=60))
    explored = PartnershipFactory(next_review_due=today - datetime.timedelta(days=100))

    assert set(Partnership.objects.review_overdue()) == {overdue}
    assert set(Partnership.objects.review_due(before=today + datetime.timedelta(days=30))) == {
        overdue,
        dormant_due,
    }
    assert not explored.is_review_overdue()


def test_current_and_cooperation_questions():
    exchange = PartnershipFactory()
    projects = PartnershipFactory(information_exchange=False, project_cooperation=True)
    ended = PartnershipFactory(status="ended", end_date=datetime.date(2023, 1, 1), joint_advocacy=True)

    assert set(Partnership.objects.current()) == {exchange, projects}
    assert list(Partnership.objects.with_cooperation("project_cooperation")) == [projects]
    assert list(Partnership.objects.with_cooperation("joint_advocacy")) == [ended]
    assert ended.get_cooperation_display() == "Information exchange, Joint advocacy"


def test_editable_by_names_the_owner_unit_s_records(culture_user, strategy_user, urban_user):
    mine = PartnershipFactory(owner_unit=culture_user.units.get())
    PartnershipFactory(owner_unit=urban_user.units.get())
    assert list(Partnership.objects.editable_by(culture_user)) == [mine]
    assert Partnership.objects.editable_by(strategy_user).count() == 2


def test_goals_keep_their_order():
    partnership = PartnershipFactory()
    second = PartnershipGoalFactory(partnership=partnership, order=2, title="Second")
    first = PartnershipGoalFactory(partnership=partnership, order=1, title="First")
    assert list(partnership.goals.all()) == [first, second]


# Contacts -------------------------------------------------------------------------------------


def test_a_contact_or_visit_in_the_future_is_refused_at_the_date():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    message = "Only a planned meeting may be dated in the future; log contacts and visits once held."
    for kind in (Contact.Kind.CONTACT, Contact.Kind.VISIT):
        contact = ContactFactory.build(partnership=PartnershipFactory(), date=tomorrow, kind=kind)
        assert errors_of(contact) == {"date": [message]}, kind


def test_a_planned_meeting_may_be_in_the_future_and_today_is_not_the_future():
    partnership = PartnershipFactory()
    today = timezone.localdate()
    ContactFactory.build(
        partnership=partnership, date=today + datetime.timedelta(days=30), kind="meeting"
    ).full_clean()
    ContactFactory.build(partnership=partnership, date=today, kind="visit").full_clean()


def test_contacts_are_listed_newest_first_and_planned_ones_are_named():
    partnership = PartnershipFactory()
    today = timezone.localdate()
    old = ContactFactory(partnership=partnership, date=datetime.date(2022, 4, 8))
    planned = ContactFactory(partnership=partnership, date=today + datetime.timedelta(days=3), kind="meeting")
    recent = ContactFactory(partnership=partnership, date=datetime.date(2024, 3, 5))

    assert list(partnership.contacts.all()) == [planned, recent, old]
    assert list(partnership.contacts.planned()) == [planned]
    assert list(partnership.contacts.held()) == [recent, old]
    assert str(old) == "08/04/2022 – Contact"


def test_contacts_go_with_their_partnership():
    contact = ContactFactory()
    contact.partnership.delete()
    assert not Contact.objects.exists()


# Reviews --------------------------------------------------------------------------------------


def test_a_goal_has_one_outcome_per_review(strategy_user):
    partnership = PartnershipFactory(active=True)
    goal = partnership.goals.get()
    review = PartnershipReview.objects.create(
        partnership=partnership,
        reviewer=strategy_user,
        benefit_assessment="Useful exchange.",
        recommendation="continue",
    )
    PartnershipGoalOutcome.objects.create(review=review, goal=goal, outcome="met")
    duplicate = PartnershipGoalOutcome(review=review, goal=goal, outcome="not_met")
    assert errors_of(duplicate) == {"__all__": ["This goal already has an outcome in this review."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_outcome_is_for_a_goal_of_the_reviewed_partnership(strategy_user):
    review = PartnershipReview.objects.create(
        partnership=PartnershipFactory(active=True),
        reviewer=strategy_user,
        benefit_assessment="Useful exchange.",
        recommendation="continue",
    )
    other_goal = PartnershipGoalFactory()
    outcome = PartnershipGoalOutcome(review=review, goal=other_goal, outcome="met")
    assert errors_of(outcome) == {"goal": ["Choose a goal of the record under review."]}
