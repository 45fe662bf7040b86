"""The reminder to report an activity: the schedule's days after it ends, twice more at the same
interval while it is not reported, once each whatever the retries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from activities.models import Activity
from activities.reminders import report_occurrence
from helsinki_intl.coordination.models import Reminder, ReminderKind, ReminderSchedule
from helsinki_intl.coordination.reminders import reminded_types
from helsinki_intl.coordination.tasks import send_reminders
from tests.activities.factories import ActivityFactory
from tests.factories import OrgUnitFactory, UserFactory

ENDED = datetime.date(2026, 6, 15)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def activity(db):
    unit = OrgUnitFactory(
        code="kuva", name_en="Culture and Leisure Division", contact_email="kuva@example.com"
    )
    person = UserFactory(username="laura", email="laura@example.com", language="en")
    return ActivityFactory(
        title="Study visit to Tallinn",
        owner_unit=unit,
        responsible_person=person,
        status=Activity.Status.DONE,
        starts_on=ENDED - days(2),
        ends_on=ENDED,
    )


def sweep(today: datetime.date) -> list:
    before = len(mail.outbox)
    send_reminders(today.isoformat())
    return mail.outbox[before:]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (ENDED + days(6), None),
        (ENDED + days(7), 0),
        (ENDED + days(13), 0),
        (ENDED + days(14), 1),
        (ENDED + days(21), 2),
        (ENDED + days(27), 2),
        (ENDED + days(28), None),
    ],
)
def test_which_report_reminder_a_day_brings(today, expected):
    assert report_occurrence(ENDED, today, 7) == expected


def test_the_owner_is_asked_for_the_report_three_times_a_week_apart(activity):
    sent = {}
    day = ENDED
    while day <= ENDED + days(40):
        if messages := sweep(day):
            sent[day] = sorted(message.to[0] for message in messages)
        day += days(1)

    both = ["kuva@example.com", "laura@example.com"]
    assert sent == {ENDED + days(7): both, ENDED + days(14): both, ENDED + days(21): both}
    message = next(m for m in mail.outbox if m.to == ["laura@example.com"])
    assert message.subject == "Report to write: Study visit to Tallinn"
    assert "its report has not been written yet" in message.body
    assert activity.get_absolute_url() in message.body


def test_a_reported_or_cancelled_activity_is_not_reminded(activity):
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.REPORTED, report_outcomes="Done.")
    ActivityFactory(status=Activity.Status.CANCELLED, starts_on=ENDED, ends_on=ENDED)
    assert sweep(ENDED + days(7)) == []


def test_an_activity_not_yet_recorded_done_is_reminded_too(activity):
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CONFIRMED)
    assert len(sweep(ENDED + days(7))) == 2


def test_a_missed_day_is_caught_up_and_nothing_is_sent_twice(activity):
    assert len(sweep(ENDED + days(9))) == 2
    assert sweep(ENDED + days(10)) == []
    assert Reminder.objects.filter(kind=ReminderKind.ACTIVITY_REPORT).count() == 2


def test_a_reminder_retried_after_the_report_is_written_is_not_sent(activity, settings):
    Reminder.objects.create(
        record_type=ContentType.objects.get_for_model(Activity),
        record_id=activity.pk,
        kind=ReminderKind.ACTIVITY_REPORT,
        due_date=ENDED,
        occurrence=0,
        recipient="laura@example.com",
        language="en",
        next_attempt_at=datetime.datetime(2026, 6, 22, tzinfo=datetime.UTC),
    )
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.REPORTED, report_outcomes="Done.")

    assert sweep(ENDED + days(8)) == []


def test_the_schedule_sets_the_interval(activity):
    ReminderSchedule.objects.update_or_create(
        record_type=ContentType.objects.get_for_model(Activity), defaults={"report_reminder_days": 3}
    )
    assert len(sweep(ENDED + days(3))) == 2


def test_the_activities_are_reminded_of_by_the_kind_their_register_declares():
    types = reminded_types()
    assert types[Activity].kinds == (ReminderKind.ACTIVITY_REPORT,)
    assert types[Activity].schedule_fields == ReminderSchedule.REPORT_FIELDS
