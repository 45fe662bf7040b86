"""Writing in a record's journal: every writer goes through these, each in one transaction with
the entry's history and the record's domain event (its followers are told).

Anyone who may read a record writes in its journal; an entry's author corrects or deletes it
within fifteen minutes (`models.EDIT_WINDOW`), judged here on the server's clock, whatever page
the author had open.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from helsinki_intl.outbox.services import event_record
from helsinki_intl.records.attached import attachable_models, content_type_of, may_read
from helsinki_intl.records.services import mark_history

from .models import JournalEntry

EVENT_TEXT_CHARS = 200
EDITABLE = ("date", "kind", "participants", "text")


class EntryClosed(PermissionDenied):
    """The entry is not the person's, or its fifteen minutes are over."""


def _facts(entry) -> dict:
    return {
        "entry": entry.pk,
        "entry_kind": entry.kind,
        "date": entry.date.isoformat(),
        "text": Truncator(entry.text).chars(EVENT_TEXT_CHARS),
    }


@transaction.atomic
def entry_add(*, record, by, date, kind, text, participants: str = "", via: str = "form") -> JournalEntry:
    """Writes an entry in the record's journal; raises ValidationError, with nothing saved, when
    a value breaks a rule."""
    if not may_read(by, record):
        raise PermissionDenied
    entry = JournalEntry(
        content_type=content_type_of(record),
        object_id=record.pk,
        date=date,
        kind=kind,
        text=text,
        participants=participants,
        author=by if by is not None and by.is_authenticated else None,
        written_at=timezone.now(),
    )
    entry.full_clean()
    mark_history(entry, by=by, reason=None)
    entry.save()
    event_record(kind="journal_entry_added", record=record, by=by, via=via, **_facts(entry))
    return entry


def _open_entry(entry, by) -> JournalEntry:
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.may_be_edited_by(by, now=timezone.now()):
        raise EntryClosed
    return entry


@transaction.atomic
def entry_change(*, entry, by, via: str = "form", **values) -> JournalEntry:
    """Corrects the author's entry within its fifteen minutes: `values` of its date, kind,
    participants and text."""
    entry = _open_entry(entry, by)
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not an entry's value to change")
        setattr(entry, name, value)
    entry.full_clean()
    mark_history(entry, by=by, reason=None)
    entry.save()
    event_record(kind="journal_entry_changed", record=entry.record, by=by, via=via, **_facts(entry))
    return entry


@transaction.atomic
def entry_delete(*, entry, by, via: str = "form") -> None:
    """Deletes the author's entry within its fifteen minutes; the history keeps that it was there."""
    entry = _open_entry(entry, by)
    event_record(kind="journal_entry_deleted", record=entry.record, by=by, via=via, **_facts(entry))
    mark_history(entry, by=by, reason=None)
    entry.delete()


def entries_of_deleted_record(sender, instance, **kwargs) -> None:
    """A deleted record's journal goes with it, as its own rows do."""
    if sender._meta.label_lower in attachable_models():
        JournalEntry.objects.filter(content_type=content_type_of(instance), object_id=instance.pk).delete()
