"""A link between two records of different registers: an application that came through a
membership, an activity that serves a partnership.

A link names its source and its target by record type and key, as the domain events name their
records, so that no register's tables refer to another's and no register's migrations depend on
another's. The kinds of links a register's records may make are declared in its `register.py`
(`links.relations.LinkKind`); a link is written only through `links.services`, with its record.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import LineField


def type_of(model_or_record) -> ContentType:
    return ContentType.objects.get_for_model(model_or_record, for_concrete_model=False)


class RecordLinkQuerySet(models.QuerySet):
    def from_record(self, record) -> "RecordLinkQuerySet":
        """The links the record makes."""
        return self.filter(source_type=type_of(record), source_id=record.pk)

    def to_record(self, record) -> "RecordLinkQuerySet":
        """The links that name the record."""
        return self.filter(target_type=type_of(record), target_id=record.pk)

    def to_records(self, records) -> "RecordLinkQuerySet":
        """The links that name any of the records (of one or more types)."""
        keys = defaultdict(set)
        for record in records:
            keys[type_of(record).pk].add(record.pk)
        condition = Q(pk__in=[])
        for type_id, ids in keys.items():
            condition |= Q(target_type_id=type_id, target_id__in=ids)
        return self.filter(condition)

    def touching(self, record) -> "RecordLinkQuerySet":
        """The links the record makes or is named by."""
        content_type = type_of(record)
        return self.filter(
            Q(source_type=content_type, source_id=record.pk)
            | Q(target_type=content_type, target_id=record.pk)
        )

    def from_model(self, model) -> "RecordLinkQuerySet":
        return self.filter(source_type=type_of(model))

    def to_model(self, label: str) -> "RecordLinkQuerySet":
        """The links to records of the model named "app_label.model_name" (a register's
        declaration names its targets so): none when no such model is installed."""
        app_label, model_name = label.split(".")
        return self.filter(target_type__app_label=app_label, target_type__model=model_name)

    def as_relation(self, relation) -> "RecordLinkQuerySet":
        return self.filter(relation=relation.name)


class RecordLink(models.Model):
    """One record (the source) naming a record of another register (the target) as `relation`."""

    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source record type"), on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("source record"))
    relation = models.CharField(_("relation"), max_length=40)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("target record type"), on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("target record"))
    target_label = LineField(
        _("target's name"),
        max_length=300,
        blank=True,
        help_text=_("The target as it was named when linked: the history names it after it is gone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RecordLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link between records")
        verbose_name_plural = _("links between records")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="links_source_idx"),
            models.Index(fields=["target_type", "target_id"], name="links_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "relation", "target_type", "target_id"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("The record already names this record so."),
            ),
            models.CheckConstraint(
                condition=~Q(relation=""),
                name="%(app_label)s_%(class)s_relation_named",
                violation_error_message=_("A link names its relation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relation}: {self.target_label or self.target_id}"
