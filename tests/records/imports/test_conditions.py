"""Check constraints answered in Python give the database's answer, NULLs included."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q
from django.db.models.functions import Lower

from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.records.imports import conditions
from helsinki_intl.records.imports.resources import ImportResource
from networks.models import Membership
from partnerships.models import Partner, Partnership

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 1)


def database_refuses(constraint, record) -> bool:
    # The database's own answer: a range check leaves validation to its field's validators.
    try:
        CheckConstraint.validate(constraint, type(record), record)
    except ValidationError:
        return True
    return False


def check_constraints(model) -> list[CheckConstraint]:
    return [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]


RECORDS = [
    Partner(kind="city", country="", region=""),
    Partner(kind="city", country="SE", region="nordic"),
    Partner(kind="organisation", country="", region=""),
    Membership(start_date=DAY, end_date=DAY - datetime.timedelta(days=1), annual_fee=Decimal("-1")),
    Membership(start_date=None, end_date=DAY, annual_fee=None),
    Membership(start_date=DAY, end_date=DAY, annual_fee=Decimal("0")),
    Partnership(information_exchange=False, project_cooperation=False, joint_advocacy=False),
    Partnership(information_exchange=False, project_cooperation=True, joint_advocacy=False),
    Application(total_budget=Decimal("10"), city_budget=Decimal("20"), eu_grant_granted=Decimal("5")),
    Application(eu_grant_requested=Decimal("5"), eu_grant_granted=Decimal("6"), cofinancing_granted=None),
    Application(cofinancing_requested=None, cofinancing_granted=Decimal("1"), total_budget=Decimal("-3")),
    Application(),
    EventBid(starts_on=DAY, ends_on=DAY - datetime.timedelta(days=2), expected_delegates=0),
    EventBid(starts_on=DAY, ends_on=DAY, expected_delegates=5, daily_spend_estimate=Decimal("-1")),
    EventBid(starts_on=DAY, ends_on=None, expected_delegates=None, estimated_cost=Decimal("3")),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: type(record).__name__)
def test_python_and_the_database_refuse_the_same_records(record):
    constraints = check_constraints(type(record))
    assert constraints

    for constraint in constraints:
        refused_in_python = conditions.holds(constraint.condition, record) is False
        assert refused_in_python == database_refuses(constraint, record), constraint.name


def test_the_test_records_break_some_constraints_and_keep_others():
    answers = {
        conditions.holds(constraint.condition, record) is False
        for record in RECORDS
        for constraint in check_constraints(type(record))
    }

    assert answers == {True, False}


def test_a_comparison_with_null_is_unknown_and_unknown_is_not_a_breach():
    condition = Q(end_date__gte=F("start_date"))

    assert conditions.holds(condition, Membership(start_date=DAY, end_date=None)) is None
    assert conditions.holds(~condition, Membership(start_date=DAY, end_date=None)) is None
    assert conditions.holds(condition | Q(annual_fee__gte=0), Membership(annual_fee=Decimal(1))) is True
    assert conditions.holds(condition & Q(annual_fee__gte=0), Membership(annual_fee=Decimal(-1))) is False


def test_a_constraint_on_a_field_already_wrong_is_not_checked_again():
    constraint = check_constraints(Membership)[0]
    record = Membership(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))

    assert ImportResource.check_in_python(constraint, record, exclude={"end_date"})
    with pytest.raises(ValidationError) as refused:
        ImportResource.check_in_python(constraint, record, exclude=set())
    assert refused.value.messages == ["The end date cannot be before the start date."]


def test_a_condition_python_cannot_answer_is_left_to_the_database():
    constraint = CheckConstraint(condition=Q(name=Lower("name")), name="lower_name")

    with pytest.raises(conditions.Unsupported):
        conditions.holds(constraint.condition, Partner(name="X"))
    assert not ImportResource.check_in_python(constraint, Partner(name="X"), exclude=set())
