"""Who may read, add, change and delete event bids."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from events.models import EventBid
from tests.events.factories import EventBidFactory
from tests.events.test_views import html, new_bid_data, posted_back, url
from tests.factories import UserFactory

# Another unit is not among one's own: the form names the person's own.
NOT_OWN_UNIT = (
    "You may add records only for your own units: Culture and Leisure Division (kuva). "
    "“Urban Environment Division” is not one of them."
)
READERS = ["strategy_client", "coordinator_client", "culture_client", "urban_client", "unitless_client"]
EDITORS_OF_CULTURE_BIDS = ["culture_client", "strategy_client"]
OTHERS_FOR_CULTURE_BIDS = ["urban_client", "coordinator_client", "unitless_client"]


@pytest.fixture
def unitless_user(db):
    return UserFactory(username="unitless")


@pytest.fixture
def unitless_client(unitless_user):
    client = Client()
    client.force_login(unitless_user)
    return client


@pytest.fixture
def culture_bid(culture_unit):
    return EventBidFactory(
        name="European Athletics Championships", kind="major_event", owner_unit=culture_unit
    )


def snapshot(bid) -> dict:
    fresh = EventBid.objects.get(pk=bid.pk)
    return model_to_dict(fresh) | {"updated_at": fresh.updated_at}


def edit_data(bid, client_with_access, **changes) -> dict:
    form_page = client_with_access.get(url("eventbid-edit", bid))
    assert form_page.status_code == 200
    return posted_back(form_page, **changes)


def pages(bid) -> list[str]:
    return [url("eventbid-list"), url("eventbid-add")] + [
        url(f"eventbid-{view}", bid) for view in ("detail", "edit", "delete", "history")
    ]


def test_anonymous_requests_to_every_page_go_to_sign_in(client, culture_bid):
    for page in pages(culture_bid):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{reverse('login')}?next={quote(page)}", page


def test_anonymous_posts_change_nothing(client, strategy_client, culture_bid, culture_unit, culture_user):
    before = snapshot(culture_bid)
    posts = {
        url("eventbid-edit", culture_bid): edit_data(culture_bid, strategy_client, name="Stolen"),
        url("eventbid-delete", culture_bid): {},
        url("eventbid-add"): new_bid_data(owner_unit=culture_unit, responsible_person=culture_user),
    }

    for page, data in posts.items():
        response = client.post(page, data)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{reverse('login')}?next="), page

    assert snapshot(culture_bid) == before
    assert EventBid.objects.count() == 1


@pytest.mark.parametrize("reader", READERS)
def test_every_signed_in_user_reads_the_list_detail_and_history(request, reader, culture_bid):
    client = request.getfixturevalue(reader)

    for page in (
        url("eventbid-list"),
        url("eventbid-detail", culture_bid),
        url("eventbid-history", culture_bid),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "European Athletics Championships" in html(response), page


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_BIDS)
@pytest.mark.parametrize("view", ["edit", "delete"])
def test_another_unit_may_not_open_the_edit_or_delete_page(request, other, view, culture_bid):
    client = request.getfixturevalue(other)

    assert client.get(url(f"eventbid-{view}", culture_bid)).status_code == 403


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_BIDS)
def test_a_crafted_edit_or_delete_by_another_unit_changes_nothing(
    request, other, strategy_client, culture_bid, urban_unit
):
    client = request.getfixturevalue(other)
    before = snapshot(culture_bid)
    data = edit_data(
        culture_bid,
        strategy_client,
        owner_unit=urban_unit.name_en,
        city_resources="1.00",
        status="for_decision",
    )

    assert client.post(url("eventbid-edit", culture_bid), data).status_code == 403
    assert client.post(url("eventbid-delete", culture_bid)).status_code == 403
    assert snapshot(culture_bid) == before


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_BIDS)
def test_the_host_unit_and_the_strategy_department_edit(request, editor, culture_bid):
    client = request.getfixturevalue(editor)

    response = client.post(
        url("eventbid-edit", culture_bid), edit_data(culture_bid, client, city_resources="3500000.00")
    )

    assert response.status_code == 302
    culture_bid.refresh_from_db()
    assert culture_bid.city_resources == Decimal("3500000.00")


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_BIDS)
def test_the_host_unit_and_the_strategy_department_delete(request, editor, culture_bid):
    client = request.getfixturevalue(editor)

    assert client.get(url("eventbid-delete", culture_bid)).status_code == 200
    assert client.post(url("eventbid-delete", culture_bid)).status_code == 302
    assert not EventBid.objects.exists()


@pytest.mark.parametrize(
    ("viewer", "may_change"),
    [
        ("culture_client", True),
        ("strategy_client", True),
        ("urban_client", False),
        ("unitless_client", False),
    ],
)
def test_edit_and_delete_buttons_only_for_those_allowed(request, viewer, may_change, culture_bid):
    page = html(request.getfixturevalue(viewer).get(culture_bid.get_absolute_url()))

    assert (
        f'<a class="hds-button hds-button--primary" href="{url("eventbid-edit", culture_bid)}">Edit</a>'
        in page
    ) is may_change
    assert (f'href="{url("eventbid-delete", culture_bid)}">Delete</a>' in page) is may_change


def test_a_user_of_no_unit_may_not_add(unitless_client, unitless_user, culture_unit):
    assert unitless_client.get(url("eventbid-add")).status_code == 403
    data = new_bid_data(owner_unit=culture_unit, responsible_person=unitless_user)

    assert unitless_client.post(url("eventbid-add"), data).status_code == 403
    assert not EventBid.objects.exists()
    assert "Add an event bid" not in html(unitless_client.get(url("eventbid-list")))


def test_a_user_may_not_add_a_bid_hosted_by_another_unit(culture_client, culture_user, urban_unit):
    data = new_bid_data(owner_unit=urban_unit, responsible_person=culture_user)

    response = culture_client.post(url("eventbid-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert not EventBid.objects.exists()


def test_the_host_unit_may_not_hand_a_bid_to_another_unit(culture_client, culture_bid, urban_unit):
    before = snapshot(culture_bid)

    response = culture_client.post(
        url("eventbid-edit", culture_bid),
        edit_data(culture_bid, culture_client, owner_unit=urban_unit.name_en),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert snapshot(culture_bid) == before


def test_the_strategy_department_adds_a_bid_for_any_unit(strategy_client, culture_user, urban_unit):
    data = new_bid_data(owner_unit=urban_unit, responsible_person=culture_user)

    assert strategy_client.post(url("eventbid-add"), data).status_code == 302
    assert EventBid.objects.get().owner_unit == urban_unit
