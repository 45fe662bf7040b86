import datetime

from django.contrib.contenttypes.models import ContentType

from helsinki_intl.journal.models import JournalEntry


def journal_entry(record, **fields) -> JournalEntry:
    """A saved entry in the record's journal, with fixed values unless given."""
    values = {
        "date": datetime.date(2024, 3, 5),
        "kind": JournalEntry.Kind.CONTACT,
        "participants": "International affairs of both cities",
        "text": "Agreed the themes of the year.",
        **fields,
    }
    return JournalEntry.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, **values
    )
