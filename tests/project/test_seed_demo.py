import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.records.process import all_processes
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod
from networks.models import Membership, MembershipGoal, Network, PriorityNetwork, Role

pytestmark = pytest.mark.django_db

MODELS = [OrgUnit, User, StrategyPeriod, Priority, Network, PriorityNetwork, Membership, MembershipGoal, Role]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "history": Membership.history.count() + MembershipGoal.history.count()
    }


def test_demo_data_loads_the_city_s_organisation_strategy_and_networks():
    call_command("seed_demo")

    assert {
        "kasko",
        "kymp",
        "kuva",
        "sote",
        "kanslia",
        "strategia",
        "elinkeino",
        "viestinta",
        "helsinki-partners",
        "forum-virium",
    } <= set(OrgUnit.objects.values_list("code", flat=True))
    period = StrategyPeriod.objects.get(name="2021–2025")
    assert period.priorities.count() == 5
    assert period.priorities.get(is_special=True).name_en == "Work-based immigration and talent attraction"
    assert SDG.objects.count() == 17
    assert set(
        PriorityNetwork.objects.filter(period=period).values_list("network__acronym", "is_target")
    ) == {
        ("EC", False),
        ("", False),
        ("C40", True),
    }
    eurocities = Membership.objects.get(network__name="Eurocities")
    assert eurocities.roles.filter(title="Chair of the Economic Development Forum").exists()
    assert Membership.objects.review_overdue().count() >= 3
    assert Membership.objects.review_due(before=eurocities.next_review_due.replace(year=2100)).count() > 5
    for membership in Membership.objects.active():
        assert membership.goals.exists(), f"{membership} is active without goals"
    strategy = User.objects.get(username="strategy")
    assert strategy.is_international_affairs and strategy.is_staff


def test_running_it_again_changes_nothing():
    call_command("seed_demo")
    before = counts()
    membership = Membership.objects.get(network__name="Eurocities")
    membership.benefits = "Edited by a person"
    membership.save()

    call_command("seed_demo")

    assert counts() == before | {"history": before["history"] + 1}
    assert Membership.objects.get(pk=membership.pk).benefits == "Edited by a person"


def test_demo_accounts_are_refused_outside_demo_mode(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only created in demo mode"):
        call_command("seed_demo", "--accounts")
    assert not User.objects.filter(username="strategy").exists()


def test_demo_accounts_sign_in_with_demo_in_demo_mode(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert authenticate(username="culture", password="demo") is None

    call_command("seed_demo", "--accounts")

    for username in ["strategy", "coordinator", "majorevents", "culture", "urban"]:
        assert authenticate(username=username, password="demo") is not None
    assert authenticate(username="laura.makinen", password="demo") is None
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.is_coordinator and not coordinator.is_international_affairs
    assert roles.COORDINATION_GROUP in coordinator.group_names
    major_events = User.objects.get(username="majorevents")
    assert major_events.is_major_events_group and not major_events.is_international_affairs
    assert not major_events.is_coordinator


def test_a_changed_demo_password_is_kept(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--accounts")
    user = User.objects.get(username="urban")
    user.set_password("a-better-password")
    user.save()

    call_command("seed_demo", "--accounts")

    assert authenticate(username="urban", password="a-better-password") is not None


def test_the_demo_shows_each_state_of_each_process():
    call_command("seed_demo")

    for process in all_processes():
        model = process.model
        for field in {step.field for step in process.steps}:
            states = {
                state
                for step in process.steps
                if step.field == field
                for state in step.sources + step.targets
            }
            shown = set(model.objects.values_list(field, flat=True))
            assert states <= shown, f"{model.__name__}.{field}: no demo record in {sorted(states - shown)}"


def test_each_demo_record_s_timeline_ends_at_its_state():
    call_command("seed_demo")

    for process in all_processes():
        for field, timeline in {(step.field, step.timeline) for step in process.steps}:
            for record in process.model.objects.prefetch_related(timeline):
                rows = list(getattr(record, timeline).all())
                if rows:
                    assert rows[-1].status == getattr(record, field), f"{record}: {field}"
