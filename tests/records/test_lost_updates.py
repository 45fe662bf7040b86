"""Two people editing the same record: the later save is refused, not written over the earlier one."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from helsinki_intl.records.locking import StaleRecordError, claim_version
from networks.models import Membership, Network
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    PriorityFactory,
    UserFactory,
    international_affairs_user,
)
from tests.partnerships.factories import PartnerFactory, PartnershipFactory
from tests.partnerships.helpers import posted_back

REFUSED = (
    "Someone else saved this record while you were editing it. Their changes are shown below; "
    "your changes have not been saved. Review them and save again."
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def edit_url(record) -> str:
    opts = record._meta
    return reverse(f"{opts.app_label}:{opts.model_name}-edit", args=[record.pk])


@pytest.fixture
def aino(culture_unit):
    return UserFactory(username="aino", first_name="Aino", last_name="Korhonen", units=[culture_unit])


@pytest.fixture
def bertil(culture_unit):
    return UserFactory(username="bertil", first_name="Bertil", last_name="Lindqvist", units=[culture_unit])


# Membership: the record, its goals and its many-to-many fields --------------------------------


@pytest.mark.django_db
def test_the_later_of_two_edits_of_a_membership_is_refused_and_saves_after_a_review(
    aino, bertil, culture_unit
):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, benefits="Peer learning")
    goal = membership.goals.get()
    climate, talent = PriorityFactory(name_en="Climate"), PriorityFactory(name_en="Talent attraction")
    a, b = client_for(aino), client_for(bertil)
    a_form, b_form = a.get(edit_url(membership)), b.get(edit_url(membership))
    assert a_form.context["form"]["version"].value() == b_form.context["form"]["version"].value() == 1

    a_saved = a.post(
        edit_url(membership),
        posted_back(a_form, benefits="Peer learning and EU project partners", priorities=[climate.pk]),
    )
    assert a_saved.status_code == 302
    b_data = posted_back(
        b_form,
        benefits="Joint advocacy in Brussels",
        priorities=[talent.pk],
        **{"goals-0-title": "Lead a working group"},
    )
    refused = b.post(edit_url(membership), b_data)

    assert refused.status_code == 409
    html = page(refused)
    assert REFUSED in html
    # Aino's change, who made it, field by field.
    assert "Aino Korhonen" in html
    assert '<th scope="row">Benefits</th><td><del>Peer learning</del></td>' in html
    assert "<ins>Peer learning and EU project partners</ins>" in html
    assert "<ins>Climate</ins>" in html
    # Nothing of Bertil's was saved: the record, its goal and its priorities are as Aino left them.
    membership.refresh_from_db()
    assert membership.benefits == "Peer learning and EU project partners"
    assert list(membership.priorities.all()) == [climate]
    assert membership.goals.get().title == goal.title
    assert membership.version == 2
    # Bertil's input is kept, and the form now carries the version Aino saved.
    form = refused.context["form"]
    assert form["benefits"].value() == "Joint advocacy in Brussels"
    assert form["priorities"].value() == [str(talent.pk)]
    assert refused.context["formsets"]["goals"].forms[0]["title"].value() == "Lead a working group"
    assert form["version"].value() == "2"
    assert '<input type="hidden" name="version" value="2"' in html

    saved = b.post(edit_url(membership), posted_back(refused))

    assert saved.status_code == 302
    membership.refresh_from_db()
    assert membership.benefits == "Joint advocacy in Brussels"
    assert list(membership.priorities.all()) == [talent]
    assert membership.goals.get().title == "Lead a working group"
    assert membership.version == 3


@pytest.mark.django_db
def test_a_form_with_errors_loaded_before_another_save_shows_the_changes_first(aino, bertil, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit, benefits="Peer learning")
    a, b = client_for(aino), client_for(bertil)
    a_form, b_form = a.get(edit_url(membership)), b.get(edit_url(membership))
    assert a.post(edit_url(membership), posted_back(a_form, benefits="Shared projects")).status_code == 302

    refused = b.post(edit_url(membership), posted_back(b_form, review_interval_months="0"))

    assert refused.status_code == 409
    assert REFUSED in page(refused)
    assert "<ins>Shared projects</ins>" in page(refused)
    assert refused.context["form"]["version"].value() == "2"


@pytest.mark.django_db
def test_a_goal_changed_meanwhile_is_among_the_changes_shown(aino, bertil, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    a, b = client_for(aino), client_for(bertil)
    a_form, b_form = a.get(edit_url(membership)), b.get(edit_url(membership))
    assert (
        a.post(
            edit_url(membership), posted_back(a_form, **{"goals-0-title": "Host the 2027 forum"})
        ).status_code
        == 302
    )

    refused = b.post(edit_url(membership), posted_back(b_form, benefits="Peer learning"))

    assert refused.status_code == 409
    assert "<ins>Host the 2027 forum</ins>" in page(refused)
    assert Membership.objects.get(pk=membership.pk).benefits == ""


# Every register -------------------------------------------------------------------------------


REGISTERS = {
    "network": (NetworkFactory, "description"),
    "membership": (lambda **kw: MembershipFactory(active=True, **kw), "benefits"),
    "partner": (PartnerFactory, "name"),
    "partnership": (lambda **kw: PartnershipFactory(active=True, **kw), "description"),
    "call": (CallFactory, "title"),
    "application": (ApplicationFactory, "acronym"),
    "event bid": (EventBidFactory, "venue"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("register", REGISTERS)
def test_every_register_refuses_the_later_of_two_edits(register, strategy_unit):
    factory, field = REGISTERS[register]
    record = factory(owner_unit=strategy_unit)
    model = type(record)
    first = client_for(international_affairs_user(first_name="Aino", last_name="Korhonen"))
    second = client_for(international_affairs_user(first_name="Bertil", last_name="Lindqvist"))
    first_form, second_form = first.get(edit_url(record)), second.get(edit_url(record))

    assert first.post(edit_url(record), posted_back(first_form, **{field: "FIRST"})).status_code == 302
    refused = second.post(edit_url(record), posted_back(second_form, **{field: "SECOND"}))

    assert refused.status_code == 409
    assert REFUSED in page(refused)
    assert "Aino Korhonen" in page(refused)
    assert "<ins>FIRST</ins>" in page(refused)
    assert getattr(model.objects.get(pk=record.pk), field) == "FIRST"
    assert refused.context["form"][field].value() == "SECOND"

    assert second.post(edit_url(record), posted_back(refused)).status_code == 302
    saved = model.objects.get(pk=record.pk)
    assert getattr(saved, field) == "SECOND"
    assert saved.version == 3


# The version itself ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("posted", ["2", "99", "0", "-1", "", "not a number", "9" * 30])
def test_a_crafted_version_is_refused(aino, culture_unit, posted):
    membership = MembershipFactory(owner_unit=culture_unit, benefits="Peer learning")
    client = client_for(aino)
    form = client.get(edit_url(membership))

    refused = client.post(edit_url(membership), posted_back(form, benefits="Crafted", version=posted))

    assert refused.status_code == 409
    assert REFUSED in page(refused)
    membership.refresh_from_db()
    assert (membership.benefits, membership.version) == ("Peer learning", 1)


@pytest.mark.django_db
def test_the_version_is_not_an_editable_field(aino, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit)
    client = client_for(aino)
    form = client.get(edit_url(membership))
    assert form.context["form"].fields["version"].widget.is_hidden
    assert 'name="version"' not in page(client.get(reverse("networks:membership-add")))

    assert client.post(edit_url(membership), posted_back(form)).status_code == 302
    assert Membership.objects.get(pk=membership.pk).version == 2


@pytest.mark.django_db
def test_every_save_counts_and_a_new_record_starts_at_one():
    network = NetworkFactory()
    assert network.version == 1
    network.description = "Cities working together"
    network.save()
    network.save(update_fields=["description"])
    assert Network.objects.get(pk=network.pk).version == 3
    assert Network.objects.bulk_create(
        [Network(name="Bulk", kind="city_network", owner_unit=network.owner_unit)]
    )
    assert Network.objects.get(name="Bulk").version == 1


@pytest.mark.django_db
def test_an_admin_save_counts_and_refuses_a_form_loaded_before_it(strategy_client, aino, culture_unit):
    network = NetworkFactory(owner_unit=culture_unit, name="Eurocities")
    client = client_for(aino)
    loaded = client.get(edit_url(network))

    admin_saved = strategy_client.post(
        reverse("admin:networks_network_change", args=[network.pk]),
        {
            "name": "Eurocities network",
            "acronym": "",
            "kind": network.kind,
            "scope": network.scope,
            "website": "",
            "themes": "",
            "description": "",
            "owner_unit": culture_unit.pk,
            "version": "1",
            "designations-TOTAL_FORMS": "0",
            "designations-INITIAL_FORMS": "0",
            "designations-MIN_NUM_FORMS": "0",
            "designations-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        },
    )

    assert admin_saved.status_code == 302, admin_saved.context["adminform"].form.errors
    assert Network.objects.get(pk=network.pk).version == 2
    refused = client.post(edit_url(network), posted_back(loaded, description="Cities together"))
    assert refused.status_code == 409
    assert "<ins>Eurocities network</ins>" in page(refused)
    assert Network.objects.get(pk=network.pk).name == "Eurocities network"


@pytest.mark.django_db
def test_a_failed_save_does_not_count(culture_unit):
    membership = Membership.objects.get(pk=MembershipFactory(owner_unit=culture_unit).pk)
    membership.annual_fee = -1  # refused by the database's check constraint
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()
    assert membership.version == 1


# A race on PostgreSQL -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_racing_with_the_same_version_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to wait on")
    membership = MembershipFactory(benefits="Peer learning")
    MembershipGoalFactory(membership=membership)
    both_loaded = threading.Barrier(2)
    outcomes = {}

    def save(benefits: str) -> None:
        try:
            with transaction.atomic():
                record = Membership.objects.get(pk=membership.pk)
                both_loaded.wait(timeout=10)
                claim_version(record, 1)
                record.benefits = benefits
                record.save()
            outcomes[benefits] = "saved"
        except StaleRecordError:
            outcomes[benefits] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(benefits,)) for benefits in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    [winner] = [benefits for benefits, outcome in outcomes.items() if outcome == "saved"]
    saved = Membership.objects.get(pk=membership.pk)
    assert (saved.benefits, saved.version) == (winner, 2)
