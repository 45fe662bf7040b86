"""Every model in the admin: its list (searched and filtered), add, change, history, import and export."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.api.services import token_create
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import (
    AdvocacyTopicFactory,
    CalendarFeedFactory,
    MembershipFactory,
    MembershipGoalFactory,
    MembershipGoalOutcomeFactory,
    MembershipReviewFactory,
    NetworkFactory,
    OrgUnitFactory,
    PriorityFactory,
    PriorityNetworkFactory,
    ReminderFactory,
    ReminderScheduleFactory,
    RoleFactory,
    SDGFactory,
    StrategyPeriodFactory,
    UserFactory,
)
from tests.layout import register_app_labels
from tests.partnerships.factories import (
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
    PartnershipGoalOutcomeFactory,
    PartnershipReviewFactory,
)
from tests.saved_views.factories import SavedViewFactory

pytestmark = pytest.mark.django_db


def api_token(user):
    token, _secret = token_create(
        user=user, name="Power BI", expires_at=timezone.now() + datetime.timedelta(days=30), by=user
    )
    return token


OUR_APPS = {"organisation", "strategy", "coordination", "saved_views", "api", *register_app_labels()}

RECORD_MAKERS = {
    "organisation.OrgUnit": OrgUnitFactory,
    "organisation.User": UserFactory,
    "strategy.StrategyPeriod": StrategyPeriodFactory,
    "strategy.Priority": PriorityFactory,
    "strategy.SDG": SDGFactory,
    "strategy.AdvocacyTopic": AdvocacyTopicFactory,
    "networks.Network": NetworkFactory,
    "networks.PriorityNetwork": PriorityNetworkFactory,
    "networks.Membership": lambda: MembershipFactory(active=True),
    "networks.MembershipGoal": MembershipGoalFactory,
    "networks.Role": RoleFactory,
    "networks.MembershipReview": MembershipReviewFactory,
    "networks.MembershipGoalOutcome": MembershipGoalOutcomeFactory,
    "partnerships.Partner": PartnerFactory,
    "partnerships.Partnership": lambda: PartnershipFactory(active=True),
    "partnerships.PartnershipGoal": PartnershipGoalFactory,
    "partnerships.PartnershipReview": PartnershipReviewFactory,
    "partnerships.PartnershipGoalOutcome": PartnershipGoalOutcomeFactory,
    "eu_projects.Programme": ProgrammeFactory,
    "eu_projects.Call": CallFactory,
    "eu_projects.Application": ApplicationFactory,
    "eu_projects.ApplicationStatusChange": ApplicationStatusChangeFactory,
    "eu_projects.CoFinancingAppropriation": CoFinancingAppropriationFactory,
    "events.EventBid": lambda: EventBidFactory(decided=True),
    "activities.Activity": ActivityFactory,
    "coordination.Reminder": ReminderFactory,
    "coordination.CalendarFeed": CalendarFeedFactory,
    "coordination.ReminderSchedule": ReminderScheduleFactory,
    "saved_views.SavedView": SavedViewFactory,
    "api.ApiToken": lambda: api_token(UserFactory()),
}
"""How a test makes a record of each model in the admin, so that its change and history pages open."""


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


@pytest.fixture
def records(strategy_user):
    membership = MembershipFactory(active=True, responsible_person=strategy_user)
    MembershipGoalFactory(membership=membership)
    RoleFactory(membership=membership)
    PriorityNetworkFactory(network=membership.network)
    return membership


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_every_admin_page_opens_for_international_affairs(strategy_client, strategy_user, model):
    opts = model._meta
    make_record = RECORD_MAKERS.get(opts.label)
    assert make_record is not None, f"{opts.label} is in the admin, but no test makes a record of it"
    record = make_record()
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = strategy_user
    prefix = f"admin:{opts.app_label}_{opts.model_name}"

    pages = [
        (reverse(f"{prefix}_changelist"), 200),
        (reverse(f"{prefix}_add"), 200 if model_admin.has_add_permission(request) else 403),
        (reverse(f"{prefix}_change", args=[record.pk]), 200),
        (reverse(f"{prefix}_history", args=[record.pk]), 200),
    ]
    if model_admin.search_fields:
        pages.append((reverse(f"{prefix}_changelist") + "?q=a", 200))
    if isinstance(model_admin, SimpleHistoryAdmin):
        version = record.history.earliest()
        pages.append((reverse(f"{prefix}_simple_history", args=[record.pk, version.history_id]), 200))
    for name in ("import", "export"):
        try:
            pages.append((reverse(f"{prefix}_{name}"), 200))
        except NoReverseMatch:
            assert not hasattr(model_admin, f"{name}_action"), opts.label

    for url, status in pages:
        assert strategy_client.get(url).status_code == status, url


def test_every_model_in_the_admin_has_a_record_maker_and_no_maker_is_left_over():
    assert {model._meta.label for model in registered_models()} == set(RECORD_MAKERS)


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


def test_international_affairs_revokes_a_person_s_tokens_in_the_admin(strategy_client, culture_user):
    live, other = api_token(culture_user), api_token(culture_user)

    response = strategy_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [live.pk]},
        follow=True,
    )

    assert "1 token was revoked." in response.content.decode()
    live.refresh_from_db()
    other.refresh_from_db()
    assert live.revoked_at is not None
    assert other.revoked_at is None


def test_a_token_is_neither_made_nor_changed_in_the_admin(strategy_client, culture_user):
    token = api_token(culture_user)

    assert strategy_client.get(reverse("admin:api_apitoken_add")).status_code == 403
    page = strategy_client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert 'name="name"' not in page
    assert token.digest not in page
