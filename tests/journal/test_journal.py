"""A record's journal: anyone who may read the record writes in it; its author corrects or
deletes an entry for fifteen minutes, judged on the server's clock."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.journal.models import JournalEntry
from helsinki_intl.notifications.describe import what_happened
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.history import change_history
from tests.factories import NetworkFactory

WRITTEN = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def network(culture_unit):
    return NetworkFactory(owner_unit=culture_unit, name="Eurocities")


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def add_url(record) -> str:
    return reverse("journal:add", args=[record._meta.label_lower, record.pk])


def entry_data(**values) -> dict:
    return {
        "date": "2026-12-04",
        "kind": "call",
        "participants": "",
        "text": "Called the secretariat.",
        **values,
    }


def write(client, record, **values):
    with frozen(WRITTEN):
        return client.post(add_url(record), entry_data(**values))


@pytest.mark.django_db
def test_anyone_who_reads_the_record_writes_in_its_journal(urban_client, urban_user, network):
    response = write(urban_client, network)

    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.record, entry.author, entry.kind, entry.written_at) == (
        network,
        urban_user,
        "call",
        WRITTEN,
    )
    [event] = DomainEvent.objects.about(network)
    assert event.kind == "network.journal_entry_added"
    assert what_happened(event).endswith("wrote in the journal: Called the secretariat.")


@pytest.mark.django_db
def test_a_signed_out_visitor_cannot_write(client, network):
    response = client.post(add_url(network), entry_data())

    assert response.status_code == 302 and not JournalEntry.objects.exists()


@pytest.mark.django_db
def test_bad_input_is_refused_at_the_fields_with_nothing_saved(culture_client, network):
    with frozen(WRITTEN):
        response = culture_client.post(add_url(network), entry_data(date="2026-12-24", kind="note", text=""))

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"date", "text"}
    assert not JournalEntry.objects.exists() and not DomainEvent.objects.exists()


@pytest.mark.django_db
def test_a_planned_meeting_may_be_dated_ahead(culture_client, network):
    write(culture_client, network, date="2026-12-24", kind="meeting")

    assert JournalEntry.objects.get().date == datetime.date(2026, 12, 24)


@pytest.mark.django_db
def test_the_author_corrects_an_entry_within_fifteen_minutes(culture_client, network):
    write(culture_client, network)
    entry = JournalEntry.objects.get()
    edit = reverse("journal:edit", args=[entry.pk])

    with frozen(WRITTEN + datetime.timedelta(minutes=14, seconds=59)):
        response = culture_client.post(edit, entry_data(text="Called the secretariat twice."))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Called the secretariat twice."
    history = [entry for entry in change_history(network) if entry.subject]
    assert [item.action for item in history] == ["changed", "created"]
    assert [(change.old, change.new) for change in history[0].changes] == [
        ("Called the secretariat.", "Called the secretariat twice.")
    ]


@pytest.mark.django_db
def test_after_fifteen_minutes_the_entry_stands(culture_client, network):
    write(culture_client, network)
    entry = JournalEntry.objects.get()

    with frozen(WRITTEN + datetime.timedelta(minutes=15)):
        edited = culture_client.post(reverse("journal:edit", args=[entry.pk]), entry_data(text="Changed."))
        deleted = culture_client.post(reverse("journal:delete", args=[entry.pk]))

    assert (edited.status_code, deleted.status_code) == (403, 403)
    entry.refresh_from_db()
    assert entry.text == "Called the secretariat."


@pytest.mark.django_db
def test_no_one_but_the_author_changes_an_entry_even_international_affairs(
    culture_client, strategy_client, urban_client, network
):
    write(culture_client, network)
    entry = JournalEntry.objects.get()

    with frozen(WRITTEN + datetime.timedelta(minutes=1)):
        responses = [
            client.post(reverse(f"journal:{view}", args=[entry.pk]), entry_data(text="Changed."))
            for client in (strategy_client, urban_client)
            for view in ("edit", "delete")
        ]

    assert [response.status_code for response in responses] == [403] * 4
    assert JournalEntry.objects.get().text == "Called the secretariat."


@pytest.mark.django_db
def test_the_author_deletes_an_entry_and_the_history_keeps_it(culture_client, network):
    write(culture_client, network)
    entry = JournalEntry.objects.get()

    with frozen(WRITTEN + datetime.timedelta(minutes=5)):
        confirm = culture_client.get(reverse("journal:delete", args=[entry.pk]))
        response = culture_client.post(reverse("journal:delete", args=[entry.pk]))

    assert (confirm.status_code, response.status_code) == (200, 302)
    assert not JournalEntry.objects.exists()
    assert [item.action for item in change_history(network) if item.subject] == ["deleted", "created"]
    kinds = [event.kind for event in DomainEvent.objects.about(network)]
    assert kinds == ["network.journal_entry_added", "network.journal_entry_deleted"]


@pytest.mark.django_db
def test_the_journal_shows_newest_first_with_edit_links_only_for_the_author_in_time(
    culture_client, urban_client, network, django_assert_max_num_queries
):
    write(culture_client, network, date="2026-11-02", text="Older entry.")
    write(urban_client, network, date="2026-12-01", text="Newer entry.")
    newer, older = JournalEntry.objects.order_by("-date")
    url = network.get_absolute_url()

    with frozen(WRITTEN + datetime.timedelta(minutes=2)):
        culture_client.get(url)
        with django_assert_max_num_queries(100) as captured:
            html = culture_client.get(url).content.decode()
        few = len(captured.captured_queries)
        for number in range(5):
            write(urban_client, network, text=f"Entry {number}.")
        with django_assert_max_num_queries(few):
            culture_client.get(url)

    assert html.index("Newer entry.") < html.index("Older entry.")
    assert reverse("journal:edit", args=[older.pk]) in html
    assert reverse("journal:edit", args=[newer.pk]) not in html


@pytest.mark.django_db
def test_a_record_s_journal_goes_with_it(culture_client, network):
    write(culture_client, network)

    culture_client.post(reverse("networks:network-delete", args=[network.pk]))

    assert not JournalEntry.objects.exists()


def test_the_edit_window_is_fifteen_minutes():
    entry = JournalEntry(author_id=1, written_at=WRITTEN)
    author = mock.Mock(is_authenticated=True, pk=1)

    assert entry.may_be_edited_by(author, now=WRITTEN + datetime.timedelta(minutes=14, seconds=59))
    assert not entry.may_be_edited_by(author, now=WRITTEN + datetime.timedelta(minutes=15))
    assert timezone.is_aware(entry.editable_until())
