"""The documents a record rests on: the decision, the agreement, the minutes, an annual report."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import LineField

from .content import KINDS_BY_MEDIA_TYPE

STORAGE = "documents"
"""The storage (`settings.STORAGES`) the files are kept in: the file system or an S3 bucket."""


class DocumentsStorage(LazyObject):
    """The storage `settings.STORAGES` names for the documents, looked up when first used and again
    after the setting changes (a field's storage is otherwise fixed when its model is defined)."""

    def _setup(self) -> None:
        self._wrapped = storages[STORAGE]


the_storage = DocumentsStorage()


def documents_storage():
    return the_storage


@receiver(setting_changed)
def _storage_changed(setting, **kwargs) -> None:
    if setting in ("STORAGES", "MEDIA_ROOT"):
        the_storage._wrapped = empty


def stored_name(document, original_name: str) -> str:
    """A name of the portal's own, never the uploader's: nothing of it reaches a path or a URL."""
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DocumentQuerySet(models.QuerySet):
    def of(self, record) -> "DocumentQuerySet":
        """The documents attached to one record, newest first."""
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=record.pk).order_by("-uploaded_at", "-pk")


class Document(models.Model):
    """A file attached to a record: kept under a name of the portal's, its kind judged by its
    content, served only to those who may read the record, as a download."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=stored_name, storage=documents_storage, max_length=200)
    name = LineField(_("name"), max_length=255, help_text=_("The file's name as it was uploaded."))
    media_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="documents_document_record_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="documents_document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        kind = KINDS_BY_MEDIA_TYPE.get(self.media_type)
        return str(kind.label) if kind is not None else self.media_type
