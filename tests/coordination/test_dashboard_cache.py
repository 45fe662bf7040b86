"""The dashboard's city-wide part is cached, and every change of the registers' data shows at once.

The person's own reviews and units are never cached; the chart by unit names the units with the
most current records and adds up the rest.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.coordination import dashboard as dashboard_module
from helsinki_intl.coordination.dashboard import city_cache_key
from helsinki_intl.records.data_version import data_version
from tests.activities.factories import ActivityFactory
from tests.coordination.test_reviews import record_review
from tests.eu_projects.factories import ApplicationFactory
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    OrgUnitFactory,
    PriorityFactory,
    StrategyPeriodFactory,
    UserFactory,
)
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def dashboard(client, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME, headers=headers)
    assert response.status_code == 200
    response.queries = len(queries.captured_queries)
    return response


def chart(response, caption: str):
    return next(chart for chart in response.context["charts"] if chart.caption == caption)


def by_unit(response) -> dict[str, list[int]]:
    rows = chart(response, "Current records by owner unit").rows
    return {str(row.subject): [figure.count for figure in row.figures] for row in rows}


def overdue_memberships(response) -> int:
    return next(
        row for row in response.context["reviewable_figures"] if row.reviewable.key == "membership"
    ).overdue.count


def today() -> datetime.date:
    """Helsinki's date, read when a test asks for it, as the portal reads it per request."""
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


# The cache is used ------------------------------------------------------------------------------


def test_a_second_request_reads_the_city_from_the_cache(culture_client, culture_unit):
    MembershipFactory(owner_unit=culture_unit, active=True)

    first = dashboard(culture_client)
    second = dashboard(culture_client)

    # Session, user, the person's reviews in each reviewable register and the person's units.
    assert second.queries == 5 < first.queries
    assert by_unit(second) == by_unit(first) == {"Culture and Leisure Division": [1, 0, 0, 0, 0]}


def test_the_city_is_shared_but_each_person_s_units_are_their_own(
    culture_client, urban_client, culture_unit, urban_unit
):
    MembershipFactory(owner_unit=culture_unit, active=True)
    PartnershipFactory.create_batch(2, owner_unit=urban_unit, active=True)

    culture = dashboard(culture_client)
    urban = dashboard(urban_client)

    assert urban.queries < culture.queries
    assert by_unit(urban) == by_unit(culture)
    assert [(str(row.subject), row.total) for row in culture.context["my_units"]] == [
        ("Culture and Leisure Division", 1)
    ]
    assert [(str(row.subject), row.total) for row in urban.context["my_units"]] == [
        ("Urban Environment Division", 2)
    ]


def test_names_are_cached_in_every_language_and_shown_in_the_reader_s(culture_client, culture_unit):
    MembershipFactory(owner_unit=culture_unit, active=True)
    dashboard(culture_client)

    response = dashboard(culture_client, accept_language="fi")

    assert response.queries == 5
    assert response.context["LANGUAGE_CODE"] == "fi"
    unit_chart = response.context["charts"][1]
    assert str(unit_chart.caption) == "Voimassa olevat kohteet vastuuyksiköittäin"
    assert [str(row.subject) for row in unit_chart.rows] == ["Kulttuurin ja vapaa-ajan toimiala"]


def test_the_cache_key_holds_the_day_and_the_data_s_version():
    version = data_version()

    assert city_cache_key(today()) != city_cache_key(days(1))
    MembershipFactory()
    assert data_version() != version
    assert version not in city_cache_key(today())


# Changes show at once ---------------------------------------------------------------------------


def test_an_added_record_shows_at_once(culture_client, culture_unit):
    dashboard(culture_client)

    MembershipFactory(owner_unit=culture_unit, active=True)

    assert by_unit(dashboard(culture_client)) == {"Culture and Leisure Division": [1, 0, 0, 0, 0]}


def test_an_edited_record_shows_at_once(culture_client, culture_unit, urban_unit):
    membership = MembershipFactory(owner_unit=culture_unit, active=True)
    dashboard(culture_client)

    membership.owner_unit = urban_unit
    membership.save()

    assert by_unit(dashboard(culture_client)) == {"Urban Environment Division": [1, 0, 0, 0, 0]}


def test_a_deleted_record_shows_at_once(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit, active=True)
    dashboard(culture_client)

    membership.delete()

    assert by_unit(dashboard(culture_client)) == {}


def test_a_record_s_new_priority_shows_at_once(culture_client, culture_unit):
    period = StrategyPeriodFactory(starts_on=days(-100), ends_on=days(1000))
    priority = PriorityFactory(period=period)
    membership = MembershipFactory(owner_unit=culture_unit, active=True)
    dashboard(culture_client)

    membership.priorities.add(priority)

    rows = chart(dashboard(culture_client), "Current records by priority").rows
    assert [(row.subject.pk, row.total) for row in rows] == [(priority.pk, 1)]


def test_a_unit_closed_shows_at_once(coordinator_client, culture_unit):
    MembershipFactory(owner_unit=culture_unit, active=True)
    assert dashboard(coordinator_client).context["reviewable_figures"][0].inactive_owner_unit.count == 0

    culture_unit.is_active = False
    culture_unit.save()

    assert dashboard(coordinator_client).context["reviewable_figures"][0].inactive_owner_unit.count == 1


def test_a_review_moving_the_due_date_shows_at_once(coordinator_client, coordinator_user):
    membership = MembershipFactory(active=True, start_date=days(-400), next_review_due=days(-3))
    assert overdue_memberships(dashboard(coordinator_client)) == 1

    record_review(membership, reviewer=coordinator_user, reviewed_on=today())

    assert overdue_memberships(dashboard(coordinator_client)) == 0


def test_a_signing_in_changes_no_figure():
    person = UserFactory()
    version = data_version()
    update_last_login(None, person)

    assert data_version() == version


# The chart by unit ------------------------------------------------------------------------------


@pytest.fixture
def five_units(monkeypatch):
    """Five units with 5, 4, 3, 2 and 1 current records across the registers; two are named."""
    monkeypatch.setattr(dashboard_module, "TOP_UNITS", 2)
    units = [OrgUnitFactory(name_en=f"Unit {n}") for n in range(1, 6)]
    factories = [
        lambda unit: MembershipFactory(owner_unit=unit, active=True),
        lambda unit: PartnershipFactory(owner_unit=unit, active=True),
        lambda unit: ApplicationFactory(owner_unit=unit, status="submitted"),
        lambda unit: EventBidFactory(owner_unit=unit, status="for_decision"),
        lambda unit: ActivityFactory(owner_unit=unit),
    ]
    for unit, records in zip(units, (5, 4, 3, 2, 1), strict=True):
        for n in range(records):
            factories[n](unit)
    return units


def test_the_chart_names_the_units_with_the_most_records_and_adds_up_the_rest(culture_client, five_units):
    response = dashboard(culture_client)

    by_unit_chart = chart(response, "Current records by owner unit")
    assert [(str(row.subject), [f.count for f in row.figures]) for row in by_unit_chart.rows] == [
        ("Unit 1", [1, 1, 1, 1, 1]),
        ("Unit 2", [1, 1, 1, 1, 0]),
    ]
    other = by_unit_chart.other
    assert str(other.subject) == "3 other units"
    # Units 3, 4 and 5: 3 + 2 + 1 records, the first of each unit a membership.
    assert [figure.count for figure in other.figures] == [3, 2, 1, 0, 0]
    assert other.total == 6
    assert other.bar is None


def test_the_chart_s_table_reads_the_same_rows_and_says_where_the_rest_are(culture_client, five_units):
    page = dashboard(culture_client).content.decode()

    table = page.split("<caption>Current records by owner unit</caption>", 1)[1].split("</table>", 1)[0]
    heads = re.findall(r'<th scope="row">(.*?)</th>', table)
    assert heads == ["Unit 1", "Unit 2", "3 other units"]
    last_row = table.rsplit("<tr>", 1)[1]
    assert "<a " not in last_row  # no list is filtered to "the other units"
    assert "<svg" not in last_row
    note = page.split("</table>", 3)[-1]
    assert "The 2 units with the most current records are shown by name" in note
    assert f'href="{reverse("networks:membership-list")}?current=true"' in note


def test_with_few_units_there_is_no_row_for_the_others(culture_client, culture_unit):
    MembershipFactory(owner_unit=culture_unit, active=True)

    response = dashboard(culture_client)

    assert chart(response, "Current records by owner unit").other is None
    assert "other units" not in response.content.decode()
