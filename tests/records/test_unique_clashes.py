"""Two people adding the same record at once: one is saved, the other gets the form's error, not a 500."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from helsinki_intl.records.views import RecordFormMixin
from networks.models import Membership, MembershipGoal, Network
from tests.factories import MembershipFactory, NetworkFactory
from tests.partnerships.helpers import posted_back

NAME_TAKEN = "Network with this Name already exists."
CURRENT_TAKEN = "This unit already has a current membership in this network."
SAVED_MEANWHILE = (
    "Another record with some of the same values was saved at the same time. Check the values and save again."
)


def network_data(unit) -> dict:
    return {"name": "Eurocities", "kind": "city_network", "scope": "europe", "owner_unit": unit.pk}


def membership_data(client, network, unit) -> dict:
    form_page = client.get(reverse("networks:membership-add"), {"network": network.name})
    return posted_back(
        form_page,
        owner_unit=unit.name_en,
        status=Membership.Status.ACTIVE,
        start_date="2024-01-01",
        **{"goals-0-title": "Learn from peers"},
    )


def after_the_form_is_checked(monkeypatch, action) -> None:
    """Runs `action` once a posted form and its rows are found valid, just before they are saved."""
    build_formsets = RecordFormMixin.build_formsets

    def build_then_act(self, instance):
        formsets = build_formsets(self, instance)
        if self.request.method == "POST":
            action()
        return formsets

    monkeypatch.setattr(RecordFormMixin, "build_formsets", build_then_act)


@pytest.mark.django_db
def test_a_network_named_meanwhile_is_the_name_field_s_error(culture_client, culture_unit, monkeypatch):
    after_the_form_is_checked(monkeypatch, lambda: NetworkFactory(name="Eurocities"))

    response = culture_client.post(reverse("networks:network-add"), network_data(culture_unit))

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [NAME_TAKEN]}
    assert NAME_TAKEN in response.content.decode()
    assert Network.objects.filter(name="Eurocities").count() == 1


@pytest.mark.django_db
def test_a_membership_added_meanwhile_is_the_form_s_error_and_nothing_is_saved(
    culture_client, culture_unit, monkeypatch
):
    network = NetworkFactory()
    data = membership_data(culture_client, network, culture_unit)
    after_the_form_is_checked(
        monkeypatch, lambda: MembershipFactory(active=True, network=network, owner_unit=culture_unit)
    )

    response = culture_client.post(reverse("networks:membership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CURRENT_TAKEN]
    assert CURRENT_TAKEN in response.content.decode()
    assert Membership.objects.count() == 1
    assert not MembershipGoal.objects.filter(title="Learn from peers").exists()
    assert response.context["form"].instance.pk is None


@pytest.mark.django_db
def test_a_step_that_clashes_with_a_membership_added_meanwhile_is_the_step_s_error(
    culture_client, culture_unit, monkeypatch
):
    """Proposing a declined membership again while the unit's new one is saved: the step's form
    says why, and nothing of the step is saved."""
    declined = MembershipFactory(status=Membership.Status.DECLINED, owner_unit=culture_unit)
    full_clean = Membership.full_clean

    def check_then_add(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        MembershipFactory(active=True, network=declined.network, owner_unit=culture_unit)

    monkeypatch.setattr(Membership, "full_clean", check_then_add)
    url = reverse("networks:membership-step", args=[declined.pk, "propose_again"])

    response = culture_client.post(url, {"reason": "A new proposal."})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CURRENT_TAKEN]
    declined.refresh_from_db()
    assert (declined.status, declined.version) == (Membership.Status.DECLINED, 1)
    assert not declined.status_changes.exists()


@pytest.mark.django_db
def test_a_clash_the_form_cannot_name_is_still_the_form_s_error(culture_client, culture_unit, monkeypatch):
    NetworkFactory(name="Eurocities")
    monkeypatch.setattr(Network, "validate_unique", lambda self, exclude=None: None)

    response = culture_client.post(reverse("networks:network-add"), network_data(culture_unit))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [SAVED_MEANWHILE]
    assert Network.objects.count() == 1


# A race on PostgreSQL -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("register", ["network", "membership"])
def test_of_four_parallel_adds_of_the_same_record_one_is_saved_and_three_get_the_form_s_error(
    culture_user, culture_unit, monkeypatch, register
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time")
    if register == "network":
        url, data, model = reverse("networks:network-add"), network_data(culture_unit), Network
    else:
        client = Client()
        client.force_login(culture_user)
        url, model = reverse("networks:membership-add"), Membership
        data = membership_data(client, NetworkFactory(), culture_unit)
    all_checked = threading.Barrier(4)
    after_the_form_is_checked(monkeypatch, lambda: all_checked.wait(timeout=60))
    statuses = []

    def add() -> None:
        client = Client()
        client.force_login(culture_user)
        try:
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(statuses) == [200, 200, 200, 302]
    assert model.objects.count() == 1
