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


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "eu_projects"]


def test_every_model_is_registered():
    assert {model.__name__ for model in registered_models()} == {
        "Programme",
        "Call",
        "Application",
        "ApplicationStatusChange",
        "CoFinancingAppropriation",
    }


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
    data.update(
        {
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "status_changes-MIN_NUM_FORMS": "0",
            "status_changes-MAX_NUM_FORMS": "1000",
        }
    )

    response = strategy_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Application.objects.get().status == "submitted"
    assert list(application.status_changes.values_list("status", "changed_by")) == [
        ("submitted", strategy_user.pk)
    ]
