"""A partnership's status timeline: written by every save that changes the status, whoever saves.

The owner unit moves its partnership along the lifecycle itself (explored, active, dormant,
ended): no step belongs to another body, so the status stays on the edit form and the partnership
has no process of its own.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.process import process_for
from partnerships.models import Partnership
from tests.factories import OrgUnitFactory
from tests.partnerships.factories import PartnerFactory, PartnershipFactory, PartnershipGoalFactory
from tests.partnerships.helpers import new_partnership_data, posted_back, url

pytestmark = pytest.mark.django_db

Status = Partnership.Status


def test_a_new_partnership_starts_its_timeline_and_its_events(culture_client, culture_unit, culture_user):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=Status.EXPLORED,
        start_date="",
    )
    assert culture_client.post(url("partnership-add"), data).status_code == 302
    created = Partnership.objects.get()
    assert list(created.status_changes.values_list("from_status", "status", "changed_by")) == [
        ("", "explored", culture_user.pk)
    ]
    assert list(DomainEvent.objects.about(created).values_list("kind", flat=True)) == ["partnership.created"]


def test_a_status_changed_on_the_edit_form_is_noted_with_who_changed_it(
    culture_client, culture_unit, culture_user
):
    partnership = PartnershipFactory(owner_unit=culture_unit)
    PartnershipGoalFactory(partnership=partnership)
    page = culture_client.get(url("partnership-edit", partnership))

    response = culture_client.post(
        url("partnership-edit", partnership), posted_back(page, status=Status.ACTIVE, start_date="2026-01-15")
    )

    assert response.status_code == 302
    change = partnership.status_changes.get()
    assert (change.from_status, change.status, change.changed_by, change.predates_portal) == (
        "explored",
        "active",
        culture_user,
        False,
    )
    event = DomainEvent.objects.about(partnership).get()
    assert (event.kind, event.payload["from_status"], event.payload["status"]) == (
        "partnership.changed",
        "explored",
        "active",
    )


def test_an_edit_that_keeps_the_status_notes_nothing(culture_client, culture_unit):
    partnership = PartnershipFactory(owner_unit=culture_unit)
    page = culture_client.get(url("partnership-edit", partnership))
    response = culture_client.post(url("partnership-edit", partnership), posted_back(page, themes="Water"))
    assert response.status_code == 302
    assert not partnership.status_changes.exists()


def test_a_refused_status_change_notes_nothing(culture_client, culture_unit):
    partnership = PartnershipFactory(
        owner_unit=culture_unit, status=Status.ENDED, end_date=datetime.date(2024, 1, 1)
    )
    page = culture_client.get(url("partnership-edit", partnership))
    response = culture_client.post(
        url("partnership-edit", partnership), posted_back(page, status=Status.ACTIVE)
    )
    assert response.status_code == 200
    assert not partnership.status_changes.exists()


def test_partnerships_have_no_process_of_their_own():
    assert process_for(Partnership) is None


def test_earlier_partnerships_get_an_honest_timeline_entry():
    unit = OrgUnitFactory()
    active = PartnershipFactory(owner_unit=unit, status=Status.ACTIVE, start_date=datetime.date(2018, 3, 1))
    ended = PartnershipFactory(
        status=Status.ENDED, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2020, 6, 30)
    )
    dormant = PartnershipFactory(status=Status.DORMANT, start_date=datetime.date(2016, 1, 1))
    explored = PartnershipFactory()
    migration = importlib.import_module("partnerships.migrations.0008_timeline_of_earlier_partnerships")
    migration.note_earlier_statuses(apps, None)

    entry = active.status_changes.get()
    assert (entry.from_status, entry.status, entry.changed_on, entry.predates_portal) == (
        "",
        "active",
        datetime.date(2018, 3, 1),
        True,
    )
    assert entry.changed_by is None and entry.deciding_body == "" and entry.decision_reference == ""
    assert ended.status_changes.get().changed_on == datetime.date(2020, 6, 30)
    assert dormant.status_changes.get().status == "dormant"
    assert not explored.status_changes.exists()


def test_each_demo_partnership_has_its_status_in_its_timeline():
    call_command("seed_demo")
    for partnership in Partnership.objects.all():
        assert partnership.status_changes.get().status == partnership.status, partnership
