from django.db import migrations
from django.utils import timezone


def contacts_to_journal(apps, schema_editor):
    """Each row of a partnership's contact log becomes an entry in the partnership's journal: its
    date, kind and participants as they were, its summary as the entry's text and its follow-up,
    if any, as the text's last paragraph. The author and the time of writing are those of the
    contact's first saved version, where its history has one.

    The contact table is kept (the release before reads it while this one is deployed); the next
    release drops it."""
    Contact = apps.get_model("partnerships", "Contact")
    HistoricalContact = apps.get_model("partnerships", "HistoricalContact")
    ContentType = apps.get_model("contenttypes", "ContentType")
    JournalEntry = apps.get_model("journal", "JournalEntry")
    if not Contact.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="partnerships", model="partnership")
    first_versions = {}
    for row in HistoricalContact.objects.filter(history_type="+").order_by("history_date").iterator():
        first_versions.setdefault(row.id, (row.history_user_id, row.history_date))
    entries = []
    for contact in Contact.objects.order_by("pk").iterator():
        author, written_at = first_versions.get(contact.pk, (None, None))
        text = contact.summary.strip() or "—"
        if contact.follow_up:
            text = f"{text}\n\n→ {contact.follow_up}"
        entries.append(
            JournalEntry(
                content_type_id=content_type.pk,
                object_id=contact.partnership_id,
                date=contact.date,
                kind=contact.kind,
                participants=contact.participants,
                text=text,
                author_id=author,
                written_at=written_at or timezone.now(),
            )
        )
    JournalEntry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_timeline_of_earlier_partnerships"),
        ("journal", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Not undone: the contacts stay in their table, and a journal entry written since cannot be
    # told from a moved one.
    operations = [migrations.RunPython(contacts_to_journal, migrations.RunPython.noop)]
