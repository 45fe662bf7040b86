import datetime
import json
import os
from unittest import mock

import pytest
from celery.signals import beat_init
from django.core.cache import cache
from django.db.utils import OperationalError
from django.utils import timezone

from helsinki_intl.celery import app as celery_app
from helsinki_intl.coordination.models import ScheduledRun
from helsinki_intl.coordination.tasks import send_reminders
from helsinki_intl.heartbeat import WORKER_HEARTBEAT_KEY, WORKER_HEARTBEAT_SECONDS, record_worker_heartbeat


def health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_healthy_with_eager_tasks_needs_no_login(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert health(client) == (200, {"status": "ok", "database": "ok", "broker": "eager"})


def test_a_broker_that_does_not_answer_is_named(client, db, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    connect = celery_app.connection_for_write
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: connect("redis://127.0.0.1:9/0"))
    assert health(client) == (503, {"status": "error", "database": "ok", "broker": "down"})


def test_a_database_that_does_not_answer_is_named(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with mock.patch("helsinki_intl.health.connection.cursor", side_effect=OperationalError("gone")):
        assert health(client) == (503, {"status": "error", "database": "down", "broker": "eager"})


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (CI sets Redis)")
def test_the_configured_broker_answers(client, db, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert health(client) == (200, {"status": "ok", "database": "ok", "broker": "ok"})


def test_only_get_is_answered(client, db):
    assert client.post("/healthz").status_code == 405


# The readiness check.


@pytest.fixture
def with_broker(settings, monkeypatch):
    """Celery as in production (not eager), with a broker that answers."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("helsinki_intl.health.broker_status", lambda: "ok")


def ready(client):
    response = client.get("/readyz")
    return response.status_code, json.loads(response.content)


def test_ready_with_eager_tasks_reads_not_used_for_broker_worker_and_sweep(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    assert ready(client) == (
        200,
        {
            "status": "ok",
            "failing": [],
            "database": "ok",
            "cache": "ok",
            "broker": "not used",
            "worker": "not used",
            "reminder_sweep": "not used",
        },
    )


def test_ready_when_a_worker_beat_lately_and_the_sweep_ran_today(client, db, with_broker):
    record_worker_heartbeat()
    ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP, at=timezone.now() - datetime.timedelta(hours=3))

    status, report = ready(client)

    assert status == 200
    assert {name: report[name] for name in ("status", "broker", "worker", "reminder_sweep")} == {
        "status": "ok",
        "broker": "ok",
        "worker": "ok",
        "reminder_sweep": "ok",
    }
    assert report["worker_last_seen"] == cache.get(WORKER_HEARTBEAT_KEY)


def test_a_worker_never_heard_from_is_down(client, db, with_broker):
    cache.delete(WORKER_HEARTBEAT_KEY)
    ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP)

    status, report = ready(client)

    assert (status, report["status"], report["failing"], report["worker"]) == (
        503,
        "error",
        ["worker"],
        "down",
    )
    assert report["worker_last_seen"] is None


def test_a_worker_silent_for_three_heartbeats_is_down(client, db, with_broker):
    silent_since = timezone.now() - datetime.timedelta(seconds=3 * WORKER_HEARTBEAT_SECONDS + 5)
    cache.set(WORKER_HEARTBEAT_KEY, silent_since.isoformat(), timeout=None)
    ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP)

    status, report = ready(client)

    assert (status, report["failing"]) == (503, ["worker"])
    assert report["worker_last_seen"] == silent_since.isoformat()


def test_a_sweep_that_last_ran_over_a_day_ago_is_down(client, db, with_broker):
    record_worker_heartbeat()
    last_run = timezone.now() - datetime.timedelta(hours=27)
    ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP, at=last_run)

    status, report = ready(client)

    assert (status, report["failing"], report["reminder_sweep"]) == (503, ["reminder_sweep"], "down")
    assert report["reminder_sweep_last_run"] == last_run.isoformat()


def test_before_the_first_sweep_beat_s_start_counts(client, db, with_broker):
    record_worker_heartbeat()
    ScheduledRun.objects.record(ScheduledRun.BEAT_STARTED, at=timezone.now() - datetime.timedelta(hours=2))
    assert ready(client)[1]["reminder_sweep"] == "ok"

    ScheduledRun.objects.record(ScheduledRun.BEAT_STARTED, at=timezone.now() - datetime.timedelta(days=2))
    assert ready(client)[1]["reminder_sweep"] == "down"


def test_beat_s_start_is_recorded_when_beat_starts(db):
    beat_init.send(sender=None)

    assert ScheduledRun.BEAT_STARTED in ScheduledRun.objects.last_runs(ScheduledRun.BEAT_STARTED)


def test_a_sweep_with_neither_a_run_nor_a_beat_is_down(client, db, with_broker):
    record_worker_heartbeat()

    status, report = ready(client)

    assert (status, report["failing"], report["reminder_sweep_last_run"]) == (503, ["reminder_sweep"], None)


def test_the_daily_sweep_records_its_run(db):
    send_reminders.apply(args=["2025-03-01"])  # here, whether or not a broker is configured

    [ran_at] = ScheduledRun.objects.last_runs(ScheduledRun.REMINDER_SWEEP).values()
    assert timezone.now() - ran_at < datetime.timedelta(minutes=1)


def test_a_cache_that_does_not_answer_is_named(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with mock.patch("helsinki_intl.health.cache.set", side_effect=ConnectionError("gone")):
        status, report = ready(client)

    assert (status, report["failing"], report["cache"]) == (503, ["cache"], "down")


def test_a_database_that_does_not_answer_is_named_by_the_readiness_check(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with mock.patch("helsinki_intl.health.connection.cursor", side_effect=OperationalError("gone")):
        status, report = ready(client)

    assert (status, report["failing"]) == (503, ["database"])


def test_the_broker_failing_is_named_with_the_rest(client, db, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("helsinki_intl.health.broker_status", lambda: "down")
    cache.delete(WORKER_HEARTBEAT_KEY)

    status, report = ready(client)

    assert (status, report["failing"]) == (503, ["broker", "worker", "reminder_sweep"])


def test_the_readiness_check_answers_only_get(client, db):
    assert client.post("/readyz").status_code == 405


def test_a_worker_started_records_heartbeats_on_its_timer():
    """The bootstep writes one heartbeat when the worker starts and then one on every tick."""
    from helsinki_intl.celery import WorkerHeartbeat

    timer = mock.Mock()
    worker = mock.Mock(timer=timer)
    step = WorkerHeartbeat(worker)
    with mock.patch("helsinki_intl.heartbeat.record_worker_heartbeat") as recorded:
        step.start(worker)
        assert recorded.call_count == 1
        interval, tick = timer.call_repeatedly.call_args.args[:2]
        tick()
        assert recorded.call_count == 2
    assert interval == WORKER_HEARTBEAT_SECONDS
    step.stop(worker)
    timer.call_repeatedly.return_value.cancel.assert_called_once_with()
