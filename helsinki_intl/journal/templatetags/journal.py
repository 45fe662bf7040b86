from django import template
from django.utils import timezone

from helsinki_intl.records.attached import may_read, record_type_of

from ..forms import JournalEntryForm
from ..models import JournalEntry

register = template.Library()


@register.inclusion_tag("journal/includes/record_journal.html", takes_context=True)
def record_journal(context, record):
    """The record's journal, newest first, read in one query; the form to write in it."""
    user = context["request"].user
    now = timezone.now()
    entries = list(JournalEntry.objects.of(record).select_related("author"))
    for entry in entries:
        entry.editable = entry.may_be_edited_by(user, now=now)
    can_write = may_read(user, record)
    return {
        "record": record,
        "record_type": record_type_of(record),
        "entries": entries,
        "can_write": can_write,
        "form": JournalEntryForm(auto_id="journal_%s") if can_write else None,
        "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate(),
    }
