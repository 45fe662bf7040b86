"""The registers' rules at their boundaries: an end on the start day, an amount equal to its limit,
an amount given with no limit at all; and the export's cells to the minute and the cent. Found by
`make mutants`: a rule moved by one step (`<` for `<=`, `or 0` for `or 1`) passed every other test."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from eu_projects.models import CoFinancingAppropriation
from helsinki_intl.records.export.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONEY_FORMAT,
    csv_cell,
    wall_clock,
    xlsx_cell,
)
from tests.eu_projects.factories import ApplicationFactory, CallFactory, CoFinancingAppropriationFactory
from tests.factories import MembershipFactory, NetworkFactory, RoleFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def errors_of(record) -> dict[str, list[str]]:
    try:
        record.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    "record",
    [
        lambda: MembershipFactory.build(network=NetworkFactory(), start_date=DAY, end_date=DAY),
        lambda: RoleFactory.build(membership=MembershipFactory(), start_date=DAY, end_date=DAY),
        lambda: PartnershipFactory.build(start_date=DAY, end_date=DAY),
    ],
    ids=["membership", "role", "partnership"],
)
def test_an_end_on_the_start_day_is_allowed(record):
    assert "end_date" not in errors_of(record())


def test_a_deadline_at_the_opening_moment_is_allowed():
    moment = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    assert errors_of(CallFactory.build(opens_at=moment, deadline=moment)) == {}


def application(**amounts):
    return ApplicationFactory.build(call=CallFactory(), **amounts)


def test_amounts_equal_to_their_limits_are_allowed():
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("1000000.00"))
    record = application(
        total_budget=Decimal("1000.00"),
        city_budget=Decimal("1000.00"),
        eu_grant_requested=Decimal("600.00"),
        cofinancing_requested=Decimal("400.00"),
        cofinancing_year=2026,
    )
    assert errors_of(record) == {}


def test_a_grant_with_nothing_requested_is_refused_however_small():
    record = application(status="granted", eu_grant_requested=None, eu_grant_granted=Decimal("0.50"))
    assert "eu_grant_granted" in errors_of(record)
    record = application(
        status="granted", cofinancing_requested=None, cofinancing_granted=Decimal("0.50"), city_budget=None
    )
    assert "cofinancing_granted" in errors_of(record)


def test_the_sum_over_the_total_is_named_at_the_grant_only_when_a_grant_is_given():
    over = application(total_budget=Decimal("100"), city_budget=None, eu_grant_requested=Decimal("150"))
    assert "eu_grant_requested" in errors_of(over)
    no_grant = application(
        total_budget=Decimal("100"),
        city_budget=Decimal("100"),
        eu_grant_requested=None,
        cofinancing_requested=Decimal("100"),
    )
    assert "eu_grant_requested" not in errors_of(no_grant)
    assert "cofinancing_requested" not in errors_of(no_grant)  # all of the city's share, and no more


def test_an_appropriation_may_be_granted_to_its_last_euro_and_without_an_amount_is_left_to_its_field():
    ApplicationFactory(
        status="granted",
        city_budget=Decimal("500"),
        cofinancing_requested=Decimal("500"),
        cofinancing_granted=Decimal("500"),
        cofinancing_year=2026,
    )
    assert errors_of(CoFinancingAppropriation(year=2026, amount=Decimal("500"))) == {}
    assert errors_of(CoFinancingAppropriation(year=2026, amount=None)) == {}


def test_csv_cells_are_plain_text_to_the_minute_and_the_cent():
    moment = datetime.datetime(2026, 3, 31, 17, 0, 42, 5, tzinfo=datetime.UTC)
    assert csv_cell(None) == ""
    assert csv_cell(Decimal("1E+3")) == "1000"
    assert csv_cell(Decimal("12.50")) == "12.50"
    assert csv_cell(moment) == "2026-03-31 17:00"
    assert wall_clock(moment) == datetime.datetime(2026, 3, 31, 17, 0)
    with pytest.raises(TypeError):
        csv_cell(True)


def test_xlsx_cells_keep_numbers_and_give_money_and_times_their_formats():
    sheet = Workbook().active
    assert xlsx_cell(sheet, None) is None
    assert xlsx_cell(sheet, 3) == 3
    money = xlsx_cell(sheet, Decimal("12.50"))
    assert money.value == Decimal("12.50")
    when = xlsx_cell(sheet, datetime.datetime(2026, 3, 31, 17, 0, 42, tzinfo=datetime.UTC))
    assert when.value == datetime.datetime(2026, 3, 31, 17, 0)
    day = xlsx_cell(sheet, DAY)
    assert day.value == DAY
    assert (money.number_format, when.number_format, day.number_format) == (
        MONEY_FORMAT,
        DATETIME_FORMAT,
        DATE_FORMAT,
    )
    assert xlsx_cell(sheet, "=1+1") == "'=1+1"
    with pytest.raises(TypeError):
        xlsx_cell(sheet, False)
