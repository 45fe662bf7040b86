"""A planned activity's own rules: its dates, its place, its lifecycle and its report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from activities.models import Activity
from tests.activities.factories import ActivityFactory

pytestmark = pytest.mark.django_db
Status = Activity.Status


def errors_of(activity) -> dict:
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    return refused.value.message_dict


def test_an_activity_needs_a_city_and_a_country_unless_it_is_online():
    activity = ActivityFactory.build(city="", country="", owner_unit=ActivityFactory().owner_unit)
    errors = errors_of(activity)
    assert errors["city"] == ["Give the city, or mark the activity online."]
    assert errors["country"] == ["Give the country, or mark the activity online."]

    online = ActivityFactory(city="", country="", online=True)
    assert online.place == "Online"


def test_the_database_refuses_an_activity_without_a_place():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(city="", country="", online=False)


def test_an_activity_cannot_end_before_it_starts():
    activity = ActivityFactory(ends_on=datetime.date(2028, 5, 12))
    activity.ends_on = datetime.date(2028, 5, 1)
    assert errors_of(activity)["ends_on"] == ["The activity cannot end before it starts."]


def test_a_country_is_a_country_code():
    activity = ActivityFactory()
    activity.country = "XX"
    assert "country" in errors_of(activity)


def test_the_place_is_the_city_and_the_country_in_the_readers_language():
    activity = ActivityFactory(city="Tallinn", country="EE")
    assert activity.place == "Tallinn, Estonia"
    with translation.override("fi"):
        assert activity.place == "Tallinn, Viro"


def test_the_lifecycle_allows_only_its_moves():
    activity = ActivityFactory(status=Status.CANCELLED)
    activity = Activity.objects.get(pk=activity.pk)
    activity.status = Status.PLANNED
    assert errors_of(activity)["status"] == ["An activity cannot move from “Cancelled” to “Planned”."]


def test_a_reported_activity_says_what_came_of_it():
    activity = ActivityFactory(
        status=Status.DONE, starts_on=datetime.date(2025, 5, 10), ends_on=datetime.date(2025, 5, 12)
    )
    activity = Activity.objects.get(pk=activity.pk)
    activity.status = Status.REPORTED
    assert errors_of(activity)["report_outcomes"] == ["A reported activity says what came of it."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(status=Status.REPORTED)


def test_a_report_is_written_only_once_the_activity_is_done():
    activity = ActivityFactory(report_outcomes="Early words.")
    assert errors_of(activity)["report_outcomes"] == ["The report is written once the activity is done."]


def test_an_activity_is_done_only_once_it_has_started():
    activity = ActivityFactory(starts_on=timezone.localdate() + datetime.timedelta(days=1))
    activity.ends_on = activity.starts_on
    activity.status = Status.DONE
    assert "status" in errors_of(activity)


def test_the_target_groups_are_named_in_their_order():
    activity = ActivityFactory(for_visitors=True, for_talent=True)
    assert activity.target_groups == ["for_talent", "for_visitors"]
    assert activity.get_target_groups_display() == "International talent, Visitors"


def test_activities_near_are_to_the_same_country_within_thirty_days_and_not_cancelled():
    activity = ActivityFactory(starts_on=datetime.date(2028, 5, 10), ends_on=datetime.date(2028, 5, 12))
    near = ActivityFactory(starts_on=datetime.date(2028, 6, 11), ends_on=datetime.date(2028, 6, 11))
    ActivityFactory(starts_on=datetime.date(2028, 6, 12), ends_on=datetime.date(2028, 6, 13))  # 31 days
    ActivityFactory(status=Status.CANCELLED)
    ActivityFactory(country="LV", city="Riga")
    ActivityFactory(online=True, city="", country="")
    before = ActivityFactory(starts_on=datetime.date(2028, 4, 1), ends_on=datetime.date(2028, 4, 10))

    assert list(Activity.objects.near(activity)) == [before, near]
    assert list(Activity.objects.near(ActivityFactory(online=True, city="", country=""))) == []


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date.max])
def test_activities_near_a_date_at_the_calendar_s_end_are_found_without_overflow(day):
    """A form sent back with errors shows the synergies of whatever date was typed."""
    ActivityFactory()

    assert list(Activity.objects.near(Activity(country="EE", starts_on=day, ends_on=day))) == []
