"""A record's documents in its change history: which were attached and deleted, by whom."""

from helsinki_intl.records.attached import content_type_of, is_attachable

from .models import Document

NOT_SHOWN = ("content_type", "object_id", "file", "uploaded_by", "uploaded_at")


def document_history(record) -> list:
    if not is_attachable(record):
        return []
    rows = Document.history.filter(content_type=content_type_of(record), object_id=record.pk)
    return [(rows, Document._meta.verbose_name, NOT_SHOWN)]
