"""The quarterly summary's figures of the benefit trail: the memberships' fees by priority and unit,
and the EU grants won through networks (applications linked to a membership)."""

import datetime
from decimal import Decimal

import pytest

from eu_projects.models import Application
from helsinki_intl.coordination.summary import Period, build_summary
from helsinki_intl.links.relations import kinds_from
from helsinki_intl.links.services import record_links_set
from networks.models import Membership
from tests.eu_projects.factories import ApplicationFactory
from tests.factories import MembershipFactory, PriorityFactory, StrategyPeriodFactory
from tests.partnerships.factories import PartnerFactory

Q1 = Period.parse_quarter("2026Q1")


def held(unit, start, *, fee, end=None, status=Membership.Status.ACTIVE, priorities=()) -> Membership:
    membership = MembershipFactory(
        owner_unit=unit, status=status, start_date=start, end_date=end, annual_fee=Decimal(fee)
    )
    membership.priorities.set(priorities)
    return membership


def granted(on: datetime.date, amount: str, *, through=(), by=None) -> Application:
    euros = Decimal(amount)
    application = ApplicationFactory(
        status=Application.Status.GRANTED, eu_grant_requested=euros, eu_grant_granted=euros
    )
    application.status_changes.create(from_status="submitted", status="granted", changed_on=on)
    if through:
        record_links_set(record=application, kind=kinds_from(Application)[0], targets=list(through), by=by)
    return application


@pytest.fixture
def figures(culture_unit, urban_unit, culture_user):
    period = StrategyPeriodFactory(
        name="2025–2029", starts_on=datetime.date(2025, 8, 1), ends_on=datetime.date(2029, 7, 31)
    )
    talent = PriorityFactory(period=period, name_en="Talent attraction", order=1)
    climate = PriorityFactory(period=period, name_en="Climate", order=2)
    eurocities = held(culture_unit, datetime.date(2020, 1, 1), fee="1000.00", priorities=[talent])
    held(urban_unit, datetime.date(2026, 2, 1), fee="2500.00", priorities=[climate, talent])
    held(
        urban_unit,
        datetime.date(2019, 1, 1),
        fee="9000.00",
        end=datetime.date(2025, 12, 31),
        status=Membership.Status.ENDED,
    )
    held(culture_unit, datetime.date(2026, 4, 1), fee="7000.00")  # joins after the quarter
    MembershipFactory(owner_unit=culture_unit, annual_fee=Decimal("5000.00"))  # only proposed
    granted(datetime.date(2026, 2, 10), "500000.00", through=[eurocities], by=culture_user)
    granted(datetime.date(2026, 2, 11), "300000.00", through=[PartnerFactory()], by=culture_user)
    granted(datetime.date(2026, 3, 1), "200000.00")
    granted(datetime.date(2026, 4, 1), "900000.00", through=[eurocities], by=culture_user)


def breakdown(summary, title: str) -> dict:
    table = next(b for b in summary.breakdowns if str(b.title) == title)
    keys = [column.key for column in summary.breakdown_columns]
    return {row.label: dict(zip(keys, row.values, strict=True)) for row in table.rows}


def test_fees_count_the_memberships_held_in_the_quarter(figures):
    summary = build_summary(Q1)

    assert summary.value("membership_fees") == Decimal("3500.00")
    by_priority = breakdown(summary, "By priority")
    assert by_priority["Talent attraction"]["membership_fees"] == Decimal("3500.00")
    assert by_priority["Climate"]["membership_fees"] == Decimal("2500.00")
    by_unit = breakdown(summary, "By owner unit")
    assert by_unit["Culture and Leisure Division"]["membership_fees"] == Decimal("1000.00")
    assert by_unit["Urban Environment Division"]["membership_fees"] == Decimal("2500.00")


def test_eu_grants_won_through_networks_count_the_applications_linked_to_a_membership(figures):
    summary = build_summary(Q1)

    assert summary.value("eu_grant_granted") == Decimal("1000000.00")
    assert summary.value("eu_grant_through_networks") == Decimal("500000.00")
    assert build_summary(Period.parse_quarter("2026Q2")).value("eu_grant_through_networks") == Decimal(
        "900000.00"
    )
