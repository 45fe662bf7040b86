"""The planned activities' figures in the Strategy Department's quarterly summary."""

import datetime

import pytest

from activities.models import ActivityStatusChange
from helsinki_intl.coordination.summary import Period, build_summary
from tests.activities.factories import ActivityFactory

pytestmark = pytest.mark.django_db
Q1 = Period.parse_quarter("2026Q1")


def moved(activity, *steps: tuple[str, str, datetime.date]) -> None:
    for from_status, status, day in steps:
        ActivityStatusChange.objects.create(
            activity=activity, from_status=from_status, status=status, changed_on=day
        )


def test_the_summary_counts_the_activities_of_the_quarter():
    held = ActivityFactory(
        status="reported",
        report_outcomes="Pilots.",
        city_leadership="mayor",
        starts_on=datetime.date(2026, 3, 30),
        ends_on=datetime.date(2026, 4, 2),
    )
    moved(
        held,
        ("confirmed", "done", datetime.date(2026, 3, 31)),
        ("done", "reported", datetime.date(2026, 4, 5)),
    )
    done = ActivityFactory(
        status="done", starts_on=datetime.date(2026, 2, 1), ends_on=datetime.date(2026, 2, 1)
    )
    moved(done, ("planned", "done", datetime.date(2026, 2, 1)))
    cancelled = ActivityFactory(
        status="cancelled", starts_on=datetime.date(2026, 2, 10), ends_on=datetime.date(2026, 2, 11)
    )
    moved(cancelled, ("planned", "cancelled", datetime.date(2026, 1, 20)))
    ActivityFactory(starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 4, 2))  # next quarter

    summary = build_summary(Q1)

    assert summary.value("activities_held") == 2
    assert summary.value("activities_led") == 1
    assert summary.value("activities_done") == 2
    assert summary.value("activities_reported") == 0
    assert summary.value("activities_cancelled") == 1
    assert build_summary(Period.parse_quarter("2026Q2")).value("activities_reported") == 1
