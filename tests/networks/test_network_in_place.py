"""A membership in a network the register does not have yet: the form offers to add the network in
place, keeps what was typed, and saves the network with the membership or nothing at all."""

import pytest
from django.urls import reverse

from helsinki_intl.organisation.models import User
from helsinki_intl.outbox.models import DomainEvent
from networks.models import Membership, Network
from tests.factories import NetworkFactory
from tests.networks.test_views import html, messages_of, new_membership_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("networks:membership-add")
NEW_NAME = "Mayors for Peace"


def membership_data(culture_user, culture_unit, **changes) -> dict:
    """A membership in a network named NEW_NAME, which the register does not have."""
    data = new_membership_data(
        network=Network(name=NEW_NAME),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "Join the mayors' forum", "target": "", "indicator": ""}],
        benefits="Peace education with partner cities.",
    )
    data.update(changes)
    return data


def new_network(**changes) -> dict:
    data = {
        "new_network-name": NEW_NAME,
        "new_network-acronym": "MfP",
        "new_network-kind": "city_network",
        "new_network-scope": "global",
        "new_network-website": "https://www.mayorsforpeace.org",
        "new_network-owner_unit": "Culture and Leisure Division",
    }
    data.update(changes)
    return data


def refused_adding_network(client, user, unit, *, membership=None, network=None):
    """Posts the membership with its network added in place, expecting neither to be saved."""
    data = {
        **membership_data(user, unit, **(membership or {})),
        **new_network(**(network or {})),
        "new_network-add": "1",
    }
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Membership.objects.exists()
    return response


def test_a_network_not_in_the_register_is_offered_to_be_added_in_place(
    culture_client, culture_user, culture_unit
):
    response = culture_client.post(ADD_URL, membership_data(culture_user, culture_unit))

    assert response.status_code == 200
    assert not Membership.objects.exists()
    page = html(response)
    assert "No network is named “Mayors for Peace”." in page
    offer = page.split('id="new-network"', 1)[1].split("</fieldset>", 1)[0]
    assert "Add the network to the register" in offer
    assert 'name="new_network-name" value="Mayors for Peace"' in offer
    assert 'name="new_network-owner_unit" value="Culture and Leisure Division"' in offer
    assert 'name="new_network-add"' in offer
    # The membership's own input is kept.
    assert "Peace education with partner cities." in page
    assert 'value="Join the mayors&#x27; forum"' in page


def test_no_offer_on_the_empty_form_or_for_a_network_the_register_has(
    culture_client, culture_user, culture_unit
):
    NetworkFactory(name="Eurocities")

    empty = culture_client.get(ADD_URL)
    clash = culture_client.post(
        ADD_URL, membership_data(culture_user, culture_unit, network="Eurocities", annual_fee="-5")
    )

    assert 'id="new-network"' not in html(empty)
    assert clash.status_code == 200
    assert 'id="new-network"' not in html(clash)


def test_the_network_is_added_with_the_membership(culture_client, culture_user, culture_unit):
    data = {**membership_data(culture_user, culture_unit), **new_network(), "new_network-add": "1"}

    response = culture_client.post(ADD_URL, data)

    assert response.status_code == 302
    network = Network.objects.get()
    membership = Membership.objects.get()
    assert membership.network == network
    assert (network.name, network.acronym, network.kind, network.scope, network.owner_unit) == (
        NEW_NAME,
        "MfP",
        "city_network",
        "global",
        culture_unit,
    )
    assert network.history.get().history_user == culture_user
    assert DomainEvent.objects.about(network).get().kind == "network.created"
    detail = culture_client.get(response["Location"])
    assert messages_of(detail) == [
        "“Mayors for Peace – Culture and Leisure Division” was added.",
        "The network “Mayors for Peace (MfP)” was added to the register.",
    ]


def test_an_incomplete_network_saves_nothing_and_says_where(culture_client, culture_user, culture_unit):
    response = refused_adding_network(
        culture_client, culture_user, culture_unit, network={"new_network-kind": ""}
    )

    assert not Network.objects.exists()
    assert ("id_new_network-kind", "Network: Kind", "This field is required.") in response.context[
        "error_summary"
    ]
    assert ("id_network", "Network", "Complete the new network's details below.") in response.context[
        "error_summary"
    ]


def test_a_membership_with_errors_does_not_add_its_network_either(culture_client, culture_user, culture_unit):
    response = refused_adding_network(
        culture_client, culture_user, culture_unit, membership={"annual_fee": "-5"}
    )

    assert not Network.objects.exists()
    assert messages_of(response) == ["The form has errors. Please correct the fields marked below."]
    page = html(response)
    assert 'name="new_network-acronym" value="MfP"' in page  # the network's input is kept
    assert 'name="network" value="Mayors for Peace"' in page
    assert [anchor for anchor, _label, _error in response.context["error_summary"]] == ["id_annual_fee"]


def test_a_network_named_as_one_in_the_register_is_refused_at_its_name(
    culture_client, culture_user, culture_unit
):
    NetworkFactory(name="Eurocities")

    response = refused_adding_network(
        culture_client, culture_user, culture_unit, network={"new_network-name": "Eurocities"}
    )

    assert Network.objects.count() == 1
    assert any(
        anchor == "id_new_network-name" for anchor, _label, _error in response.context["error_summary"]
    )


def test_a_unit_member_adds_the_network_only_for_their_own_units(
    culture_client, culture_user, culture_unit, urban_unit
):
    response = refused_adding_network(
        culture_client, culture_user, culture_unit, network={"new_network-owner_unit": urban_unit.name_en}
    )

    assert not Network.objects.exists()
    assert "You may add records only for your own units" in html(response)


def test_save_without_adding_keeps_the_network_s_input_unjudged(culture_client, culture_user, culture_unit):
    data = {**membership_data(culture_user, culture_unit), **new_network(**{"new_network-kind": ""})}

    response = culture_client.post(ADD_URL, data)

    assert not Network.objects.exists()
    page = html(response)
    assert 'name="new_network-acronym" value="MfP"' in page
    assert not response.context["form"].new_network.errors  # not asked to be added yet


def test_adding_a_row_keeps_the_network_s_input(culture_client, culture_user, culture_unit):
    data = {**membership_data(culture_user, culture_unit), **new_network(), "add_row": "roles"}

    response = culture_client.post(ADD_URL, data)

    assert not Network.objects.exists()
    assert 'name="new_network-acronym" value="MfP"' in html(response)


def test_those_who_may_not_add_networks_are_offered_nothing_and_cannot_add_one(
    culture_client, culture_user, culture_unit, monkeypatch
):
    may = User.has_perm
    monkeypatch.setattr(
        User, "has_perm", lambda user, perm, obj=None: perm != "networks.add_network" and may(user, perm, obj)
    )

    offered = culture_client.post(ADD_URL, membership_data(culture_user, culture_unit))
    crafted = culture_client.post(
        ADD_URL, {**membership_data(culture_user, culture_unit), **new_network(), "new_network-add": "1"}
    )

    assert 'id="new-network"' not in html(offered)
    assert crafted.status_code == 200
    assert not Network.objects.exists()
    assert "No network is named “Mayors for Peace”." in html(crafted)
