"""The register's models in the admin: lists, searches, forms, history and export."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from eu_projects.models import Application
from tests.eu_projects.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CoFinancingAppropriationFactory,
)

pytestmark = pytest.mark.django_db

EMPTY_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("status_changes", "cofinancing_changes")
    for name, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "eu_projects"]


def test_every_model_is_registered():
    assert {model.__name__ for model in registered_models()} == {
        "Programme",
        "Call",
        "Application",
        "ApplicationStatusChange",
        "CoFinancingAppropriation",
    }  # a co-financing's steps are edited under their application


def test_every_admin_page_opens_for_international_affairs(strategy_client):
    CoFinancingAppropriationFactory(year=2026)
    application = ApplicationFactory(cofinancing_requested=Decimal("1000"), cofinancing_year=2026)
    ApplicationStatusChangeFactory(application=application)
    for model in registered_models():
        prefix = f"admin:eu_projects_{model._meta.model_name}"
        obj = model.objects.first()
        for page in (
            reverse(f"{prefix}_changelist"),
            reverse(f"{prefix}_changelist") + "?q=a",
            reverse(f"{prefix}_add"),
            reverse(f"{prefix}_change", args=[obj.pk]),
            reverse(f"{prefix}_history", args=[obj.pk]),
            reverse(f"{prefix}_export"),
        ):
            assert strategy_client.get(page).status_code == 200, page


def test_a_status_changed_in_the_admin_is_noted_in_the_timeline(strategy_client, strategy_user):
    application = ApplicationFactory(status="preparing")
    change = reverse("admin:eu_projects_application_change", args=[application.pk])
    form = strategy_client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in ((field.html_name, field.value()) for field in form)
        if value not in (None, False)
    }
    data["status"] = "submitted"
    data.update(EMPTY_INLINES)

    response = strategy_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Application.objects.get().status == "submitted"
    assert list(application.status_changes.values_list("status", "changed_by")) == [
        ("submitted", strategy_user.pk)
    ]


def test_a_co_financing_granted_in_the_admin_is_noted_in_its_timeline(strategy_client, strategy_user):
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("100000"))
    application = ApplicationFactory(
        status="granted",
        eu_grant_granted=Decimal("1"),
        cofinancing_requested=Decimal("5000"),
        cofinancing_year=2026,
    )
    change = reverse("admin:eu_projects_application_change", args=[application.pk])
    form = strategy_client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in ((field.html_name, field.value()) for field in form)
        if value not in (None, False)
    }
    data.update(EMPTY_INLINES, cofinancing_decision="granted", cofinancing_granted="4000.00")

    response = strategy_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(
        application.cofinancing_changes.values_list("from_status", "status", "amount", "changed_by")
    ) == [("requested", "granted", Decimal("4000.00"), strategy_user.pk)]
    assert not application.status_changes.exists()
