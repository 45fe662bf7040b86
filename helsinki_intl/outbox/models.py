"""What happened to the registers' records, written in the same transaction as the change.

A register's service records an event for each change worth following (a record created, a
proposal submitted, a decision recorded...). Whatever follows on a change (notifications, a
feed to other systems) reads the events afterwards, so that it sees exactly the changes that
were committed and none that were rolled back.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DomainEventQuerySet(models.QuerySet):
    def undispatched(self) -> "DomainEventQuerySet":
        """The events not yet handed to those who follow their records, oldest first."""
        return self.filter(dispatched_at=None).order_by("pk")

    def about(self, record) -> "DomainEventQuerySet":
        """The events of one record, oldest first."""
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=record.pk).order_by("pk")


class DomainEvent(models.Model):
    """One change to a record: its kind (`membership.submitted`), who made it, when, and its facts."""

    kind = models.CharField(_("kind"), max_length=80)
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    payload = models.JSONField(_("facts"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    dispatched_at = models.DateTimeField(
        _("handed to followers"),
        null=True,
        blank=True,
        help_text=_("When the people following the record were told; empty until then."),
    )

    objects = DomainEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="outbox_event_record_idx"),
            # The sweep reads the few events not yet dispatched among the many that were.
            models.Index(
                fields=["id"], name="outbox_event_undispatched_idx", condition=models.Q(dispatched_at=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
