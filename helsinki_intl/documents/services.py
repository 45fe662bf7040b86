"""Attaching and deleting documents: every writer goes through these, each in one transaction
with the document's history and the record's domain event (its followers are told)."""

import os
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction

from helsinki_intl.outbox.services import event_record
from helsinki_intl.records.attached import attachable_models, content_type_of, may_change
from helsinki_intl.records.services import mark_history

from .content import judge
from .models import Document

# Control characters, path separators, and the marks that turn the text's direction (which would
# show "report_fdp.exe" as "report_exe.pdf").
UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
MAX_NAME = 255


def original_name(name: str) -> str:
    """The uploaded file's own name, as the download gives it back: its last part only, on one
    line, at most 255 characters with its ending kept."""
    name = UNSAFE_IN_NAMES.sub(" ", os.path.basename(name.replace("\\", "/"))).strip() or "document"
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: MAX_NAME - len(extension) - 1]}.{extension}" if dot else name[:MAX_NAME]
    return name


@transaction.atomic
def document_add(*, record, file, name: str, by, via: str = "form") -> Document:
    """Keeps `file` (an uploaded file) as a document of `record`; raises `DocumentRefused` with
    nothing stored when its content is not one the portal keeps."""
    if not may_change(by, record):
        raise PermissionDenied
    judged = judge(file, name)
    document = Document(
        content_type=content_type_of(record),
        object_id=record.pk,
        name=original_name(name),
        media_type=judged.media_type,
        size=file.size,
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    # The store keeps the type judged, not the one the browser declared.
    file.content_type = judged.media_type
    try:
        document.file.save(document.name, file, save=False)
        mark_history(document, by=by, reason=None)
        document.save()
        event_record(
            kind="document_added", record=record, by=by, via=via, document=document.pk, name=document.name
        )
    except BaseException:
        # Nothing stored when the row is not: the file goes with the rolled back transaction.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document, by, via: str = "form") -> None:
    """Deletes a document: its row (the history keeps that it was there, and who deleted it) and,
    once that is committed, its file."""
    record = document.record
    if record is None or not may_change(by, record):
        raise PermissionDenied
    event_record(
        kind="document_deleted", record=record, by=by, via=via, document=document.pk, name=document.name
    )
    storage, stored = document.file.storage, document.file.name
    mark_history(document, by=by, reason=None)
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def documents_of_deleted_record(sender, instance, **kwargs) -> None:
    """A deleted record's documents go with it (their files once that is committed), as its own
    rows do; their history is kept with the record's."""
    if sender._meta.label_lower not in attachable_models():
        return
    for document in Document.objects.filter(content_type=content_type_of(instance), object_id=instance.pk):
        storage, stored = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda storage=storage, stored=stored: storage.delete(stored))
