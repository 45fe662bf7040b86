"""Reminders sent by a real Celery worker on Redis to a real SMTP server, exactly once.

The worker is started by hand, as docker-compose starts it, against the test database; each
test then does to it what production may: run the sweep twice at once, kill the worker in the
middle of a send, restart Redis.
"""

import contextlib
import datetime
import os
import shutil
import signal
import subprocess
import time
import uuid

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from helsinki_intl.coordination.models import Reminder
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.project.processes import (
    BIN,
    on_a_free_port,
    production_env,
    running,
    start_server,
    stop_process,
    wait_for_output,
)

from .smtp import smtp_server

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL") or connection.vendor != "postgresql",
        reason="needs CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (CI sets both)",
    ),
]

PEOPLE = [f"person{number}@example.com" for number in range(6)]


def test_database_url() -> str:
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


test_database_url.__test__ = False


@pytest.fixture
def due() -> datetime.date:
    """Today in Helsinki, read when the test starts: the retry task judges what is still due by
    Helsinki's date, not by the machine's."""
    return timezone.localdate()


@pytest.fixture
def memberships(db, due):
    unit = OrgUnitFactory(code="kuva", contact_email="kuva@example.com")
    for address in PEOPLE:
        MembershipFactory(
            active=True,
            owner_unit=unit,
            responsible_person=UserFactory(username=address.split("@")[0], email=address),
            next_review_due=due,
        )


@pytest.fixture
def mailbox():
    with smtp_server() as (mailbox, port):
        mailbox.port = port
        yield mailbox


class Worker:
    def __init__(self, tmp_path, mailbox, broker_url: str, pool: tuple[str, ...] = ("--pool", "solo")):
        self.queue = f"test-reminders-{uuid.uuid4().hex}"
        self.broker_url = broker_url
        self.log = tmp_path / f"{self.queue}.log"
        self.env = production_env(
            CELERY_BROKER_URL=broker_url,
            CELERY_RESULT_BACKEND=broker_url,
            DATABASE_URL=test_database_url(),
            EMAIL_URL=f"smtp://127.0.0.1:{mailbox.port}",
            PORTAL_BASE_URL="https://intl.example.fi",
        )
        self.command = [
            str(BIN / "celery"),
            "-A",
            "helsinki_intl",
            "worker",
            *pool,
            "--queues",
            self.queue,
            "--hostname",
            f"{self.queue}@%h",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "INFO",
        ]

    @contextlib.contextmanager
    def started(self):
        with running(self.command, self.env, self.log) as process:
            wait_for_output("ready.", process, self.log)
            yield process

    @contextlib.contextmanager
    def client(self):
        client = Celery(broker=self.broker_url, backend=self.broker_url)
        try:
            yield client
        finally:
            client.close()

    def sweep(self, client, day: datetime.date):
        return client.send_task("coordination.send_reminders", args=[day.isoformat()], queue=self.queue)


def test_sweeps_running_at_the_same_time_send_each_reminder_once(memberships, due, mailbox, tmp_path):
    worker = Worker(
        tmp_path, mailbox, os.environ["CELERY_BROKER_URL"], ("--pool", "prefork", "--concurrency", "2")
    )
    with worker.started(), worker.client() as client:
        results = [worker.sweep(client, due) for _ in range(4)]
        outcomes = [result.get(timeout=60) for result in results]
        worker.sweep(client, due + datetime.timedelta(days=1)).get(timeout=60)

    assert sum(outcome["sent"] for outcome in outcomes) == len(PEOPLE)
    assert mailbox.recipients() == PEOPLE
    assert [message["Subject"].split()[0] for message in mailbox.received()] == ["Arviointi"] * len(PEOPLE)
    assert Reminder.objects.filter(sent_at__isnull=False).count() == len(PEOPLE)


def test_a_worker_killed_in_the_middle_of_a_send_loses_nothing_and_repeats_nothing(
    memberships, due, mailbox, tmp_path
):
    worker = Worker(tmp_path, mailbox, os.environ["CELERY_BROKER_URL"])
    mailbox.hold_next = True
    with worker.started() as process, worker.client() as client:
        worker.sweep(client, due)
        assert mailbox.holding.wait(timeout=30), worker.log.read_text()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    mailbox.release.set()

    # The reminder being sent was rolled back with the dead worker's transaction.
    assert Reminder.objects.count() == len(PEOPLE)
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 0
    assert mailbox.received() == []

    with worker.started(), worker.client() as client:
        worker.sweep(client, due).get(timeout=60)
        worker.sweep(client, due).get(timeout=60)

    assert mailbox.recipients() == PEOPLE
    assert Reminder.objects.filter(sent_at__isnull=False).count() == len(PEOPLE)


def test_an_smtp_failure_is_retried_by_a_later_run_and_does_not_stop_the_others(
    memberships, due, mailbox, tmp_path
):
    mailbox.refuse_once.add(PEOPLE[2])
    worker = Worker(tmp_path, mailbox, os.environ["CELERY_BROKER_URL"])
    with worker.started(), worker.client() as client:
        first = worker.sweep(client, due).get(timeout=60)
        assert (first["sent"], first["failed"]) == (len(PEOPLE) - 1, 1)
        assert PEOPLE[2] not in mailbox.recipients()

        Reminder.objects.filter(recipient=PEOPLE[2]).update(
            next_attempt_at=datetime.datetime.now(datetime.UTC)
        )
        retry = client.send_task("coordination.retry_reminders", queue=worker.queue).get(timeout=60)
        assert (retry["sent"], retry["failed"]) == (1, 0)

    assert mailbox.recipients() == PEOPLE


@pytest.fixture
def own_redis(tmp_path, monkeypatch):
    """A Redis server of the test's own, so that the test can restart it."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("needs redis-server")
    log = tmp_path / "redis.log"

    def start(port: int) -> subprocess.Popen:
        command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(tmp_path)]
        return start_server(command, dict(os.environ), log, ready="Ready to accept connections")

    process, port = on_a_free_port(lambda port: (start(port), port))
    state = {"process": process}
    url = f"redis://127.0.0.1:{port}/0"
    # Celery prefers these variables to the URLs a client is given.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", url)

    def restart():
        stop_process(state["process"])
        state["process"] = start(port)  # on the same port, as a broker comes back

    yield url, restart
    stop_process(state["process"])


def test_a_redis_restart_loses_and_repeats_nothing(memberships, due, mailbox, tmp_path, own_redis):
    broker_url, restart_redis = own_redis
    worker = Worker(tmp_path, mailbox, broker_url)
    with worker.started(), worker.client() as client:
        worker.sweep(client, due).get(timeout=60)
        restart_redis()
        # Whatever the broker lost in the restart, the next sweep finds by itself; a sweep
        # published before the worker has reconnected is published again, which is harmless.
        week_later = due + datetime.timedelta(days=7)
        _retrying(lambda: worker.sweep(client, week_later).get(timeout=20))
        worker.sweep(client, due).get(timeout=60)
        worker.sweep(client, week_later).get(timeout=60)

    received = [(message["To"], message["Subject"]) for message in mailbox.received()]
    assert len(received) == len(set(received)) == 2 * len(PEOPLE)
    assert sorted(to for to, _subject in received) == sorted(PEOPLE * 2)


def _retrying(call, seconds: float = 60):
    """The worker and the client reconnect on their own; a call made too early is made again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
