"""Which reminders fall due on a day, and who receives them.

The daily sweep asks `due_reminders(today)` and records each answer as a `Reminder` row; the
row's unique key (record, kind, date, occurrence, recipient) is what keeps a reminder from
going out twice. Every rule works on a window rather than a single day, so that a sweep that
did not run on a day (a stopped worker, a lost broker message) still sends on the next run.

When they go out is each record type's `ReminderSchedule`, which international affairs set in
the admin; the sweep reads every type's schedule in one query. On the defaults:

- Reviews (every reviewable type in the registry), to the responsible person: 30 days before
  the due date, on the due date (until a week has passed), then weekly while overdue. After
  30 days overdue, the owner unit's contact and the coordination group are told once.
- The registers' own reminders, as each declares its rules (`reminders`) in its
  `register.py`: e.g. roles held in networks ending (60 days before), and EU call deadlines
  (30 and 7 days before).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, models

from helsinki_intl.organisation import roles as portal_roles
from helsinki_intl.organisation.models import User
from helsinki_intl.records.registers import registers

from .models import Reminder, ReminderKind, ReminderSchedule, ReminderSchedules
from .registry import reviewables


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


@dataclass(frozen=True)
class DueReminder:
    record: models.Model
    kind: str
    due_date: datetime.date
    occurrence: int
    recipient: Recipient

    @property
    def key(self) -> tuple:
        """The values of `Reminder`'s unique constraint."""
        record_type = ContentType.objects.get_for_model(self.record)
        return (
            record_type.pk,
            self.record.pk,
            self.kind,
            self.due_date,
            self.occurrence,
            self.recipient.email,
        )


@dataclass(frozen=True)
class ReminderRule:
    """A register's own reminders, declared in its `register.py`."""

    model: type[models.Model]
    """The record type reminded of: its `ReminderSchedule` says when."""
    kinds: tuple[str, ...]
    """The `ReminderKind`s the rule sends."""
    schedule_fields: tuple[str, ...]
    """The fields of the `ReminderSchedule` the rule reads, which international affairs set for
    the type in the admin."""
    due: Callable[[datetime.date, ReminderSchedule], Iterator[DueReminder]]
    """Every reminder of the rule that falls due on a day, on the type's schedule."""
    still_due: Callable[[Reminder, datetime.date, ReminderSchedule], bool]
    """Whether a recorded reminder of the rule's kinds, whose record still exists, should still
    go out on a day, on the type's schedule."""


def person(user) -> list[Recipient]:
    if user is None or not user.is_active or not user.email:
        return []
    return [Recipient(user.email, user.language or settings.LANGUAGE_CODE)]


def unit_contact(unit) -> list[Recipient]:
    if not unit.contact_email:
        return []
    return [Recipient(unit.contact_email, settings.LANGUAGE_CODE)]


def coordination_group() -> list[Recipient]:
    members = User.objects.filter(groups__name=portal_roles.COORDINATION_GROUP, is_active=True)
    return [recipient for member in members.exclude(email="") for recipient in person(member)]


def review_kind(
    due: datetime.date, today: datetime.date, schedule: ReminderSchedule | None = None
) -> tuple[str, int] | None:
    """The responsible person's reminder for a review due on `due`, as (kind, occurrence), on
    the record type's schedule (the defaults if none is given)."""
    schedule = schedule or ReminderSchedule()
    notice, repeat = schedule.review_notice_days, schedule.overdue_repeat_days
    days_left = (due - today).days
    if 0 < days_left <= notice:
        return ReminderKind.REVIEW_UPCOMING, 0
    if -repeat < days_left <= 0:
        return ReminderKind.REVIEW_DUE, 0
    if days_left <= -repeat:
        return ReminderKind.REVIEW_OVERDUE, -days_left // repeat
    return None


def is_escalated(due: datetime.date, today: datetime.date, schedule: ReminderSchedule) -> bool:
    return (today - due).days >= schedule.escalation_days


def review_reminders(today: datetime.date, schedules: ReminderSchedules) -> Iterator[DueReminder]:
    coordinators = None
    for reviewable in reviewables:
        schedule = schedules.of(reviewable.model)
        records = (
            reviewable.model.objects.under_review()
            .filter(next_review_due__lte=today + datetime.timedelta(days=schedule.review_notice_days))
            .select_related("responsible_person", "owner_unit")
        )
        for record in records:
            due = record.next_review_due
            if found := review_kind(due, today, schedule):
                kind, occurrence = found
                for recipient in person(record.responsible_person):
                    yield DueReminder(record, kind, due, occurrence, recipient)
            if is_escalated(due, today, schedule):
                if coordinators is None:
                    coordinators = coordination_group()
                for recipient in unique(unit_contact(record.owner_unit) + coordinators):
                    yield DueReminder(record, ReminderKind.REVIEW_ESCALATED, due, 0, recipient)


def unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Each address once, in the language of its first mention."""
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.email.lower(), recipient)
    return list(seen.values())


def read_schedules() -> ReminderSchedules:
    """Every record type's reminder schedule, in one query: a sweep reads them once."""
    return ReminderSchedule.objects.by_record_type()


def due_reminders(today: datetime.date, schedules: ReminderSchedules | None = None) -> list[DueReminder]:
    """Every reminder that falls due on `today`, whether or not it has been recorded before."""
    schedules = schedules or read_schedules()
    return [
        *review_reminders(today, schedules),
        *(due for rule in _rules() for due in rule.due(today, schedules.of(rule.model))),
    ]


def _rules() -> Iterator[ReminderRule]:
    for register in registers:
        yield from register.reminders


REVIEW_KINDS = (ReminderKind.REVIEW_UPCOMING, ReminderKind.REVIEW_DUE, ReminderKind.REVIEW_OVERDUE)


@dataclass(frozen=True)
class RemindedType:
    model: type[models.Model]
    kinds: tuple[str, ...]
    schedule_fields: tuple[str, ...]


def reminded_types() -> dict[type[models.Model], RemindedType]:
    """Every record type reminded of, with its reminder kinds and the schedule fields they read:
    the reviewable types and those the registers' rules concern."""
    types: dict[type[models.Model], RemindedType] = {}

    def add(model, kinds, fields) -> None:
        known = types.get(model, RemindedType(model, (), ()))
        types[model] = RemindedType(model, (*known.kinds, *kinds), (*known.schedule_fields, *fields))

    for reviewable in reviewables:
        add(reviewable.model, (*REVIEW_KINDS, ReminderKind.REVIEW_ESCALATED), ReminderSchedule.REVIEW_FIELDS)
    for rule in _rules():
        add(rule.model, rule.kinds, rule.schedule_fields)
    return types


def is_still_due(reminder, today: datetime.date, schedules: ReminderSchedules | None = None) -> bool:
    """Whether a recorded reminder should still go out: its record may have moved on since.

    A reminder whose send failed is tried again later; by then the review may be recorded,
    the term moved, the application submitted, or a later reminder of the series due instead.
    It is judged on the schedule the sweeps keep (`schedules`, read afresh if not given).
    """
    record, kind, due_date = reminder.record, reminder.kind, reminder.due_date
    if record is None:
        return False
    schedule = (schedules or read_schedules()).of(type(record))
    if kind in REVIEW_KINDS:
        return (
            record.is_reviewed
            and record.next_review_due == due_date
            and review_kind(due_date, today, schedule) == (kind, reminder.occurrence)
        )
    if kind == ReminderKind.REVIEW_ESCALATED:
        return record.is_reviewed and record.next_review_due == due_date
    for rule in _rules():
        if kind in rule.kinds:
            return rule.still_due(reminder, today, schedule)
    return False


def create_reminder_schedules(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate`: a schedule with the defaults for each record type reminded of that has
    none, so that the admin lists every type with its current values. A `post_migrate` receiver
    (`flush` sends the signal without `apps`: the models as they are)."""
    try:
        schedule_model = apps.get_model("coordination", "ReminderSchedule")
    except LookupError:  # migrated back to before the schedules
        return
    record_types = ContentType.objects.db_manager(using).get_for_models(*reminded_types())
    existing = set(schedule_model.objects.using(using).values_list("record_type_id", flat=True))
    schedule_model.objects.using(using).bulk_create(
        schedule_model(record_type_id=record_type.pk)
        for record_type in record_types.values()
        if record_type.pk not in existing
    )
