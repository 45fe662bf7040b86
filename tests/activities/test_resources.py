"""Import and export of planned activities: every export imports back unchanged, and an import
goes through the write path (timeline, history, events)."""

import datetime

import pytest

from activities.models import Activity
from activities.resources import ActivityResource
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.imports.service import import_file
from tests.activities.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_export_names_the_units_and_person_by_their_keys(culture_unit, urban_unit, culture_user):
    activity = ActivityFactory(
        owner_unit=culture_unit, responsible_person=culture_user, title="Visit to Tallinn", for_talent=True
    )
    activity.participating_units.set([urban_unit])
    activity.sdgs.set([4, 8])

    [row] = ActivityResource().export().dict

    assert row["Title"] == "Visit to Tallinn"
    assert row["Owner unit"] == "kuva"
    assert row["Participating units"] == "kymp"
    assert row["Responsible person"] == "culture"
    assert row["International talent"] == "1"
    assert row["Sustainable development goals"] == "4; 8"


@pytest.mark.parametrize("status", ["planned", "reported", "cancelled"])
def test_an_export_imports_back_unchanged(culture_unit, urban_unit, culture_user, strategy_user, status):
    activity = ActivityFactory(
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=status,
        city_leadership="mayor",
        for_companies=True,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 2),
        report_outcomes="Two pilots." if status == "reported" else "",
    )
    activity.participating_units.set([urban_unit])
    activity.sdgs.set([11, 17])
    exported = ActivityResource().export()

    report = import_file(
        resource="activities",
        data=exported.csv.encode(),
        file_name="activities.csv",
        user=strategy_user,
        dry_run=True,
    )

    assert [(row.status, row.errors) for row in report.rows] == [("unchanged", [])]


def test_an_import_writes_the_timeline_and_the_event(culture_unit, culture_user, strategy_user):
    csv = (
        "Title,Kind,Starts on,Ends on,City,Country,Owner unit,Responsible person,Status\n"
        "Study visit to Oslo,Study visit,2029-02-01,2029-02-02,Oslo,NO,kuva,culture,Planned\n"
    )

    report = import_file(
        resource="activities", data=csv.encode(), file_name="a.csv", user=strategy_user, dry_run=False
    )

    assert [row.errors for row in report.rows] == [[]]
    activity = Activity.objects.get()
    assert (activity.city, activity.country, activity.status) == ("Oslo", "NO", "planned")
    assert list(activity.status_changes.values_list("status", flat=True)) == ["planned"]
    assert list(DomainEvent.objects.about(activity).values_list("kind", flat=True)) == ["activity.created"]


def test_an_import_of_a_reported_activity_without_its_outcomes_saves_nothing(
    strategy_user, culture_unit, culture_user
):
    csv = (
        "Title,Kind,Starts on,Ends on,City,Country,Owner unit,Responsible person,Status\n"
        "Study visit to Oslo,Study visit,2025-02-01,2025-02-02,Oslo,NO,kuva,culture,Reported\n"
    )

    report = import_file(
        resource="activities", data=csv.encode(), file_name="a.csv", user=strategy_user, dry_run=False
    )

    assert report.rows[0].errors
    assert not Activity.objects.exists()
