"""Who may read, add, change and delete in the EU funding register's portal pages."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from tests.eu_projects.factories import ApplicationFactory, CallFactory, CoFinancingAppropriationFactory
from tests.eu_projects.helpers import (
    call_data,
    field_error_html,
    html,
    new_application_data,
    posted_back,
    url,
)
from tests.factories import UserFactory

# Another unit is not among one's own: the form names the person's own.
NOT_OWN_UNIT = (
    "You may add records only for your own units: Culture and Leisure Division (kuva). "
    "“Urban Environment Division” is not one of them."
)

READERS = ["strategy_client", "coordinator_client", "culture_client", "urban_client", "unitless_client"]
EDITORS_OF_CULTURE_RECORDS = ["culture_client", "strategy_client"]
OTHERS_FOR_CULTURE_RECORDS = ["urban_client", "coordinator_client", "unitless_client"]
NOT_INTERNATIONAL_AFFAIRS = ["culture_client", "urban_client", "coordinator_client", "unitless_client"]


@pytest.fixture
def unitless_client(db):
    client = Client()
    client.force_login(UserFactory(username="unitless"))
    return client


@pytest.fixture
def records(culture_unit):
    call = CallFactory(owner_unit=culture_unit, programme__name="Creative Europe")
    application = ApplicationFactory(owner_unit=culture_unit, call=call, project_name="Culture for climate")
    appropriation = CoFinancingAppropriationFactory(year=2026)
    return {
        "application": application,
        "call": call,
        "programme": call.programme,
        "cofinancingappropriation": appropriation,
    }


def snapshot(record) -> dict:
    fresh = type(record).objects.get(pk=record.pk)
    state = model_to_dict(fresh)
    if hasattr(fresh, "updated_at"):
        state["updated_at"] = fresh.updated_at
    if isinstance(fresh, Application):
        state["status_changes"] = list(fresh.status_changes.values())
    return state


def every_page(records) -> list[str]:
    pages = []
    for name, record in records.items():
        pages += [url(f"{name}-list"), url(f"{name}-add")]
        pages += [url(f"{name}-{view}", record) for view in ("detail", "edit", "delete", "history")]
    return pages


def test_anonymous_requests_to_every_page_go_to_sign_in(client, records):
    pages = every_page(records)
    assert len(pages) == 24
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{reverse('login')}?next={quote(page)}", page


def test_anonymous_posts_change_nothing(client, strategy_client, records):
    before = {name: snapshot(record) for name, record in records.items()}
    for name, record in records.items():
        edit = url(f"{name}-edit", record)
        for page, data in (
            (edit, posted_back(strategy_client.get(edit))),
            (url(f"{name}-delete", record), {}),
            (url(f"{name}-add"), {}),
        ):
            response = client.post(page, data)
            assert response.status_code == 302, page
            assert response["Location"].startswith(f"{reverse('login')}?next="), page
    assert {name: snapshot(record) for name, record in records.items()} == before


@pytest.mark.parametrize("reader", READERS)
def test_every_signed_in_user_reads_lists_details_and_history(request, reader, records):
    client = request.getfixturevalue(reader)
    for name, record in records.items():
        for page in (url(f"{name}-list"), url(f"{name}-detail", record), url(f"{name}-history", record)):
            assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
@pytest.mark.parametrize("name", ["application", "call"])
def test_another_unit_cannot_edit_or_delete(request, other, name, records, strategy_client):
    client = request.getfixturevalue(other)
    record = records[name]
    before = snapshot(record)
    edit, delete = url(f"{name}-edit", record), url(f"{name}-delete", record)
    crafted = posted_back(strategy_client.get(edit))
    crafted.update({"project_name": "Taken over"} if name == "application" else {"title": "Taken over"})

    assert client.get(edit).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(edit, crafted).status_code == 403
    assert client.post(delete).status_code == 403
    assert snapshot(record) == before
    page = html(client.get(url(f"{name}-detail", record)))
    assert f'href="{edit}"' not in page


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_the_owner_unit_and_international_affairs_edit_applications_and_calls(request, editor, records):
    client = request.getfixturevalue(editor)
    application, call = records["application"], records["call"]

    for name, record, changes in (
        ("application", application, {"notes": f"Edited by {editor}"}),
        ("call", call, {"title": f"Edited by {editor}"}),
    ):
        edit = url(f"{name}-edit", record)
        response = client.post(edit, posted_back(client.get(edit), **changes))
        assert response.status_code == 302, response.content.decode()[:500]
    assert Application.objects.get().notes == f"Edited by {editor}"
    assert Call.objects.get().title == f"Edited by {editor}"
    assert client.post(url("application-delete", application)).status_code == 302
    assert not Application.objects.exists()


def test_a_user_cannot_create_an_application_or_call_for_another_unit(
    culture_client, culture_user, urban_unit, records
):
    response = culture_client.post(
        url("application-add"),
        new_application_data(
            call=records["call"],
            owner_unit=urban_unit,
            responsible_person=culture_user,
            cofinancing_requested="",
            cofinancing_year="",
        ),
    )
    assert field_error_html("owner_unit", NOT_OWN_UNIT) in html(response)
    assert Application.objects.count() == 1

    response = culture_client.post(url("call-add"), call_data(records["programme"], urban_unit))
    assert field_error_html("owner_unit", NOT_OWN_UNIT) in html(response)
    assert Call.objects.count() == 1


def test_a_user_without_a_unit_cannot_add_applications_or_calls(unitless_client):
    assert unitless_client.get(url("application-add")).status_code == 403
    assert unitless_client.get(url("call-add")).status_code == 403


@pytest.mark.parametrize("user", NOT_INTERNATIONAL_AFFAIRS)
@pytest.mark.parametrize("name", ["programme", "cofinancingappropriation"])
def test_only_international_affairs_manages_programmes_and_appropriations(
    request, user, name, records, strategy_client
):
    client = request.getfixturevalue(user)
    record = records[name]
    before = snapshot(record)
    edit = url(f"{name}-edit", record)
    crafted = posted_back(strategy_client.get(edit))
    crafted.update({"name": "Renamed"} if name == "programme" else {"amount": "1.00"})

    assert client.get(url(f"{name}-add")).status_code == 403
    assert client.post(url(f"{name}-add"), crafted | {"name": "New", "year": "2030"}).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(edit, crafted).status_code == 403
    assert client.post(url(f"{name}-delete", record)).status_code == 403
    assert snapshot(record) == before
    assert Programme.objects.count() == 1 and CoFinancingAppropriation.objects.count() == 1


def test_international_affairs_manages_programmes_and_appropriations(strategy_client, records):
    appropriation = records["cofinancingappropriation"]
    edit = url("cofinancingappropriation-edit", appropriation)
    response = strategy_client.post(edit, posted_back(strategy_client.get(edit), amount="1600000.00"))
    assert response.status_code == 302
    assert CoFinancingAppropriation.objects.get().amount == Decimal("1600000.00")
    assert strategy_client.post(url("cofinancingappropriation-delete", appropriation)).status_code == 302
    assert not CoFinancingAppropriation.objects.exists()
