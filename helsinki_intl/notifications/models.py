"""Who follows what, what each person has been told, and the e-mails that tell it."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.outbox.models import DomainEvent


class FollowQuerySet(models.QuerySet):
    def of(self, user, target) -> "FollowQuerySet":
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        return self.filter(user=user, content_type=content_type, object_id=target.pk)


class Follow(models.Model):
    """A person following a record, a programme (its calls), a unit (its records) or a saved view.

    The record's own people (its responsible person, the person who added it, the holders of its
    roles) follow it without a row; a row with `following` off is one of them having stopped.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("followed type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("followed"))
    target = GenericForeignKey("content_type", "object_id")
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="notifications_follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="notifications_follow_target")]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} #{self.object_id}"


class ViewSnapshot(models.Model):
    """The records a followed saved view showed at the person's last digest: what entered or left
    it since is told in the next."""

    follow = models.OneToOneField(
        Follow, verbose_name=_("follow"), on_delete=models.CASCADE, primary_key=True, related_name="snapshot"
    )
    keys = models.JSONField(_("records shown"), default=list)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("saved view's snapshot")
        verbose_name_plural = _("saved views' snapshots")

    def __str__(self) -> str:
        return str(self.follow)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


class NotificationSettings(models.Model):
    """How a person wants to be told by e-mail; without a row, the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    digest = models.CharField(
        _("digest by e-mail"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
        help_text=_("A summary of what happened to what you follow."),
    )
    decisions_at_once = models.BooleanField(
        _("decisions at once"),
        default=True,
        help_text=_("An e-mail as soon as a decision is recorded on a record of your own."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class EmailKind(models.TextChoices):
    AT_ONCE = "at-once", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class NotificationEmailQuerySet(models.QuerySet):
    def ready_to_send(self, now: datetime.datetime | None = None) -> "NotificationEmailQuerySet":
        """Not sent yet, and due to be tried (a failed one waits before it is tried again)."""
        return self.filter(sent_at=None, cancelled_at=None, next_attempt_at__lte=now or timezone.now())


class NotificationEmail(models.Model):
    """One e-mail to one person telling some of their notifications, recorded before it is sent.

    Its unique key (person, kind, period) is what sends it once: a second sweep cannot record it
    again, and a notification is told in one e-mail at most (`Notification.email`).
    """

    Kind = EmailKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.CharField(
        _("period"), max_length=30, help_text=_("The day or week a digest covers; the event told at once.")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        _("cancelled"),
        null=True,
        blank=True,
        help_text=_("Not sent: the person no longer wanted it, or left."),
    )
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    view_changes = models.JSONField(
        _("saved views' changes"),
        default=list,
        blank=True,
        help_text=_("What entered or left each saved view the person follows, told in the digest."),
    )

    objects = NotificationEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "period"], name="notifications_email_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notifications_email_pending",
                condition=models.Q(sent_at=None, cancelled_at=None),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} → {self.user}"

    def is_wanted(self, wishes: "NotificationSettings | None") -> bool:
        """Whether the person still wants this e-mail, by their settings now."""
        if not self.user.is_active or not self.user.email:
            return False
        if self.kind == EmailKind.AT_ONCE:
            return wishes is None or wishes.decisions_at_once
        return (wishes.digest if wishes is not None else Frequency.DAILY) == self.kind


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at=None)

    def shown(self) -> "NotificationQuerySet":
        """With what a notification's line names: the event, its record's type and who made it."""
        return self.select_related("event__content_type", "event__actor")


class Notification(models.Model):
    """One event told to one person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.ForeignKey(
        DomainEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    record_name = models.CharField(
        _("record"), max_length=300, blank=True, help_text=_("The record's name when the person was told.")
    )
    created_at = models.DateTimeField(_("told"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    at_once = models.BooleanField(
        _("e-mailed at once"), default=False, help_text=_("A decision on one of the person's own records.")
    )
    email = models.ForeignKey(
        NotificationEmail,
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-event_id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notifications_told_once")]
        indexes = [
            models.Index(fields=["user", "-event"], name="notifications_of_person"),
            models.Index(fields=["user"], name="notifications_unread", condition=models.Q(read_at=None)),
            models.Index(
                fields=["user", "created_at"], name="notifications_unemailed", condition=models.Q(email=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user}"

    @property
    def record_url(self) -> str | None:
        """The record's page; None for a record deleted by the event."""
        if self.event.kind.endswith(".deleted"):
            return None
        model = self.event.content_type.model_class()
        get_url = getattr(model, "get_absolute_url", None) if model is not None else None
        return get_url(model(pk=self.event.object_id)) if get_url is not None else None
