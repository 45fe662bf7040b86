"""Who may read, add, change and delete in the network register's portal pages."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from networks.models import Membership, Network
from tests.factories import MembershipFactory, NetworkFactory, OrgUnitFactory, RoleFactory, UserFactory
from tests.networks.test_views import html, new_membership_data, posted_back, url

# Another unit is not among one's own: the form names the person's own.
NOT_OWN_UNIT = (
    "You may add records only for your own units: Culture and Leisure Division (kuva). "
    "“Urban Environment Division” is not one of them."
)
READERS = ["strategy_client", "coordinator_client", "culture_client", "urban_client", "unitless_client"]
EDITORS_OF_CULTURE_RECORDS = ["culture_client", "strategy_client"]
OTHERS_FOR_CULTURE_RECORDS = ["urban_client", "coordinator_client", "unitless_client"]


@pytest.fixture
def unitless_user(db):
    return UserFactory(username="unitless")


@pytest.fixture
def unitless_client(unitless_user):
    client = Client()
    client.force_login(unitless_user)
    return client


@pytest.fixture
def culture_membership(culture_unit):
    membership = MembershipFactory(
        active=True, owner_unit=culture_unit, network__name="Eurocities", goal__title="Learn from peers"
    )
    RoleFactory(membership=membership, title="Culture forum chair")
    return membership


@pytest.fixture
def culture_network(culture_unit):
    return NetworkFactory(name="Culture Action Europe", acronym="CAE", owner_unit=culture_unit)


def snapshot(record) -> dict:
    """Everything the database holds about a record and the rows it owns, fetched afresh."""
    fresh = type(record).objects.get(pk=record.pk)
    state = model_to_dict(fresh)
    state["updated_at"] = fresh.updated_at
    if isinstance(fresh, Membership):
        state["goals"] = list(fresh.goals.values())
        state["roles"] = list(fresh.roles.values())
    return state


def edit_data_for(record, client_with_access, **changes) -> dict:
    """A complete, valid edit form as its owner would post it, with changes."""
    form_page = client_with_access.get(url(f"{record._meta.model_name}-edit", record))
    assert form_page.status_code == 200
    return posted_back(form_page, **changes)


def record_pages(membership, network) -> list[str]:
    pages = [url("membership-list"), url("membership-add"), url("network-list"), url("network-add")]
    for view in ("detail", "edit", "delete", "history"):
        pages.append(url(f"membership-{view}", membership))
        pages.append(url(f"network-{view}", network))
    return pages


# Anonymous requests ---------------------------------------------------------------------------


def test_anonymous_requests_to_every_page_go_to_sign_in(client, culture_membership, culture_network):
    pages = record_pages(culture_membership, culture_network)
    assert len(pages) == 12

    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{reverse('login')}?next={quote(page)}", page


def test_anonymous_posts_change_nothing(client, strategy_client, culture_membership, culture_network):
    membership_before = snapshot(culture_membership)
    network_before = snapshot(culture_network)
    posts = {
        url("membership-edit", culture_membership): edit_data_for(
            culture_membership, strategy_client, annual_fee="1.00"
        ),
        url("membership-delete", culture_membership): {},
        url("network-edit", culture_network): edit_data_for(culture_network, strategy_client, name="Stolen"),
        url("network-delete", culture_network): {},
        url("network-add", None): {"name": "New", "kind": "other", "scope": "global"},
    }

    for page, data in posts.items():
        response = client.post(page, data)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{reverse('login')}?next="), page

    assert snapshot(culture_membership) == membership_before
    assert snapshot(culture_network) == network_before
    assert Network.objects.count() == 2


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_every_signed_in_user_reads_lists_details_and_history(
    request, reader, culture_membership, culture_network
):
    client = request.getfixturevalue(reader)
    pages = [url("membership-list"), url("network-list")]
    for view in ("detail", "history"):
        pages += [url(f"membership-{view}", culture_membership), url(f"network-{view}", culture_network)]

    for page in pages:
        assert client.get(page).status_code == 200, page


# Changing and deleting: other units -----------------------------------------------------------


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
@pytest.mark.parametrize("view", ["edit", "delete"])
def test_another_unit_may_not_open_the_edit_or_delete_page(
    request, other, view, culture_membership, culture_network
):
    client = request.getfixturevalue(other)

    assert client.get(url(f"membership-{view}", culture_membership)).status_code == 403
    assert client.get(url(f"network-{view}", culture_network)).status_code == 403


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
def test_a_crafted_edit_of_another_units_membership_changes_nothing(
    request, other, strategy_client, culture_membership, urban_unit
):
    client = request.getfixturevalue(other)
    before = snapshot(culture_membership)
    data = edit_data_for(
        culture_membership,
        strategy_client,
        owner_unit=urban_unit.name_en,
        annual_fee="1.00",
        status="ending",
        **{"goals-0-title": "Hijacked goal", "roles-0-DELETE": "on", "goals-1-title": "Extra goal"},
    )

    response = client.post(url("membership-edit", culture_membership), data)

    assert response.status_code == 403
    assert snapshot(culture_membership) == before


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
def test_a_crafted_delete_of_another_units_membership_deletes_nothing(request, other, culture_membership):
    client = request.getfixturevalue(other)
    before = snapshot(culture_membership)

    response = client.post(url("membership-delete", culture_membership))

    assert response.status_code == 403
    assert snapshot(culture_membership) == before


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
def test_a_crafted_edit_or_delete_of_another_units_network_changes_nothing(
    request, other, strategy_client, culture_network, urban_unit
):
    client = request.getfixturevalue(other)
    before = snapshot(culture_network)
    data = edit_data_for(culture_network, strategy_client, name="Renamed", owner_unit=urban_unit.name_en)

    assert client.post(url("network-edit", culture_network), data).status_code == 403
    assert client.post(url("network-delete", culture_network)).status_code == 403
    assert snapshot(culture_network) == before


# Changing and deleting: the owner unit and international affairs -----------------------------


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_owner_unit_and_strategy_department_edit_a_membership(request, editor, culture_membership):
    client = request.getfixturevalue(editor)
    form_page = client.get(url("membership-edit", culture_membership))
    assert form_page.status_code == 200

    response = client.post(
        url("membership-edit", culture_membership),
        posted_back(form_page, annual_fee="4321.00", **{"goals-0-title": "Learn from peer cities"}),
    )

    assert response.status_code == 302
    culture_membership.refresh_from_db()
    assert culture_membership.annual_fee == Decimal("4321.00")
    assert [goal.title for goal in culture_membership.goals.all()] == ["Learn from peer cities"]


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_owner_unit_and_strategy_department_delete_a_membership(request, editor, culture_membership):
    client = request.getfixturevalue(editor)

    assert client.get(url("membership-delete", culture_membership)).status_code == 200
    response = client.post(url("membership-delete", culture_membership))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=culture_membership.pk).exists()


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_owner_unit_and_strategy_department_edit_and_delete_a_network(request, editor, culture_network):
    client = request.getfixturevalue(editor)
    form_page = client.get(url("network-edit", culture_network))
    assert form_page.status_code == 200

    response = client.post(url("network-edit", culture_network), posted_back(form_page, themes="Culture"))

    assert response.status_code == 302
    culture_network.refresh_from_db()
    assert culture_network.themes == "Culture"
    assert client.get(url("network-delete", culture_network)).status_code == 200
    assert client.post(url("network-delete", culture_network)).status_code == 302
    assert not Network.objects.filter(pk=culture_network.pk).exists()


def test_a_member_of_several_units_edits_the_records_of_each(culture_unit, urban_unit, strategy_client):
    user = UserFactory(username="two-units", units=[culture_unit, urban_unit])
    client = Client()
    client.force_login(user)
    culture = MembershipFactory(owner_unit=culture_unit)
    urban = MembershipFactory(owner_unit=urban_unit)
    economy = MembershipFactory(owner_unit=OrgUnitFactory(code="elinkeino"))

    # Each unit's membership is changed and handed over to the other unit of the same person.
    for membership, fee, new_owner in ((culture, "1111.00", urban_unit), (urban, "2222.00", culture_unit)):
        data = edit_data_for(membership, client, annual_fee=fee, owner_unit=new_owner.name_en)
        response = client.post(url("membership-edit", membership), data)
        assert response.status_code == 302, membership
        membership.refresh_from_db()
        assert (membership.annual_fee, membership.owner_unit) == (Decimal(fee), new_owner)

    before = snapshot(economy)
    assert client.get(url("membership-edit", economy)).status_code == 403
    data = edit_data_for(economy, strategy_client, annual_fee="1.00")
    assert client.post(url("membership-edit", economy), data).status_code == 403
    assert snapshot(economy) == before


# Adding ---------------------------------------------------------------------------------------


def test_a_user_of_no_unit_may_not_add(unitless_client, unitless_user, culture_unit):
    assert unitless_client.get(url("membership-add")).status_code == 403
    assert unitless_client.get(url("network-add")).status_code == 403

    membership_data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=unitless_user,
        goals=[{"title": "A goal"}],
    )
    assert unitless_client.post(url("membership-add"), membership_data).status_code == 403
    network_data = {"name": "New", "kind": "other", "scope": "global", "owner_unit": culture_unit.pk}
    assert unitless_client.post(url("network-add"), network_data).status_code == 403

    assert Membership.objects.count() == 0
    assert not Network.objects.filter(name="New").exists()


@pytest.mark.parametrize("adder", ["culture_client", "urban_client", "coordinator_client", "strategy_client"])
def test_a_unit_member_may_open_the_add_pages(request, adder):
    client = request.getfixturevalue(adder)

    assert client.get(url("membership-add")).status_code == 200
    assert client.get(url("network-add")).status_code == 200


def test_owner_unit_choices_are_the_users_own_units(
    culture_client, strategy_client, culture_unit, urban_unit
):
    inactive = OrgUnitFactory(code="closed", is_active=False)

    culture_choices = culture_client.get(url("membership-add")).context["form"].fields["owner_unit"].queryset
    strategy_choices = (
        strategy_client.get(url("membership-add")).context["form"].fields["owner_unit"].queryset
    )

    assert list(culture_choices) == [culture_unit]
    assert urban_unit in strategy_choices
    assert culture_unit in strategy_choices
    assert inactive not in strategy_choices


def test_a_user_may_not_add_a_membership_for_another_unit(culture_client, culture_user, urban_unit):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=urban_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert NOT_OWN_UNIT in html(response)
    assert Membership.objects.count() == 0


def test_strategy_department_may_add_a_membership_for_any_unit(strategy_client, culture_user, urban_unit):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=urban_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )

    response = strategy_client.post(url("membership-add"), data)

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.owner_unit == urban_unit
    assert membership.responsible_person == culture_user


def test_a_user_may_not_add_a_network_for_another_unit(culture_client, strategy_client, urban_unit):
    data = {
        "name": "Energy Cities",
        "kind": "city_network",
        "scope": "europe",
        "owner_unit": urban_unit.name_en,
    }

    response = culture_client.post(url("network-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert not Network.objects.exists()

    assert strategy_client.post(url("network-add"), data).status_code == 302
    assert Network.objects.get().owner_unit == urban_unit


def test_the_owner_unit_may_not_hand_a_membership_to_another_unit(
    culture_client, culture_membership, urban_unit
):
    before = snapshot(culture_membership)
    form_page = culture_client.get(url("membership-edit", culture_membership))

    response = culture_client.post(
        url("membership-edit", culture_membership), posted_back(form_page, owner_unit=urban_unit.name_en)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert snapshot(culture_membership) == before


def test_strategy_department_may_move_a_membership_to_another_unit(
    strategy_client, culture_membership, urban_unit
):
    form_page = strategy_client.get(url("membership-edit", culture_membership))

    response = strategy_client.post(
        url("membership-edit", culture_membership), posted_back(form_page, owner_unit=urban_unit.name_en)
    )

    assert response.status_code == 302
    culture_membership.refresh_from_db()
    assert culture_membership.owner_unit == urban_unit


# What the pages offer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "may_change"),
    [
        ("culture_client", True),
        ("strategy_client", True),
        ("urban_client", False),
        ("coordinator_client", False),
        ("unitless_client", False),
    ],
)
def test_edit_and_delete_buttons_only_for_those_allowed(
    request, viewer, may_change, culture_membership, culture_network
):
    client = request.getfixturevalue(viewer)

    for record in (culture_membership, culture_network):
        name = record._meta.model_name
        page = html(client.get(record.get_absolute_url()))
        edit_button = (
            f'<a class="hds-button hds-button--primary" href="{url(f"{name}-edit", record)}">Edit</a>'
        )
        delete_button = (
            f'<a class="hds-button hds-button--danger" href="{url(f"{name}-delete", record)}">Delete</a>'
        )
        assert (edit_button in page) is may_change, name
        assert (delete_button in page) is may_change, name
        assert f'href="{url(f"{name}-history", record)}">Change history</a>' in page


@pytest.mark.parametrize(("viewer", "may_add"), [("culture_client", True), ("unitless_client", False)])
def test_add_buttons_only_for_those_allowed(request, viewer, may_add):
    client = request.getfixturevalue(viewer)

    memberships = html(client.get(url("membership-list")))
    networks = html(client.get(url("network-list")))

    assert (
        f'<a class="hds-button hds-button--primary" href="{url("membership-add")}">Add a membership</a>'
        in memberships
    ) is may_add
    assert (
        f'<a class="hds-button hds-button--primary" href="{url("network-add")}">Add a network</a>' in networks
    ) is may_add
    assert ("Add the first one" in memberships) is may_add


@pytest.mark.parametrize(("viewer", "may_add"), [("culture_client", True), ("unitless_client", False)])
def test_register_a_membership_link_only_for_those_who_may_add(request, viewer, may_add, culture_network):
    client = request.getfixturevalue(viewer)

    page = html(client.get(culture_network.get_absolute_url()))

    assert (f'href="{url("membership-add")}?network={culture_network.pk}"' in page) is may_add


def test_the_refusal_names_the_owner_unit_and_whom_to_ask(urban_client, culture_membership, culture_unit):
    culture_unit.contact_email = "kuva-international@example.com"
    culture_unit.save()

    response = urban_client.get(url("membership-edit", culture_membership))

    assert response.status_code == 403
    page = html(response)
    assert f"“{culture_membership}” belongs to Culture and Leisure Division." in page
    person = culture_membership.responsible_person
    assert f"{person.get_full_name() or person.username}, the responsible person" in page
    assert '<a href="mailto:kuva-international@example.com">kuva-international@example.com</a>' in page
    assert f'<a href="{culture_membership.get_absolute_url()}">' in page


def test_a_refusal_of_a_page_with_no_record_names_no_owner(urban_client):
    response = urban_client.get(reverse("coordination:summary"))

    assert response.status_code == 403
    assert "You may not do this" in html(response)
    assert "belongs to" not in html(response)
