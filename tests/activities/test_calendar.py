"""The city-wide calendar page of the activities, a month week by week, and the activities in the
calendar feeds, each over its days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helsinki_intl.coordination.models import CalendarFeed
from tests.activities.factories import ActivityFactory

pytestmark = pytest.mark.django_db
CALENDAR = reverse("activities:calendar")


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["activities"]]


@pytest.fixture
def month(culture_unit, urban_unit):
    """Activities of May 2028 and around it."""
    return {
        "visit": ActivityFactory(
            title="Visit to Tallinn",
            owner_unit=culture_unit,
            starts_on=datetime.date(2028, 5, 10),
            ends_on=datetime.date(2028, 5, 12),
        ),
        "campaign": ActivityFactory(
            title="Campaign in Riga",
            kind="campaign",
            owner_unit=urban_unit,
            city="Riga",
            country="LV",
            starts_on=datetime.date(2028, 4, 20),
            ends_on=datetime.date(2028, 5, 2),
        ),
        "june": ActivityFactory(
            title="June visit", starts_on=datetime.date(2028, 6, 1), ends_on=datetime.date(2028, 6, 1)
        ),
        "cancelled": ActivityFactory(title="Cancelled", status="cancelled"),
    }


def test_the_month_shows_its_activities_week_by_week(culture_client, month):
    response = culture_client.get(CALENDAR, {"month": "2028-05"})

    assert response.status_code == 200
    assert titles(response) == ["Campaign in Riga", "Visit to Tallinn"]
    weeks = response.context["weeks"]
    assert [(week.first, week.last) for week in weeks][:2] == [
        (datetime.date(2028, 5, 1), datetime.date(2028, 5, 7)),
        (datetime.date(2028, 5, 8), datetime.date(2028, 5, 14)),
    ]
    assert weeks[-1].last == datetime.date(2028, 5, 31)
    assert [a.title for a in weeks[0].activities] == ["Campaign in Riga"]
    assert [a.title for a in weeks[1].activities] == ["Visit to Tallinn"]
    page = response.content.decode()
    assert "<h1>Calendar of activities: May 2028</h1>" in page
    assert "Week 19: " in page
    assert 'href="?month=2028-04" rel="prev"' in page
    assert 'href="?month=2028-06" rel="next"' in page
    assert "No activities this week." in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "campaign"}, ["Campaign in Riga"]),
        ({"country": "EE"}, ["Visit to Tallinn"]),
        ({"unit": "kymp"}, ["Campaign in Riga"]),
    ],
)
def test_the_calendar_filters_by_unit_kind_and_country(culture_client, month, params, expected):
    response = culture_client.get(CALENDAR, {"month": "2028-05", **params})
    assert titles(response) == expected


def test_a_unit_taking_part_finds_the_activity(culture_client, month, culture_unit):
    month["campaign"].participating_units.set([culture_unit])
    response = culture_client.get(CALENDAR, {"month": "2028-05", "unit": "kuva"})
    assert titles(response) == ["Campaign in Riga", "Visit to Tallinn"]


def test_the_month_links_keep_the_filters(culture_client, month):
    page = culture_client.get(CALENDAR, {"month": "2028-05", "kind": "campaign"}).content.decode()
    assert 'href="?month=2028-04&amp;kind=campaign"' in page


@pytest.mark.parametrize("bad", ["2028-13", "1899-12", "May", "2028-5"])
def test_a_month_out_of_range_is_the_forms_error_and_the_page_shows_this_month(culture_client, bad):
    response = culture_client.get(CALENDAR, {"month": bad})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["month"]
    assert response.context["month"].day == 1


def test_the_first_and_last_months_link_no_further(culture_client):
    first = culture_client.get(CALENDAR, {"month": "1900-01"}).content.decode()
    last = culture_client.get(CALENDAR, {"month": "2100-12"}).content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' not in last


def test_the_calendar_reads_a_constant_number_of_queries(culture_client, django_assert_max_num_queries):
    for number in range(20):
        ActivityFactory(
            title=f"Visit {number}",
            starts_on=datetime.date(2028, 5, 1 + number),
            ends_on=datetime.date(2028, 5, 1 + number),
        )
    culture_client.get(CALENDAR, {"month": "2028-05"})

    with django_assert_max_num_queries(10):
        response = culture_client.get(CALENDAR, {"month": "2028-05"})
    assert len(response.context["activities"]) == 20


def test_the_calendar_asks_to_sign_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_feeds_hold_the_activities_over_their_days(
    client, settings, culture_user, coordinator_user, urban_unit
):
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    today = timezone.localdate()
    own = ActivityFactory(
        title="Own visit",
        owner_unit=culture_user.units.get(),
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=12),
    )
    taking_part = ActivityFactory(
        title="Joint mission", owner_unit=urban_unit, starts_on=today, ends_on=today
    )
    taking_part.participating_units.set(culture_user.units.all())
    other = ActivityFactory(title="Other unit's", owner_unit=urban_unit, starts_on=today, ends_on=today)
    ActivityFactory(title="Cancelled", status="cancelled", starts_on=today, ends_on=today)

    _feed, token = CalendarFeed.issue(culture_user)
    personal = Calendar.from_ical(client.get(reverse("coordination:calendar-personal", args=[token])).content)
    events = {str(event["UID"]): event for event in personal.walk("VEVENT")}

    assert set(events) == {
        f"activity-{own.pk}@portal.example.com",
        f"activity-{taking_part.pk}@portal.example.com",
    }
    event = events[f"activity-{own.pk}@portal.example.com"]
    assert event.decoded("DTSTART") == own.starts_on
    assert event.decoded("DTEND") == own.ends_on + datetime.timedelta(days=1)
    assert str(event["SUMMARY"]).startswith("Own visit (Tallinn, ")

    _feed, token = CalendarFeed.issue(coordinator_user)
    city = Calendar.from_ical(client.get(reverse("coordination:calendar-city", args=[token])).content)
    uids = {str(event["UID"]) for event in city.walk("VEVENT")}
    assert f"activity-{other.pk}@portal.example.com" in uids
