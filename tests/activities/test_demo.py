import pytest
from django.core.management import call_command

from activities.models import Activity, ActivityStatusChange
from activities.synergies import synergies_of
from networks.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_has_activities_in_each_status_and_all_are_valid():
    call_command("seed_demo")

    statuses = set(Activity.objects.values_list("status", flat=True))
    assert statuses == set(Activity.Status.values)
    for activity in Activity.objects.all():
        activity.full_clean()
    assert Activity.objects.report_missing().exists()
    assert Activity.objects.exclude(city_leadership="none").exists()
    mission = Activity.objects.get(title="Helsinki business delegation to Stockholm Tech Week")
    synergies = synergies_of(mission)
    assert [a.title for a in synergies.same_city.records] == [
        "Study visit to Stockholm's climate-neutral districts"
    ]
    assert any(label for label, _shown in synergies.in_country)
    brussels = synergies_of(Activity.objects.get(title="Deputy mayor's EU advocacy visit to Brussels"))
    in_belgium = [record for _label, shown in brussels.in_country for record in shown.records]
    assert "Eurocities" in [record.network.name for record in in_belgium if isinstance(record, Membership)]
    every = {activity.pk: activity.status for activity in Activity.objects.all()}
    assert {change.activity_id for change in ActivityStatusChange.objects.all()} == set(every)


def test_the_demo_loads_once():
    call_command("seed_demo")
    before = (Activity.objects.count(), ActivityStatusChange.objects.count())
    call_command("seed_demo")
    assert (Activity.objects.count(), ActivityStatusChange.objects.count()) == before
