"""A record's journal in its change history: entries written, corrected and deleted, by whom."""

from helsinki_intl.records.attached import content_type_of, is_attachable

from .models import JournalEntry

NOT_SHOWN = ("content_type", "object_id", "author", "written_at")


def journal_history(record) -> list:
    if not is_attachable(record):
        return []
    rows = JournalEntry.history.filter(content_type=content_type_of(record), object_id=record.pk)
    return [(rows, JournalEntry._meta.verbose_name, NOT_SHOWN)]
