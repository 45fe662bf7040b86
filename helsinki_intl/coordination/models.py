import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.dates import short_date
from helsinki_intl.records.fields import BoundedSmallIntegerField, with_range_checks
from helsinki_intl.records.models import Versioned


class ReminderKind(models.TextChoices):
    REVIEW_UPCOMING = "review-upcoming", _("Review due soon")
    REVIEW_DUE = "review-due", _("Review due today")
    REVIEW_OVERDUE = "review-overdue", _("Review overdue")
    REVIEW_ESCALATED = "review-escalated", _("Review long overdue")
    ROLE_ENDING = "role-ending", _("Role term ending")
    CALL_DEADLINE = "call-deadline", _("Call deadline approaching")
    ACTIVITY_REPORT = "activity-report", _("Activity report to write")


class ReminderQuerySet(models.QuerySet):
    def pending(self) -> "ReminderQuerySet":
        """Neither sent nor cancelled."""
        return self.filter(sent_at__isnull=True, cancelled_at__isnull=True)

    def ready_to_send(self, now: datetime.datetime | None = None) -> "ReminderQuerySet":
        """Pending reminders whose next attempt is due (a failed one waits before it is tried again)."""
        return self.pending().filter(next_attempt_at__lte=now or timezone.now())


class Reminder(models.Model):
    """One e-mail to one recipient about one record's date, recorded before it is sent.

    The unique constraint is what makes a reminder go out once: a sweep that finds the same
    reminder again (a second run, a retry, a redelivered task) cannot record it twice, and one
    already sent is never picked up again. An unsent one stays until a send succeeds.
    """

    Kind = ReminderKind

    record_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    record_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("record_type", "record_id")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("date reminded of"))
    occurrence = models.PositiveSmallIntegerField(
        _("occurrence"),
        default=0,
        help_text=_("Which of a series: the week overdue, or the days before a deadline."),
    )
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        _("cancelled"), null=True, blank=True, help_text=_("Not sent: no longer due when its turn came.")
    )
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "kind", "due_date", "occurrence", "recipient"],
                name="%(app_label)s_%(class)s_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="coordination_reminder_pending",
                condition=models.Q(sent_at=None, cancelled_at=None),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({short_date(self.due_date)})"


def days_from(low: int, high: int) -> list:
    """The validators of a number of days from `low` to `high`, with one message for both ends."""
    message = format_lazy(_("Give a number of days from {low} to {high}."), low=low, high=high)
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


NOTICE_DAYS = days_from(1, 365)
"""A notice ahead of a date, or a wait after one: a day at least, a year at most."""
REPEAT_DAYS = days_from(1, 90)
CALL_NOTICES_IN_ORDER = _("The second notice must come fewer days before the deadline than the first.")


class ReminderScheduleQuerySet(models.QuerySet):
    def by_record_type(self) -> "ReminderSchedules":
        """Every record type's schedule, read in one query."""
        return ReminderSchedules(self)


@with_range_checks
class ReminderSchedule(Versioned):
    """When the reminders of one record type go out: international affairs set it in the admin.

    A row per record type reminded of (each made when the database is migrated); of its fields,
    those of the type's reminder kinds apply. A type without a row is reminded on the defaults,
    which are the portal's schedule from before it could be changed.
    """

    REVIEW_FIELDS = ("review_notice_days", "overdue_repeat_days", "escalation_days")
    ROLE_FIELDS = ("role_notice_days",)
    CALL_FIELDS = ("call_first_notice_days", "call_second_notice_days")
    REPORT_FIELDS = ("report_reminder_days",)
    SCHEDULE_FIELDS = (*REVIEW_FIELDS, *ROLE_FIELDS, *CALL_FIELDS, *REPORT_FIELDS)

    record_type = models.OneToOneField(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    review_notice_days = BoundedSmallIntegerField(
        _("days before a review is due"),
        default=30,
        validators=NOTICE_DAYS,
        help_text=_("The responsible person is reminded this many days before the review is due."),
    )
    overdue_repeat_days = BoundedSmallIntegerField(
        _("reminder interval while overdue (days)"),
        default=7,
        validators=REPEAT_DAYS,
        help_text=_(
            "The responsible person is reminded on the due date and, while the review is overdue, "
            "again every this many days."
        ),
    )
    escalation_days = BoundedSmallIntegerField(
        _("days overdue before escalation"),
        default=30,
        validators=NOTICE_DAYS,
        help_text=_(
            "When the review has been overdue this many days, the owner unit's contact and the "
            "coordination group are told, once."
        ),
    )
    role_notice_days = BoundedSmallIntegerField(
        _("days before a role's term ends"),
        default=60,
        validators=NOTICE_DAYS,
        help_text=_("The holder and the owner unit's contact are told this many days before the term ends."),
    )
    call_first_notice_days = BoundedSmallIntegerField(
        _("first notice before a call deadline (days)"),
        default=30,
        validators=NOTICE_DAYS,
        help_text=_(
            "The lead unit of an application not yet submitted is told this many days before the "
            "call's deadline."
        ),
    )
    call_second_notice_days = BoundedSmallIntegerField(
        _("second notice before a call deadline (days)"),
        default=7,
        null=True,
        blank=True,
        validators=NOTICE_DAYS,
        help_text=_("Fewer days than the first notice; left empty, the first notice is the only one."),
    )
    report_reminder_days = BoundedSmallIntegerField(
        _("days after an activity before its report is asked"),
        default=7,
        # The release before this field's still writes rows without it while it is migrated.
        db_default=7,
        validators=REPEAT_DAYS,
        help_text=_(
            "The responsible person and the owner unit's contact are asked for the report of an activity "
            "this many days after it ends, and twice more at the same interval while it is not written."
        ),
    )

    objects = ReminderScheduleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")
        ordering = ["record_type__app_label", "record_type__model"]
        constraints = [
            models.CheckConstraint(
                condition=Q(call_second_notice_days__isnull=True)
                | Q(call_second_notice_days__lt=F("call_first_notice_days")),
                name="%(app_label)s_%(class)s_call_notices_in_order",
                violation_error_message=CALL_NOTICES_IN_ORDER,
            )
        ]

    def __str__(self) -> str:
        model = self.record_type.model_class()
        return str(capfirst(model._meta.verbose_name_plural if model else self.record_type.model))

    def clean(self) -> None:
        first, second = self.call_first_notice_days, self.call_second_notice_days
        if first is not None and second is not None and second >= first:
            raise ValidationError({"call_second_notice_days": CALL_NOTICES_IN_ORDER})

    @property
    def call_notice_days(self) -> tuple[int, ...]:
        """The days before a call deadline on which the lead unit is told, the earliest first."""
        return tuple(days for days in (self.call_first_notice_days, self.call_second_notice_days) if days)


class ReminderSchedules:
    """The schedules of every record type, as one sweep reads them: a type without a row has the
    defaults."""

    def __init__(self, rows: Iterable[ReminderSchedule]) -> None:
        self._rows = {row.record_type_id: row for row in rows}

    def of(self, model: type[models.Model]) -> ReminderSchedule:
        record_type = ContentType.objects.get_for_model(model)
        return self._rows.get(record_type.pk) or ReminderSchedule(record_type=record_type)


LAST_USED_RESOLUTION = datetime.timedelta(hours=1)
"""How stale a feed's "last used" may be: a calendar client polls often, and a write per fetch
would buy no useful precision."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str) -> "CalendarFeedQuerySet":
        """The feed a URL's token opens, if its owner may still sign in."""
        return self.filter(token_hash=hash_token(token), user__is_active=True)


class CalendarFeed(models.Model):
    """A person's calendar subscription: a secret token in a URL, since calendar clients cannot sign in.

    Only a hash of the token is kept, so the database does not hold working URLs; the person
    sees the URL once when it is made, and a new one revokes the old.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def issue(cls, user) -> tuple["CalendarFeed", str]:
        """A new token for the user, replacing any earlier one; the token is returned only here."""
        token = secrets.token_urlsafe(32)
        feed, _created = cls.objects.update_or_create(
            user=user,
            defaults={"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None},
        )
        return feed, token

    @classmethod
    def revoke(cls, user) -> bool:
        """Turns the user's feed off: its URLs stop working at once. False if there was none."""
        deleted, _by_model = cls.objects.filter(user=user).delete()
        return bool(deleted)

    def touch(self, now: datetime.datetime | None = None) -> None:
        """Records a fetch, writing only when the last recorded one is `LAST_USED_RESOLUTION` old."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class ScheduledRunQuerySet(models.QuerySet):
    def record(self, name: str, at: datetime.datetime | None = None) -> None:
        self.update_or_create(name=name, defaults={"ran_at": at or timezone.now()})

    def last_runs(self, *names: str) -> dict[str, datetime.datetime]:
        return dict(self.filter(name__in=names).values_list("name", "ran_at"))


class ScheduledRun(models.Model):
    """When a scheduled job last ran (or beat last started): the readiness check (`/readyz`)
    reports a daily sweep that has not run for a day as down."""

    REMINDER_SWEEP = "reminder-sweep"
    BEAT_STARTED = "beat-started"

    name = models.CharField(_("name"), max_length=50, unique=True)
    ran_at = models.DateTimeField(_("last run"))

    objects = ScheduledRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
