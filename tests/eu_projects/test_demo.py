import pytest
from django.core.management import call_command
from django.utils import timezone

from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme

pytestmark = pytest.mark.django_db

MODELS = [Programme, Call, CoFinancingAppropriation, Application, ApplicationStatusChange]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "history": Application.history.count()
        + Call.history.count()
        + ApplicationStatusChange.history.count()
    }


def test_demo_data_loads_programmes_calls_appropriations_and_applications():
    call_command("seed_demo")

    assert {
        "Horizon Europe",
        "LIFE",
        "Interreg Baltic Sea Region",
        "Interreg Central Baltic",
        "URBACT IV",
        "European Urban Initiative",
        "Digital Europe",
        "Connecting Europe Facility",
        "Erasmus+",
        "Citizens, Equality, Rights and Values",
        "Asylum, Migration and Integration Fund",
        "European Social Fund Plus",
        "EU4Health",
    } == set(Programme.objects.values_list("name", flat=True))
    assert Call.objects.count() >= 12
    assert Call.objects.deadline_within(60).count() >= 4
    assert Call.objects.closed().count() >= 4
    assert Call.objects.forthcoming().exists()
    this_year = timezone.localdate().year
    assert set(CoFinancingAppropriation.objects.values_list("year", flat=True)) == {this_year, this_year - 1}
    for status in Application.Status.values:
        assert Application.objects.filter(status=status).count() >= 2, status
    assert set(Application.objects.values_list("role", flat=True)) == {"coordinator", "partner"}
    assert Application.objects.values("owner_unit").distinct().count() >= 5
    for application in Application.objects.all():
        application.full_clean()
        timeline = list(application.status_changes.values_list("status", flat=True))
        assert timeline[0] == "idea" and timeline[-1] == application.status, application
    for call in Call.objects.all():
        call.full_clean()
    # International affairs' dashboard has a programme to add.
    unlisted = Application.objects.naming_unlisted_programme()
    assert list(unlisted.values_list("named_programme", flat=True)) == ["Creative Europe"]
    balance = CoFinancingAppropriation.objects.balance(this_year)
    assert balance.amount == 1500000 and 0 < balance.granted < balance.requested
    assert balance.left == balance.amount - balance.granted


def test_running_it_again_changes_nothing():
    call_command("seed_demo")
    before = counts()

    call_command("seed_demo")

    assert counts() == before
