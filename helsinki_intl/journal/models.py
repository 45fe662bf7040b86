"""A journal on every record a unit owns: short dated entries (a call, a meeting, a note)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from helsinki_intl.records.dates import short_date
from helsinki_intl.records.fields import CityDateField, LineField, with_range_checks

EDIT_WINDOW = datetime.timedelta(minutes=15)
"""How long an entry's author may correct or delete it; after that it is part of the record."""
MAX_TEXT = 2000
FUTURE_MESSAGE = _(
    "Only a planned meeting may be dated in the future; note the others once they have happened."
)


class EntryKind(models.TextChoices):
    # In their own context: a "Call" of the EU funding register is a call for proposals.
    NOTE = "note", pgettext_lazy("journal entry", "Note")
    CALL = "call", pgettext_lazy("journal entry", "Call")
    MEETING = "meeting", pgettext_lazy("journal entry", "Meeting")
    VISIT = "visit", pgettext_lazy("journal entry", "Visit")
    CONTACT = "contact", pgettext_lazy("journal entry", "Other contact")


class JournalEntryQuerySet(models.QuerySet):
    def of(self, record) -> "JournalEntryQuerySet":
        """The entries of one record, newest first."""
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=record.pk).order_by(
            "-date", "-written_at", "-pk"
        )

    def planned(self, today: datetime.date | None = None) -> "JournalEntryQuerySet":
        """Meetings still to come."""
        return self.filter(date__gt=today or timezone.localdate())

    def held(self, today: datetime.date | None = None) -> "JournalEntryQuerySet":
        return self.filter(date__lte=today or timezone.localdate())


@with_range_checks
class JournalEntry(models.Model):
    """One short dated entry in a record's journal, written by anyone who may read the record; its
    author may correct or delete it for fifteen minutes (`EDIT_WINDOW`), after that it stands."""

    Kind = EntryKind

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    date = CityDateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    participants = LineField(
        _("participants"), max_length=300, blank=True, help_text=_("Who took part, on both sides.")
    )
    text = models.TextField(_("entry"), max_length=MAX_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = JournalEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-date", "-written_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="journal_entry_record_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="journal_journalentry_has_text"),
        ]

    def __str__(self) -> str:
        return f"{short_date(self.date)} – {self.get_kind_display()}"

    @property
    def is_planned(self) -> bool:
        return self.date > timezone.localdate()

    def clean(self) -> None:
        if self.date and self.is_planned and self.kind != self.Kind.MEETING:
            raise ValidationError({"date": FUTURE_MESSAGE})

    def editable_until(self) -> datetime.datetime:
        return self.written_at + EDIT_WINDOW

    def may_be_edited_by(self, user, now: datetime.datetime | None = None) -> bool:
        """Its author, within fifteen minutes of writing it."""
        return (
            user.is_authenticated
            and self.author_id is not None
            and self.author_id == user.pk
            and (now or timezone.now()) < self.editable_until()
        )
