"""Decisions e-mailed at once, the daily and weekly digests, each sent once, in the person's language."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from helsinki_intl.notifications.delivery import record_digests, send_ready_emails
from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.emails import unsubscribe_token
from helsinki_intl.notifications.models import (
    EmailKind,
    Frequency,
    Notification,
    NotificationEmail,
    NotificationSettings,
)
from tests.eu_projects.factories import ApplicationFactory
from tests.factories import MembershipFactory

from .helpers import changed, proposed_assessed_and_decided

MONDAY = datetime.date(2026, 12, 7)


def decided(membership, culture_user, coordinator_user, strategy_user):
    proposed_assessed_and_decided(membership, culture_user, coordinator_user, strategy_user)
    dispatch_events()


def told_before(day: datetime.date) -> None:
    """Every notification so far as if it had been told the day before `day`."""
    Notification.objects.update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time(12))
        )
    )


@pytest.mark.django_db
def test_a_decision_on_one_s_own_record_is_e_mailed_at_once_in_one_s_language(
    membership, culture_user, coordinator_user, strategy_user
):
    decided(membership, culture_user, coordinator_user, strategy_user)

    report = send_ready_emails()

    assert len(report.sent) == 1
    [message] = mail.outbox
    assert message.to == [culture_user.email]
    assert message.subject == f"Päätös kirjattu: {membership}"  # the person's language is Finnish
    assert membership.get_absolute_url() in message.body
    unsubscribe = f"/notifications/unsubscribe/{unsubscribe_token(culture_user)}/"
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_a_decision_at_once_is_not_told_again_in_the_digest(
    membership, culture_user, coordinator_user, strategy_user
):
    decided(membership, culture_user, coordinator_user, strategy_user)
    send_ready_emails()
    told_before(MONDAY)
    mail.outbox.clear()

    record_digests(MONDAY)
    send_ready_emails()

    [digest] = mail.outbox
    assert "kirjasi lausunnon." in digest.body  # the assessment, in the person's Finnish
    assert "Päätös" not in digest.subject
    assert (
        Notification.objects.get(user=culture_user, event__kind="membership.assess").email.kind
        == EmailKind.DAILY
    )
    assert (
        Notification.objects.get(user=culture_user, event__kind="membership.decide").email.kind
        == EmailKind.AT_ONCE
    )


@pytest.mark.django_db
def test_one_who_turned_decisions_at_once_off_reads_them_in_the_digest(
    membership, culture_user, coordinator_user, strategy_user
):
    NotificationSettings.objects.create(user=culture_user, decisions_at_once=False)
    decided(membership, culture_user, coordinator_user, strategy_user)

    assert send_ready_emails().sent == []
    told_before(MONDAY)
    record_digests(MONDAY)
    send_ready_emails()

    [digest] = mail.outbox
    assert "2 " in digest.subject


@pytest.mark.django_db
def test_the_daily_digest_groups_by_register_and_is_sent_once(culture_unit, culture_user, strategy_user):
    culture_user.language = "en"
    culture_user.save()
    membership = MembershipFactory(owner_unit=culture_unit, responsible_person=culture_user)
    application = ApplicationFactory(owner_unit=culture_unit, responsible_person=culture_user)
    changed(membership, strategy_user)
    changed(application, strategy_user)
    dispatch_events()
    told_before(MONDAY)

    assert record_digests(MONDAY) == 1
    assert record_digests(MONDAY) == 0
    send_ready_emails()
    send_ready_emails()

    [digest] = mail.outbox
    assert digest.subject == "Your daily digest: 2 notifications"
    assert "NETWORKS" in digest.body and "EU PROJECTS" in digest.body
    assert digest.body.index(str(application)) < digest.body.index(str(membership))
    assert digest.extra_headers["Message-ID"].startswith("<notifications-")


@pytest.mark.django_db
def test_what_is_told_today_waits_for_tomorrow_s_digest(membership, culture_user, strategy_user):
    changed(membership, strategy_user)
    dispatch_events()

    assert record_digests(timezone.localdate()) == 0
    assert record_digests(timezone.localdate() + datetime.timedelta(days=1)) == 1


@pytest.mark.django_db
def test_weekly_and_never_are_honoured(membership, culture_user, urban_user, strategy_user):
    from helsinki_intl.notifications.models import Follow

    Follow.objects.create(
        user=urban_user, content_type_id=membership_type(membership), object_id=membership.pk
    )
    NotificationSettings.objects.create(user=culture_user, digest=Frequency.WEEKLY)
    NotificationSettings.objects.create(user=urban_user, digest=Frequency.NEVER)
    changed(membership, strategy_user)
    dispatch_events()
    told_before(MONDAY - datetime.timedelta(days=2))  # the Friday before

    record_digests(MONDAY - datetime.timedelta(days=1))  # a Sunday: no week has ended since
    assert not NotificationEmail.objects.exists()
    record_digests(MONDAY)

    [weekly] = NotificationEmail.objects.all()
    assert (weekly.user, weekly.kind, weekly.period) == (culture_user, EmailKind.WEEKLY, "2026-W49")


@pytest.mark.django_db
def test_one_who_turns_digests_on_again_is_not_sent_months_of_news_at_once(
    membership, culture_user, strategy_user
):
    wishes = NotificationSettings.objects.create(user=culture_user, digest=Frequency.NEVER)
    changed(membership, strategy_user, notes="Long ago.")
    dispatch_events()
    told_before(MONDAY - datetime.timedelta(days=60))
    changed(membership, strategy_user, notes="Last week.")
    dispatch_events()
    latest = Notification.objects.latest("pk")
    latest.created_at = timezone.make_aware(datetime.datetime(2026, 12, 4, 12))
    latest.save(update_fields=["created_at"])
    wishes.digest = Frequency.DAILY
    wishes.save()

    record_digests(MONDAY)

    [digest] = NotificationEmail.objects.all()
    assert digest.notifications.count() == 1
    assert Notification.objects.get(email=None).created_at.date() < MONDAY - datetime.timedelta(days=30)


def membership_type(membership) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(membership).pk


@pytest.mark.django_db
def test_a_failed_send_is_tried_again_later_and_the_others_go(
    culture_unit, culture_user, urban_user, strategy_user
):
    for person in (culture_user, urban_user):
        changed(MembershipFactory(owner_unit=culture_unit, responsible_person=person), strategy_user)
    dispatch_events()
    told_before(MONDAY)
    record_digests(MONDAY)
    real_send = mail.EmailMessage.send

    def refuse_culture(message, *args, **kwargs):
        if message.to == [culture_user.email]:
            raise ConnectionRefusedError("the server went away")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", refuse_culture):
        first = send_ready_emails()
    assert (len(first.sent), len(first.failed)) == (1, 1)
    waiting = NotificationEmail.objects.get(user=culture_user)
    assert waiting.attempts == 1 and "went away" in waiting.last_error

    assert send_ready_emails().sent == []  # not before its pause is over
    retried = send_ready_emails(now=waiting.next_attempt_at)

    assert retried.sent == [waiting.pk]
    assert sorted(message.to[0] for message in mail.outbox) == sorted([culture_user.email, urban_user.email])


@pytest.mark.django_db
def test_an_e_mail_no_longer_wanted_is_cancelled_not_sent(membership, culture_user, strategy_user):
    changed(membership, strategy_user)
    dispatch_events()
    told_before(MONDAY)
    record_digests(MONDAY)
    NotificationSettings.objects.create(user=culture_user, digest=Frequency.NEVER)

    report = send_ready_emails()

    assert report.cancelled and not mail.outbox


@pytest.mark.django_db
def test_a_digest_cancelled_for_a_change_of_mind_leaves_its_notifications_to_the_next_one(
    membership, culture_user, strategy_user
):
    changed(membership, strategy_user)
    dispatch_events()
    told_before(MONDAY)
    record_digests(MONDAY)
    NotificationSettings.objects.create(user=culture_user, digest=Frequency.WEEKLY)

    assert send_ready_emails().cancelled
    record_digests(MONDAY + datetime.timedelta(days=7))
    send_ready_emails()

    [weekly] = mail.outbox
    assert str(membership) in weekly.body
    assert Notification.objects.get(user=culture_user).email.kind == EmailKind.WEEKLY


def test_the_pause_between_attempts_stops_growing_at_a_day_however_long_an_address_fails():
    from helsinki_intl.coordination.delivery import LONGEST_RETRY_DELAY, retry_delay

    assert retry_delay(1) == datetime.timedelta(minutes=15)
    assert retry_delay(40) == retry_delay(32767) == LONGEST_RETRY_DELAY


@pytest.mark.django_db
def test_a_notification_e_mail_cannot_be_deleted_in_the_admin(
    strategy_client, membership, culture_user, strategy_user
):
    changed(membership, strategy_user)
    dispatch_events()
    told_before(MONDAY)
    record_digests(MONDAY)
    email = NotificationEmail.objects.get()

    response = strategy_client.post(
        f"/admin/notifications/notificationemail/{email.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert NotificationEmail.objects.filter(pk=email.pk).exists()
