"""Reminder schedules: when each record type's reminders go out, as international affairs set it
in the admin; without a row, or on its defaults, as the portal always reminded."""

import datetime

import pytest
from django.apps import apps as migrated_apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from eu_projects.models import Application
from helsinki_intl.coordination import delivery
from helsinki_intl.coordination.models import Reminder, ReminderKind, ReminderSchedule
from helsinki_intl.coordination.reminders import create_reminder_schedules, reminded_types
from helsinki_intl.coordination.tasks import send_reminders
from helsinki_intl.organisation import roles
from networks.models import Membership, Role
from partnerships.models import Partnership
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.factories import (
    MembershipFactory,
    OrgUnitFactory,
    ReminderScheduleFactory,
    RoleFactory,
    UserFactory,
)
from tests.partnerships.factories import PartnershipFactory

DUE = datetime.date(2026, 6, 15)
BACK_OFFICE = "admin:coordination_reminderschedule"


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def record_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


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


@pytest.fixture
def coordinator(db):
    return UserFactory(
        username="coord", email="coord@example.com", language="en", groups=[roles.COORDINATION_GROUP]
    )


@pytest.fixture
def application(unit, person):
    call = CallFactory(
        deadline=datetime.datetime(2026, 6, 15, 17, 0, tzinfo=datetime.UTC),
        deadline_timezone="Europe/Brussels",
    )
    return ApplicationFactory(call=call, owner_unit=unit, responsible_person=person, status="preparing")


def sweep_days(first: datetime.date, last: datetime.date) -> dict[datetime.date, list[tuple[str, str]]]:
    """Run the daily task on every day from `first` to `last`: on which days whom it e-mailed, and what."""
    sent = {}
    day = first
    while day <= last:
        before = len(mail.outbox)
        send_reminders(day.isoformat())
        if messages := mail.outbox[before:]:
            sent[day] = sorted((message.to[0], message.subject) for message in messages)
        day += days(1)
    return sent


def days_sent(sent: dict, address: str) -> list[int]:
    """The days, relative to `DUE`, on which `address` was e-mailed."""
    return [(day - DUE).days for day, messages in sent.items() if any(to == address for to, _ in messages)]


# The rows and their defaults ------------------------------------------------------------------


def test_migrate_makes_a_schedule_with_the_defaults_for_every_record_type_reminded_of(db):
    schedules = {schedule.record_type.model_class(): schedule for schedule in ReminderSchedule.objects.all()}

    assert set(schedules) == {Membership, Partnership, Role, Application, Activity}
    for schedule in schedules.values():
        assert (schedule.review_notice_days, schedule.overdue_repeat_days, schedule.escalation_days) == (
            30,
            7,
            30,
        )
        assert schedule.role_notice_days == 60
        assert schedule.call_notice_days == (30, 7)


def test_migrating_again_adds_only_the_rows_missing_and_keeps_the_values_set(db):
    ReminderScheduleFactory(review_notice_days=14)
    ReminderSchedule.objects.filter(record_type=record_type(Role)).delete()

    create_reminder_schedules(apps=migrated_apps)
    create_reminder_schedules()  # as `flush` sends it, after a test that commits

    assert ReminderSchedule.objects.count() == 5
    assert ReminderSchedule.objects.get(record_type=record_type(Membership)).review_notice_days == 14
    assert ReminderSchedule.objects.get(record_type=record_type(Role)).role_notice_days == 60


def test_each_record_type_is_reminded_of_by_the_kinds_its_register_declares():
    types = reminded_types()
    review_kinds = {
        ReminderKind.REVIEW_UPCOMING,
        ReminderKind.REVIEW_DUE,
        ReminderKind.REVIEW_OVERDUE,
        ReminderKind.REVIEW_ESCALATED,
    }
    assert set(types[Membership].kinds) == set(types[Partnership].kinds) == review_kinds
    assert types[Membership].schedule_fields == ReminderSchedule.REVIEW_FIELDS
    assert types[Role].kinds == (ReminderKind.ROLE_ENDING,)
    assert types[Role].schedule_fields == ReminderSchedule.ROLE_FIELDS
    assert types[Application].kinds == (ReminderKind.CALL_DEADLINE,)
    assert types[Application].schedule_fields == ReminderSchedule.CALL_FIELDS


@pytest.mark.parametrize("rows", ["as migrated", "none"])
def test_on_the_defaults_or_without_rows_reviews_are_reminded_as_before(membership, coordinator, rows):
    if rows == "none":
        ReminderSchedule.objects.all().delete()

    sent = sweep_days(DUE - days(40), DUE + days(36))

    assert days_sent(sent, "laura@example.com") == [-30, 0, 7, 14, 21, 28, 35]
    assert days_sent(sent, "kuva@example.com") == days_sent(sent, "coord@example.com") == [30]


@pytest.mark.parametrize("rows", ["as migrated", "none"])
def test_on_the_defaults_or_without_rows_roles_and_calls_are_reminded_as_before(
    membership, application, rows
):
    if rows == "none":
        ReminderSchedule.objects.all().delete()
    membership.review_interval_months = 12
    membership.next_review_due = DUE + days(400)
    membership.save()
    RoleFactory(
        membership=membership,
        holder_user=UserFactory(username="jukka", email="jukka@example.com"),
        end_date=DUE,
    )

    sent = sweep_days(DUE - days(70), DUE + days(1))

    assert days_sent(sent, "jukka@example.com") == [-60]
    assert days_sent(sent, "laura@example.com") == [-30, -7]
    assert days_sent(sent, "kuva@example.com") == [-60, -30, -7]


# Each value changes which reminders fall due ----------------------------------------------------


def test_the_first_review_reminder_comes_the_set_number_of_days_before(membership):
    ReminderScheduleFactory(review_notice_days=14)

    sent = sweep_days(DUE - days(40), DUE)

    assert days_sent(sent, "laura@example.com") == [-14, 0]
    assert sent[DUE - days(14)] == [
        ("laura@example.com", "Review due on 15/06/2026: Eurocities – Culture and Leisure Division")
    ]


def test_while_overdue_the_reminders_repeat_at_the_set_interval_and_say_so(membership):
    ReminderScheduleFactory(overdue_repeat_days=3)

    sent = sweep_days(DUE, DUE + days(10))

    assert days_sent(sent, "laura@example.com") == [0, 3, 6, 9]
    assert "You will be reminded every 3 days until the review is recorded." in mail.outbox[-1].body


def test_the_escalation_comes_after_the_set_number_of_days_overdue(membership, coordinator):
    ReminderScheduleFactory(escalation_days=10)

    sent = sweep_days(DUE + days(1), DUE + days(31))

    assert days_sent(sent, "coord@example.com") == days_sent(sent, "kuva@example.com") == [10]
    escalation = "Review overdue for more than 10 days: Eurocities – Culture and Leisure Division"
    assert ("coord@example.com", escalation) in sent[DUE + days(10)]
    [message] = [message for message in mail.outbox if message.to == ["kuva@example.com"]]
    assert "has been overdue for more than 10 days" in message.body


def test_a_schedule_changes_only_the_reminders_of_its_own_record_type(membership, unit):
    ReminderScheduleFactory(review_notice_days=14)
    PartnershipFactory(
        active=True,
        owner_unit=unit,
        responsible_person=UserFactory(username="sofia", email="sofia@example.com"),
        next_review_due=DUE,
    )

    sent = sweep_days(DUE - days(31), DUE - days(1))

    assert days_sent(sent, "laura@example.com") == [-14]
    assert days_sent(sent, "sofia@example.com") == [-30]


def test_a_role_is_reminded_of_the_set_number_of_days_before_its_term_ends(membership):
    ReminderScheduleFactory(record_type=record_type(Role), role_notice_days=30)
    membership.next_review_due = DUE + days(400)
    membership.save()
    RoleFactory(
        membership=membership,
        holder_user=UserFactory(username="jukka", email="jukka@example.com"),
        end_date=DUE,
    )

    sent = sweep_days(DUE - days(70), DUE)

    assert days_sent(sent, "jukka@example.com") == [-30]


@pytest.mark.parametrize(("notices", "expected"), [((14, 3), [-14, -3]), ((10, None), [-10])])
def test_the_lead_unit_is_told_on_the_set_days_before_a_call_deadline(application, notices, expected):
    first, second = notices
    ReminderScheduleFactory(
        record_type=record_type(Application), call_first_notice_days=first, call_second_notice_days=second
    )

    sent = sweep_days(DUE - days(40), DUE + days(1))

    assert days_sent(sent, "laura@example.com") == days_sent(sent, "kuva@example.com") == expected


# A retried reminder is judged on the same schedule ----------------------------------------------


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def open(self):
        return False

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def retry_on(day: datetime.date, settings) -> Reminder:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.update(next_attempt_at=timezone.now())
    delivery.send_ready_reminders(today=day)
    return Reminder.objects.get()


def test_an_overdue_reminder_retried_is_judged_on_the_set_interval(membership, settings):
    ReminderScheduleFactory(overdue_repeat_days=3)
    settings.EMAIL_BACKEND = "tests.coordination.test_reminder_schedules.RefusingBackend"
    send_reminders((DUE + days(3)).isoformat())
    assert Reminder.objects.get().kind == ReminderKind.REVIEW_OVERDUE

    # On the default weekly interval, day 4 would be the due date's reminder, and this one cancelled.
    reminder = retry_on(DUE + days(4), settings)

    assert reminder.sent_at is not None
    assert reminder.cancelled_at is None
    assert [message.to for message in mail.outbox] == [["laura@example.com"]]


def test_a_call_notice_retried_is_judged_on_the_set_days(application, settings):
    ReminderScheduleFactory(
        record_type=record_type(Application), call_first_notice_days=14, call_second_notice_days=3
    )
    settings.EMAIL_BACKEND = "tests.coordination.test_reminder_schedules.RefusingBackend"
    send_reminders((DUE - days(14)).isoformat())
    assert set(Reminder.objects.values_list("occurrence", flat=True)) == {14}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.update(next_attempt_at=timezone.now())
    report = delivery.send_ready_reminders(today=DUE - days(13))

    assert (len(report.sent), report.cancelled) == (2, [])


def test_a_reminder_no_longer_due_on_the_changed_schedule_is_cancelled(membership, settings):
    settings.EMAIL_BACKEND = "tests.coordination.test_reminder_schedules.RefusingBackend"
    send_reminders((DUE - days(20)).isoformat())
    assert Reminder.objects.get().kind == ReminderKind.REVIEW_UPCOMING
    ReminderScheduleFactory(review_notice_days=14)

    reminder = retry_on(DUE - days(19), settings)

    assert reminder.sent_at is None
    assert reminder.cancelled_at is not None
    assert mail.outbox == []


# Queries ----------------------------------------------------------------------------------------


def test_the_sweep_reads_the_schedules_once_whatever_the_number_of_records(
    unit, django_assert_max_num_queries
):
    ReminderScheduleFactory(review_notice_days=20)
    ReminderScheduleFactory(record_type=record_type(Role), role_notice_days=40)
    ReminderScheduleFactory(
        record_type=record_type(Application), call_first_notice_days=20, call_second_notice_days=None
    )
    call = CallFactory(deadline=datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC))

    def make(count):
        for _ in range(count):
            membership = MembershipFactory(active=True, owner_unit=unit, next_review_due=DUE)
            RoleFactory(membership=membership, end_date=DUE)
            ApplicationFactory(call=call, owner_unit=unit, status="preparing")

    make(2)
    with django_assert_max_num_queries(100) as few:
        delivery.record_due_reminders(DUE - days(1))
    schedule_reads = [
        query for query in few.captured_queries if "coordination_reminderschedule" in query["sql"]
    ]
    assert len(schedule_reads) == 1
    recorded = Reminder.objects.count()
    Reminder.objects.all().delete()

    make(10)  # not more: SQLite inserts a few dozen reminders a statement
    with django_assert_max_num_queries(len(few.captured_queries)):
        delivery.record_due_reminders(DUE - days(1))
    assert Reminder.objects.count() == recorded * 6


def test_sending_reads_the_schedules_once_whatever_the_number_of_reminders(unit, django_assert_num_queries):
    def make(count):
        for _ in range(count):
            MembershipFactory(active=True, owner_unit=unit, next_review_due=DUE)
        delivery.record_due_reminders(DUE)

    def schedule_reads() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            delivery.send_ready_reminders(today=DUE)
        return sum("coordination_reminderschedule" in query["sql"] for query in captured.captured_queries)

    make(2)
    assert schedule_reads() == 1
    make(8)
    assert schedule_reads() == 1
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 10


# Values refused -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("review_notice_days", 0, "Give a number of days from 1 to 365."),
        ("review_notice_days", 366, "Give a number of days from 1 to 365."),
        ("overdue_repeat_days", 0, "Give a number of days from 1 to 90."),
        ("overdue_repeat_days", 91, "Give a number of days from 1 to 90."),
        ("escalation_days", 400, "Give a number of days from 1 to 365."),
        ("role_notice_days", 0, "Give a number of days from 1 to 365."),
        ("call_first_notice_days", 366, "Give a number of days from 1 to 365."),
        ("call_second_notice_days", 0, "Give a number of days from 1 to 365."),
        (
            "call_second_notice_days",
            30,
            "The second notice must come fewer days before the deadline than the first.",
        ),
        (
            "call_second_notice_days",
            31,
            "The second notice must come fewer days before the deadline than the first.",
        ),
    ],
)
def test_a_value_out_of_range_is_refused_at_its_field(db, field, value, message):
    schedule = ReminderSchedule.objects.get(record_type=record_type(Application))
    setattr(schedule, field, value)

    with pytest.raises(ValidationError) as refused:
        schedule.full_clean()

    assert refused.value.message_dict == {field: [message]}


@pytest.mark.parametrize(
    "values",
    [
        {"review_notice_days": 0},
        {"overdue_repeat_days": 91},
        {"call_second_notice_days": 30},
        {"call_first_notice_days": 5, "call_second_notice_days": 7},
    ],
)
def test_the_database_refuses_what_validation_refuses(db, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSchedule.objects.filter(record_type=record_type(Application)).update(**values)


def test_one_notice_before_a_call_deadline_is_enough(db):
    schedule = ReminderSchedule.objects.get(record_type=record_type(Application))
    schedule.call_second_notice_days = None
    schedule.full_clean()
    assert schedule.call_notice_days == (30,)


# The admin --------------------------------------------------------------------------------------


def change_url(model) -> str:
    schedule = ReminderSchedule.objects.get(record_type=record_type(model))
    return reverse(f"{BACK_OFFICE}_change", args=[schedule.pk])


def posted(model, **values) -> dict:
    schedule = ReminderSchedule.objects.get(record_type=record_type(model))
    fields = reminded_types()[model].schedule_fields
    data = {name: getattr(schedule, name) for name in fields}
    data = {name: "" if value is None else str(value) for name, value in {**data, **values}.items()}
    return {**data, "version": str(schedule.version)}


def test_the_list_names_each_record_type_with_its_reminders_and_current_values(strategy_client):
    ReminderScheduleFactory(review_notice_days=14)

    response = strategy_client.get(reverse(f"{BACK_OFFICE}_changelist"))

    assert response.status_code == 200
    listed = {schedule.record_type.model_class() for schedule in response.context["cl"].result_list}
    assert listed == {Membership, Partnership, Role, Application, Activity}
    text = response.text
    for name in ("Memberships", "Partnerships", "Roles", "EU funding applications", "Role term ending"):
        assert name in text
    assert '<td class="field-review_notice_days">14</td>' in text
    assert '<td class="field-role_notice_days">60</td>' in text
    assert "Days before a review is due" in text


def test_the_change_form_shows_only_the_values_of_the_types_reminders(strategy_client):
    role_form = strategy_client.get(change_url(Role)).context["adminform"].form
    membership_form = strategy_client.get(change_url(Membership)).context["adminform"].form
    application_form = strategy_client.get(change_url(Application)).context["adminform"].form

    assert set(role_form.fields) == {"role_notice_days", "version"}
    assert set(membership_form.fields) == {*ReminderSchedule.REVIEW_FIELDS, "version"}
    assert set(application_form.fields) == {*ReminderSchedule.CALL_FIELDS, "version"}


def test_international_affairs_change_a_schedule_and_the_change_is_in_its_history(
    strategy_client, strategy_user
):
    response = strategy_client.post(change_url(Membership), posted(Membership, overdue_repeat_days=3))

    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(record_type=record_type(Membership))
    assert schedule.overdue_repeat_days == 3
    latest = schedule.history.latest()
    assert (latest.history_user, latest.overdue_repeat_days) == (strategy_user, 3)


def test_the_admin_refuses_a_value_out_of_range_with_a_message_at_the_field(strategy_client):
    response = strategy_client.post(
        change_url(Application), posted(Application, call_first_notice_days=7, call_second_notice_days=14)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {
        "call_second_notice_days": [
            "The second notice must come fewer days before the deadline than the first."
        ]
    }
    assert ReminderSchedule.objects.get(record_type=record_type(Application)).call_notice_days == (30, 7)


@pytest.mark.parametrize("who", ["coordinator_user", "culture_user"])
def test_nobody_but_international_affairs_changes_a_schedule(client, request, who):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    client.force_login(user)

    response = client.post(change_url(Membership), posted(Membership, review_notice_days=3))

    assert response.status_code == 403
    assert ReminderSchedule.objects.get(record_type=record_type(Membership)).review_notice_days == 30


def test_schedules_are_neither_added_nor_deleted_in_the_admin(strategy_client):
    schedule = ReminderSchedule.objects.get(record_type=record_type(Membership))

    assert strategy_client.get(reverse(f"{BACK_OFFICE}_add")).status_code == 403
    assert (
        strategy_client.post(
            reverse(f"{BACK_OFFICE}_delete", args=[schedule.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ReminderSchedule.objects.filter(pk=schedule.pk).exists()
