"""The contact log's rows move into the partnerships' journals (migration 0009), and nothing writes
the old table any more."""

import datetime
import importlib

import pytest
from django.apps import apps

from helsinki_intl.journal.models import JournalEntry
from partnerships.models import Contact
from tests.partnerships.factories import ContactFactory, PartnershipFactory

contacts_to_journal = importlib.import_module(
    "partnerships.migrations.0009_contacts_to_journal"
).contacts_to_journal

pytestmark = pytest.mark.django_db


def test_each_contact_becomes_an_entry_of_its_partnership_s_journal(culture_user):
    partnership = PartnershipFactory()
    contact = ContactFactory(
        partnership=partnership,
        date=datetime.date(2022, 4, 8),
        kind="meeting",
        participants="The mayors",
        summary="The agreement was renewed.",
        follow_up="Draft an action plan.",
    )
    Contact.history.filter(id=contact.pk).update(history_user=culture_user)
    ContactFactory(partnership=partnership, date=datetime.date(2024, 3, 5), kind="visit", follow_up="")

    contacts_to_journal(apps, schema_editor=None)

    assert [
        (entry.record, entry.date, entry.kind, entry.participants, entry.text, entry.author)
        for entry in JournalEntry.objects.of(partnership)
    ] == [
        (partnership, datetime.date(2024, 3, 5), "visit", "International affairs of both cities",
         "Agreed the themes of the year.", None),
        (partnership, datetime.date(2022, 4, 8), "meeting", "The mayors",
         "The agreement was renewed.\n\n→ Draft an action plan.", culture_user),
    ]  # fmt: skip
    assert Contact.objects.count() == 2  # the old table is kept this release


def test_a_moved_entry_keeps_when_it_was_written_and_stands(culture_user):
    contact = ContactFactory()
    written = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)
    Contact.history.filter(id=contact.pk).update(history_user=culture_user, history_date=written)

    contacts_to_journal(apps, schema_editor=None)

    entry = JournalEntry.objects.get()
    assert entry.written_at == written
    assert not entry.may_be_edited_by(culture_user)


def test_the_partnership_form_no_longer_writes_contacts(culture_client, culture_unit):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit)

    page = culture_client.get(f"/partnerships/partnerships/{partnership.pk}/edit/").content.decode()

    assert "contacts-TOTAL_FORMS" not in page
