"""Every model in the admin: its list (searched and filtered), add, change, history, import and export."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import MembershipFactory, MembershipGoalFactory, PriorityNetworkFactory, RoleFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"organisation", "strategy", "networks", "partnerships", "eu_projects", "events"}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


@pytest.fixture
def records(strategy_user):
    membership = MembershipFactory(active=True, responsible_person=strategy_user)
    MembershipGoalFactory(membership=membership)
    RoleFactory(membership=membership)
    PriorityNetworkFactory(network=membership.network)
    return membership


def test_our_models_are_all_registered():
    names = {model._meta.label for model in registered_models()}
    assert {
        "organisation.OrgUnit",
        "organisation.User",
        "strategy.StrategyPeriod",
        "strategy.Priority",
        "strategy.SDG",
        "strategy.AdvocacyTopic",
        "networks.Network",
        "networks.PriorityNetwork",
        "networks.Membership",
        "networks.MembershipGoal",
        "networks.Role",
        "networks.MembershipReview",
        "networks.MembershipGoalOutcome",
    } <= names


def test_every_admin_page_opens_for_international_affairs(strategy_client, records):
    for model in registered_models():
        opts = model._meta
        model_admin = admin.site._registry[model]
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        assert strategy_client.get(changelist).status_code == 200, changelist
        if model_admin.search_fields:
            assert strategy_client.get(changelist, {"q": "a"}).status_code == 200, changelist
        assert strategy_client.get(reverse(f"{prefix}_add")).status_code == 200, opts.label
        obj = model.objects.first()
        if obj is not None:
            assert strategy_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200, (
                opts.label
            )
            assert strategy_client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200, (
                opts.label
            )
        assert strategy_client.get(reverse(f"{prefix}_import")).status_code == 200, opts.label
        assert strategy_client.get(reverse(f"{prefix}_export")).status_code == 200, opts.label


def test_staff_of_other_units_cannot_use_the_admin(culture_client):
    response = culture_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_refuses_an_active_membership_without_goals(strategy_client, strategy_user, records):
    membership = MembershipFactory(responsible_person=strategy_user)
    url = reverse("admin:networks_membership_change", args=[membership.pk])
    data = {
        "network": membership.network_id,
        "owner_unit": membership.owner_unit_id,
        "responsible_person": strategy_user.pk,
        "status": "active",
        "start_date": "2024-01-01",
        "review_interval_months": "12",
        "goals-TOTAL_FORMS": "0",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "1000",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    response = strategy_client.post(url, data)
    assert response.status_code == 200
    assert "needs at least one goal" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == "proposed"


def test_the_admin_index_lists_every_app_for_international_affairs(strategy_client):
    response = strategy_client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {app["app_label"] for app in response.context["app_list"]}
    assert OUR_APPS | {"coordination"} <= listed


def test_the_admin_index_lists_nothing_for_other_staff(client, culture_user):
    culture_user.is_staff = True
    culture_user.save()
    client.force_login(culture_user)
    response = client.get(reverse("admin:index"))
    assert response.context["app_list"] == []
