"""Which reminders fall due on a day, and who receives them.

The daily sweep asks `due_reminders(today)` and records each answer as a `Reminder` row; the
row's unique key (record, kind, date, occurrence, recipient) is what keeps a reminder from
going out twice. Every rule works on a window rather than a single day, so that a sweep that
did not run on a day (a stopped worker, a lost broker message) still sends on the next run.

- Reviews (every reviewable type in the registry), to the responsible person: 30 days before
  the due date, on the due date (until a week has passed), then weekly while overdue. After
  30 days overdue, the owner unit's contact and the coordination group are told once.
- The registers' own reminders, as each declares its rules (`reminders`) in its
  `register.py`: e.g. roles held in networks ending, and EU call deadlines.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from helsinki_intl.organisation import roles as portal_roles
from helsinki_intl.organisation.models import User
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS
from helsinki_intl.records.registers import registers

from .models import Reminder, ReminderKind
from .registry import reviewables

OVERDUE_REPEAT_DAYS = 7
ESCALATION_DAYS = 30


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

    kinds: tuple[str, ...]
    """The `ReminderKind`s the rule sends."""
    due: Callable[[datetime.date], Iterator[DueReminder]]
    """Every reminder of the rule that falls due on a day."""
    still_due: Callable[[Reminder, datetime.date], bool]
    """Whether a recorded reminder of the rule's kinds, whose record still exists, should still
    go out on a day."""


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


def review_kind(due: datetime.date, today: datetime.date) -> tuple[str, int] | None:
    """The responsible person's reminder for a review due on `due`, as (kind, occurrence)."""
    days_left = (due - today).days
    if 0 < days_left <= REVIEW_DUE_SOON_DAYS:
        return ReminderKind.REVIEW_UPCOMING, 0
    if -OVERDUE_REPEAT_DAYS < days_left <= 0:
        return ReminderKind.REVIEW_DUE, 0
    if days_left <= -OVERDUE_REPEAT_DAYS:
        return ReminderKind.REVIEW_OVERDUE, -days_left // OVERDUE_REPEAT_DAYS
    return None


def review_reminders(today: datetime.date) -> Iterator[DueReminder]:
    coordinators = None
    for reviewable in reviewables:
        records = (
            reviewable.model.objects.under_review()
            .filter(next_review_due__lte=today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS))
            .select_related("responsible_person", "owner_unit")
        )
        for record in records:
            due = record.next_review_due
            if found := review_kind(due, today):
                kind, occurrence = found
                for recipient in person(record.responsible_person):
                    yield DueReminder(record, kind, due, occurrence, recipient)
            if (today - due).days >= ESCALATION_DAYS:
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


def due_reminders(today: datetime.date) -> list[DueReminder]:
    """Every reminder that falls due on `today`, whether or not it has been recorded before."""
    return [
        *review_reminders(today),
        *(due for rule in _rules() for due in rule.due(today)),
    ]


def _rules() -> Iterator[ReminderRule]:
    for register in registers:
        yield from register.reminders


REVIEW_KINDS = (ReminderKind.REVIEW_UPCOMING, ReminderKind.REVIEW_DUE, ReminderKind.REVIEW_OVERDUE)


def is_still_due(reminder, today: datetime.date) -> bool:
    """Whether a recorded reminder should still go out: its record may have moved on since.

    A reminder whose send failed is tried again later; by then the review may be recorded,
    the term moved, the application submitted, or a later reminder of the series due instead.
    """
    record, kind, due_date = reminder.record, reminder.kind, reminder.due_date
    if record is None:
        return False
    if kind in REVIEW_KINDS:
        return (
            record.is_reviewed
            and record.next_review_due == due_date
            and review_kind(due_date, today) == (kind, reminder.occurrence)
        )
    if kind == ReminderKind.REVIEW_ESCALATED:
        return record.is_reviewed and record.next_review_due == due_date
    for rule in _rules():
        if kind in rule.kinds:
            return rule.still_due(reminder, today)
    return False
