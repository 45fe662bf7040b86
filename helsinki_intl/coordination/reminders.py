"""Which reminders fall due on a day, and who receives them.

The daily sweep asks `due_reminders(today)` and records each answer as a `Reminder` row; the
row's unique key (record, kind, date, occurrence, recipient) is what keeps a reminder from
going out twice. Every rule works on a window rather than a single day, so that a sweep that
did not run on a day (a stopped worker, a lost broker message) still sends on the next run.

- Reviews (every reviewable type in the registry), to the responsible person: 30 days before
  the due date, on the due date (until a week has passed), then weekly while overdue. After
  30 days overdue, the owner unit's contact and the coordination group are told once.
- Roles held in networks, to the holder and the owner unit's contact: 60 days before the
  term ends.
- EU calls, to the lead unit (the application's owner unit contact and responsible person)
  of an application not yet submitted: 30 and 7 days before the deadline.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from eu_projects.models import Application
from helsinki_intl.organisation import roles as portal_roles
from helsinki_intl.organisation.models import User
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS
from networks.models import Role

from .models import ReminderKind
from .registry import reviewables

OVERDUE_REPEAT_DAYS = 7
ESCALATION_DAYS = 30
ROLE_NOTICE_DAYS = 60
CALL_NOTICE_DAYS = (30, 7)


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


def role_reminders(today: datetime.date) -> Iterator[DueReminder]:
    ending = Role.objects.ending_between(today, today + datetime.timedelta(days=ROLE_NOTICE_DAYS))
    for role in ending.select_related("holder_user", "membership__owner_unit"):
        for recipient in unique(person(role.holder_user) + unit_contact(role.membership.owner_unit)):
            yield DueReminder(role, ReminderKind.ROLE_ENDING, role.end_date, 0, recipient)


def call_deadline_notice(deadline: datetime.date, today: datetime.date) -> int | None:
    """Which notice (days before) an application gets on `today`: the nearest one passed."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    passed = [days for days in CALL_NOTICE_DAYS if days_left <= days]
    return min(passed) if passed else None


def call_deadline_reminders(today: datetime.date) -> Iterator[DueReminder]:
    # Deadlines are instants in the call's time zone; a day's margin either way covers them all.
    first = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(), datetime.UTC)
    last = first + datetime.timedelta(days=max(CALL_NOTICE_DAYS) + 2)
    applications = (
        Application.objects.not_submitted()
        .filter(call__deadline__range=(first, last))
        .select_related("call", "owner_unit", "responsible_person")
    )
    for application in applications:
        deadline = application.call.deadline_in_zone.date()
        if (notice := call_deadline_notice(deadline, today)) is not None:
            recipients = unit_contact(application.owner_unit) + person(application.responsible_person)
            for recipient in unique(recipients):
                yield DueReminder(application, ReminderKind.CALL_DEADLINE, deadline, notice, recipient)


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
        *role_reminders(today),
        *call_deadline_reminders(today),
    ]


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
    if kind == ReminderKind.ROLE_ENDING:
        return record.end_date == due_date and due_date >= today
    if kind == ReminderKind.CALL_DEADLINE:
        return (
            record.status in Application.NOT_SUBMITTED_STATUSES
            and record.call is not None
            and record.call.deadline_in_zone.date() == due_date
            and call_deadline_notice(due_date, today) == reminder.occurrence
        )
    return False
