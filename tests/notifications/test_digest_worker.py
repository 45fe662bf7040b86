"""Digests sent by a real Celery worker on Redis to a real SMTP server, exactly once per person and
day, under the faults the reminders survive: sweeps at the same time, a worker killed in the middle
of a send, an SMTP failure retried, a Redis restart."""

import datetime
import os
import signal

import pytest
from django.db import connection
from django.utils import timezone

from helsinki_intl.notifications.dispatch import dispatch_events
from helsinki_intl.notifications.models import EmailKind, Notification, NotificationEmail
from helsinki_intl.outbox.services import event_record
from tests.coordination.test_reminder_worker import Worker, _retrying
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL") or connection.vendor != "postgresql",
        reason="needs CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (CI sets both)",
    ),
]

PEOPLE = [f"reader{number}@example.com" for number in range(5)]


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def told_yesterday(db, today):
    """Each person told of a change to their membership yesterday."""
    unit, editor = OrgUnitFactory(code="digest-unit"), UserFactory(username="digest-editor")
    for address in PEOPLE:
        person = UserFactory(username=address.split("@")[0], email=address, language="en")
        event_record(
            kind="changed", record=MembershipFactory(owner_unit=unit, responsible_person=person), by=editor
        )
    dispatch_events()
    yesterday = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(12))
    )
    Notification.objects.update(created_at=yesterday)
    assert Notification.objects.count() == len(PEOPLE)


def digest_sweep(worker: Worker, client, day: datetime.date):
    return client.send_task("notifications.send_digests", args=[day.isoformat()], queue=worker.queue)


def digests_sent() -> int:
    return NotificationEmail.objects.filter(kind=EmailKind.DAILY, sent_at__isnull=False).count()


def test_digest_sweeps_running_at_the_same_time_send_each_digest_once(
    told_yesterday, today, mailbox, tmp_path
):
    worker = Worker(
        tmp_path, mailbox, os.environ["CELERY_BROKER_URL"], ("--pool", "prefork", "--concurrency", "2")
    )
    with worker.started(), worker.client() as client:
        results = [digest_sweep(worker, client, today) for _ in range(4)]
        outcomes = [result.get(timeout=60) for result in results]

    assert sum(outcome["sent"] for outcome in outcomes) == len(PEOPLE)
    assert mailbox.recipients() == PEOPLE
    assert {message["Subject"] for message in mailbox.received()} == {"Your daily digest: 1 notification"}
    assert all(
        message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for message in mailbox.received()
    )
    assert digests_sent() == len(PEOPLE)


def test_a_worker_killed_in_the_middle_of_a_digest_loses_nothing_and_repeats_nothing(
    told_yesterday, today, mailbox, tmp_path
):
    worker = Worker(tmp_path, mailbox, os.environ["CELERY_BROKER_URL"])
    mailbox.hold_next = True
    with worker.started() as process, worker.client() as client:
        digest_sweep(worker, client, today)
        assert mailbox.holding.wait(timeout=30), worker.log.read_text()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    mailbox.release.set()

    assert digests_sent() == 0
    assert mailbox.received() == []

    with worker.started(), worker.client() as client:
        digest_sweep(worker, client, today).get(timeout=60)
        digest_sweep(worker, client, today).get(timeout=60)

    assert mailbox.recipients() == PEOPLE
    assert digests_sent() == len(PEOPLE)


def test_an_smtp_failure_is_retried_by_a_later_run(told_yesterday, today, mailbox, tmp_path):
    mailbox.refuse_once.add(PEOPLE[1])
    worker = Worker(tmp_path, mailbox, os.environ["CELERY_BROKER_URL"])
    with worker.started(), worker.client() as client:
        first = digest_sweep(worker, client, today).get(timeout=60)
        assert (first["sent"], first["failed"]) == (len(PEOPLE) - 1, 1)

        NotificationEmail.objects.filter(user__email=PEOPLE[1]).update(next_attempt_at=timezone.now())
        retry = client.send_task("notifications.retry_emails", queue=worker.queue).get(timeout=60)
        assert (retry["sent"], retry["failed"]) == (1, 0)

    assert mailbox.recipients() == PEOPLE


def test_a_redis_restart_loses_and_repeats_no_digest(told_yesterday, today, mailbox, tmp_path, own_redis):
    broker_url, restart_redis = own_redis
    worker = Worker(tmp_path, mailbox, broker_url)
    with worker.started(), worker.client() as client:
        restart_redis()
        _retrying(lambda: digest_sweep(worker, client, today).get(timeout=20))
        digest_sweep(worker, client, today).get(timeout=60)

    assert mailbox.recipients() == PEOPLE
    assert digests_sent() == len(PEOPLE)
