"""Reminders: what falls due when, to whom, in which language, and that each goes out once."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from eu_projects.reminders import call_deadline_notice
from helsinki_intl.coordination import delivery
from helsinki_intl.coordination.models import Reminder, ReminderKind
from helsinki_intl.coordination.reminders import review_kind
from helsinki_intl.coordination.tasks import send_reminders
from helsinki_intl.organisation import roles
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.factories import MembershipFactory, OrgUnitFactory, RoleFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

from .smtp import smtp_server

DUE = datetime.date(2026, 6, 15)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def unit(db):
    return OrgUnitFactory(
        code="kuva", name_en="Culture and Leisure Division", contact_email="kuva@example.com"
    )


@pytest.fixture
def person(db):
    return UserFactory(username="laura", email="laura@example.com", language="en")


@pytest.fixture
def membership(unit, person):
    return MembershipFactory(
        active=True,
        owner_unit=unit,
        responsible_person=person,
        next_review_due=DUE,
        network__name="Eurocities",
    )


def sweep(today: datetime.date) -> list:
    """Run the daily task for `today`; the messages it sent."""
    before = len(mail.outbox)
    send_reminders(today.isoformat())
    return mail.outbox[before:]


def addressed(messages) -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in messages)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - days(31), None),
        (DUE - days(30), (ReminderKind.REVIEW_UPCOMING, 0)),
        (DUE - days(1), (ReminderKind.REVIEW_UPCOMING, 0)),
        (DUE, (ReminderKind.REVIEW_DUE, 0)),
        (DUE + days(6), (ReminderKind.REVIEW_DUE, 0)),
        (DUE + days(7), (ReminderKind.REVIEW_OVERDUE, 1)),
        (DUE + days(13), (ReminderKind.REVIEW_OVERDUE, 1)),
        (DUE + days(14), (ReminderKind.REVIEW_OVERDUE, 2)),
        (DUE + days(70), (ReminderKind.REVIEW_OVERDUE, 10)),
    ],
)
def test_which_review_reminder_a_day_brings(today, expected):
    assert review_kind(DUE, today) == expected


@pytest.mark.parametrize(
    ("days_left", "expected"), [(31, None), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)]
)
def test_which_call_deadline_notice_a_day_brings(days_left, expected):
    assert call_deadline_notice(DUE, DUE - days(days_left)) == expected


def test_the_responsible_person_is_reminded_30_days_ahead_on_the_day_and_weekly_after(membership):
    expected_subjects = {
        DUE - days(30): "Review due on 15/06/2026: Eurocities – Culture and Leisure Division",
        DUE: "Review due: Eurocities – Culture and Leisure Division",
        DUE + days(7): "Review overdue by 7 days: Eurocities – Culture and Leisure Division",
        DUE + days(14): "Review overdue by 14 days: Eurocities – Culture and Leisure Division",
    }
    sent = {}
    day = DUE - days(40)
    while day <= DUE + days(20):
        for message in sweep(day):
            sent.setdefault(day, []).append((message.to[0], message.subject))
        day += days(1)

    assert sent == {day: [("laura@example.com", subject)] for day, subject in expected_subjects.items()}


def test_a_missed_day_is_caught_up_on_the_next_run(membership):
    assert addressed(sweep(DUE + days(2))) == [
        ("laura@example.com", "Review due: Eurocities – Culture and Leisure Division")
    ]


def test_after_30_days_overdue_the_unit_contact_and_the_coordination_group_are_told_once(membership):
    UserFactory(username="coord", email="coord@example.com", language="en", groups=[roles.COORDINATION_GROUP])
    UserFactory(username="gone", email="gone@example.com", groups=[roles.COORDINATION_GROUP], is_active=False)

    first = sweep(DUE + days(30))
    later = sweep(DUE + days(31)) + sweep(DUE + days(37))

    escalation = "Review overdue for more than 30 days: Eurocities – Culture and Leisure Division"
    assert addressed(first) == [
        ("coord@example.com", escalation),
        ("kuva@example.com", escalation),
        ("laura@example.com", "Review overdue by 30 days: Eurocities – Culture and Leisure Division"),
    ]
    assert addressed(later) == [
        ("laura@example.com", "Review overdue by 37 days: Eurocities – Culture and Leisure Division")
    ]


def test_partnerships_are_reminded_like_memberships(unit, person):
    PartnershipFactory(
        active=True, owner_unit=unit, responsible_person=person, next_review_due=DUE, partner__name="Tallinn"
    )
    [message] = sweep(DUE)
    assert message.to == ["laura@example.com"]
    assert "Tallinn" in message.subject


def test_a_record_not_under_review_is_not_reminded(unit, person):
    MembershipFactory(owner_unit=unit, responsible_person=person, next_review_due=DUE)  # proposed
    assert sweep(DUE) == []


def test_the_text_is_in_the_recipients_language_with_links_to_the_record_and_the_review_form(
    membership, settings
):
    settings.PORTAL_BASE_URL = "https://intl.example.fi"
    membership.responsible_person.language = "sv"
    membership.responsible_person.save()

    [message] = sweep(DUE)

    assert message.subject.startswith("Utvärdering")
    assert f"https://intl.example.fi/networks/memberships/{membership.pk}/" in message.body
    assert f"https://intl.example.fi/coordination/reviews/membership/{membership.pk}/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    reminder = Reminder.objects.get()
    assert message.extra_headers["Message-ID"] == f"<reminder-{reminder.pk}@intl.example.fi>"


@pytest.mark.parametrize(("language", "word"), [("fi", "Arviointi"), ("sv", "Utvärdering"), ("en", "Review")])
def test_each_language_has_its_own_text(membership, language, word):
    membership.responsible_person.language = language
    membership.responsible_person.save()
    [message] = sweep(DUE)
    assert message.subject.startswith(word)


def test_the_holder_and_the_owner_unit_are_told_60_days_before_a_role_ends(membership):
    holder = UserFactory(username="jukka", email="jukka@example.com", language="en")
    role = RoleFactory(membership=membership, title="Culture forum chair", holder_user=holder, end_date=DUE)
    RoleFactory(membership=membership, title="Other role", end_date=DUE + days(61))

    assert sweep(DUE - days(61)) == []
    messages = sweep(DUE - days(60))
    assert sweep(DUE - days(59)) == []

    assert sorted(message.to[0] for message in messages) == ["jukka@example.com", "kuva@example.com"]
    assert all(str(role) in message.subject for message in messages)
    assert f"/networks/memberships/{membership.pk}/" in messages[0].body


def test_roles_of_ended_memberships_are_not_reminded(membership):
    membership.status = membership.Status.ENDED
    membership.end_date = DUE
    membership.save()
    RoleFactory(membership=membership, end_date=DUE)
    assert sweep(DUE - days(60)) == []


def test_the_lead_unit_is_told_30_and_7_days_before_a_call_deadline(unit, person):
    call = CallFactory(
        deadline=datetime.datetime(2026, 6, 15, 17, 0, tzinfo=datetime.UTC),
        deadline_timezone="Europe/Brussels",
    )
    ApplicationFactory(call=call, owner_unit=unit, responsible_person=person, status="preparing")
    ApplicationFactory(call=call, owner_unit=unit, responsible_person=person, status="submitted")

    sent = {}
    day = DUE - days(40)
    while day <= DUE + days(2):
        if messages := sweep(day):
            sent[day] = sorted(message.to[0] for message in messages)
        day += days(1)

    both = ["kuva@example.com", "laura@example.com"]
    assert sent == {DUE - days(30): both, DUE - days(7): both}


def test_the_same_reminder_is_never_sent_twice(membership):
    assert len(sweep(DUE)) == 1
    assert sweep(DUE) == []
    delivery.record_due_reminders(DUE)
    assert delivery.send_ready_reminders(today=DUE).sent == []
    assert Reminder.objects.count() == 1


def a_reminder(record, **fields) -> Reminder:
    key = {
        "record_type": ContentType.objects.get_for_model(record),
        "record_id": record.pk,
        "kind": ReminderKind.REVIEW_DUE,
        "due_date": DUE,
        "recipient": "laura@example.com",
        "language": "en",
    }
    return Reminder(**{**key, **fields})


def test_the_model_and_the_database_refuse_the_same_reminder_twice(membership):
    """On every database: the sweep also leaves out in Python what it has recorded, so only a
    write that skips that check shows the constraint. Both where it is declared (the model's
    validation) and where it acts (the database's insert)."""
    a_reminder(membership).save()
    twin = a_reminder(membership, language="fi")

    with pytest.raises(ValidationError):
        twin.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    a_reminder(membership, occurrence=1).validate_constraints()
    assert Reminder.objects.count() == 1


def test_a_sweep_that_read_before_another_recorded_records_and_sends_nothing_twice(membership, monkeypatch):
    read_meanwhile = delivery.new_reminders(DUE)
    assert len(sweep(DUE)) == 1

    # The second sweep inserts what it read before the first one's rows were there.
    monkeypatch.setattr(delivery, "new_reminders", lambda today: read_meanwhile)
    assert sweep(DUE) == []
    assert Reminder.objects.count() == 1


def test_a_failed_send_is_retried_later_and_a_failure_for_one_recipient_does_not_stop_the_others(
    membership, settings
):
    other = MembershipFactory(
        active=True,
        responsible_person=UserFactory(username="sofia", email="sofia@example.com"),
        next_review_due=DUE,
    )
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        mailbox.refuse_once.add("laura@example.com")

        send_reminders(DUE.isoformat())
        assert mailbox.recipients() == ["sofia@example.com"]
        failed = Reminder.objects.get(recipient="laura@example.com")
        assert failed.sent_at is None
        assert failed.attempts == 1
        assert "451" in failed.last_error
        assert failed.next_attempt_at > timezone.now()

        # Not tried again before its pause is over ...
        send_reminders(DUE.isoformat())
        assert mailbox.recipients() == ["sofia@example.com"]

        # ... and sent once when it is.
        Reminder.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
        send_reminders(DUE.isoformat())
        send_reminders(DUE.isoformat())
        assert mailbox.recipients() == ["laura@example.com", "sofia@example.com"]
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2
    assert other.pk


def test_each_attempt_is_counted_its_error_named_and_its_outcome_reported(membership, settings):
    settings.EMAIL_BACKEND = "tests.coordination.test_reminders.RefusingBackend"
    delivery.record_due_reminders(DUE)
    reminder = Reminder.objects.get()

    for attempt in (1, 2):
        Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now())
        report = delivery.send_ready_reminders(today=DUE)
        reminder.refresh_from_db()
        assert (report.sent, report.failed, report.cancelled) == ([], [reminder.pk], [])
        assert reminder.attempts == attempt
        assert reminder.last_error == "ConnectionRefusedError: the mail server is down"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now())
    report = delivery.send_ready_reminders(today=DUE)
    assert (report.sent, report.failed) == ([reminder.pk], [])
    assert Reminder.objects.get(pk=reminder.pk).sent_at is not None


def test_the_pause_between_attempts_grows_to_a_day():
    assert delivery.retry_delay(1) == datetime.timedelta(minutes=15)
    assert delivery.retry_delay(2) == datetime.timedelta(minutes=30)
    assert delivery.retry_delay(20) == datetime.timedelta(hours=24)


def test_a_reminder_no_longer_due_when_retried_is_cancelled_not_sent(membership, settings):
    settings.EMAIL_BACKEND = "tests.coordination.test_reminders.RefusingBackend"
    send_reminders(DUE.isoformat())
    reminder = Reminder.objects.get()
    assert reminder.attempts == 1

    membership.next_review_due = DUE + days(365)  # a review was recorded meanwhile
    membership.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.update(next_attempt_at=timezone.now())
    send_reminders(DUE.isoformat())

    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert reminder.cancelled_at is not None
    assert mail.outbox == []


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def open(self):
        return False

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_time_send_each_reminder_once(unit):
    for number in range(20):
        MembershipFactory(
            active=True,
            owner_unit=unit,
            responsible_person=UserFactory(username=f"person{number}"),
            next_review_due=DUE,
        )
    start = threading.Barrier(3)
    errors = []

    def run():
        try:
            start.wait()
            send_reminders(DUE.isoformat())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"person{number}@example.com" for number in range(20)
    )
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 20


def test_the_command_sends_like_the_task(membership, capsys):
    call_command("send_review_reminders", "--date", DUE.isoformat())
    assert [message.to for message in mail.outbox] == [["laura@example.com"]]
    assert "1 new reminders recorded; 1 sent" in capsys.readouterr().out


def test_a_dry_run_lists_what_would_be_sent_and_changes_nothing(membership, capsys):
    call_command("send_review_reminders", "--date", DUE.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "1 new reminders would be recorded and sent" in out
    assert "laura@example.com" in out
    assert "Dry run: nothing recorded or sent." in out
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("send_review_reminders", "--date", "15.6.2026")


def test_the_sweep_takes_the_same_number_of_queries_for_many_records(unit, django_assert_max_num_queries):
    def make(count):
        for _ in range(count):
            MembershipFactory(active=True, owner_unit=unit, next_review_due=DUE)

    make(3)
    with django_assert_max_num_queries(100) as few:
        delivery.record_due_reminders(DUE)
    Reminder.objects.all().delete()
    make(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        delivery.record_due_reminders(DUE)
    assert Reminder.objects.count() == 30


def test_the_daily_sweep_runs_at_seven_in_helsinki(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert schedule["task"] == "coordination.send_reminders"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({7}, {0})
    assert settings.CELERY_TIMEZONE == "Europe/Helsinki"


def test_a_reminder_names_its_record(membership):
    sweep(DUE)
    reminder = Reminder.objects.get()
    assert reminder.record == membership
    assert reminder.record_type == ContentType.objects.get_for_model(membership)
    assert str(reminder) == "Review due today → laura@example.com (15/06/2026)"


def test_the_admin_lists_reminders_and_can_try_failed_ones_again(strategy_client, membership, settings):
    settings.EMAIL_BACKEND = "tests.coordination.test_reminders.RefusingBackend"
    send_reminders(DUE.isoformat())
    reminder = Reminder.objects.get()
    changelist = "/admin/coordination/reminder/"

    response = strategy_client.get(changelist, {"q": "mail server"})
    assert response.status_code == 200
    assert "laura@example.com" in response.text
    assert strategy_client.get(f"{changelist}{reminder.pk}/change/").status_code == 200
    assert strategy_client.get(f"{changelist}add/").status_code == 403

    response = strategy_client.post(
        changelist, {"action": "retry_now", "_selected_action": [reminder.pk]}, follow=True
    )
    assert "1 reminders will be tried again." in response.text
    reminder.refresh_from_db()
    assert reminder.next_attempt_at <= timezone.now()


def test_the_admin_shows_calendar_feeds_without_their_tokens(strategy_client, strategy_user):
    from helsinki_intl.coordination.models import CalendarFeed

    feed, _token = CalendarFeed.issue(strategy_user)
    response = strategy_client.get(f"/admin/coordination/calendarfeed/{feed.pk}/change/")
    assert response.status_code == 200
    assert feed.token_hash not in response.text
