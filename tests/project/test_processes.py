"""The parts docker-compose runs (web, worker, beat) start by hand with production settings."""

import datetime
import json
import os
import smtplib
import socket
import sys
import uuid

import pytest
from celery import Celery
from django.core.cache.backends.redis import RedisCache

from helsinki_intl.heartbeat import WORKER_HEARTBEAT_KEY
from tests.coordination.smtp import smtp_server

from . import processes
from .processes import BIN, get, gunicorn, production_env, running, wait_for_output

pytestmark = pytest.mark.processes

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


@pytest.fixture
def web_env(tmp_path):
    # An empty SQLite file is enough for the health check's `SELECT 1`.
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'web.sqlite3'}"
    # Behind one proxy, whose X-Forwarded-Proto the portal believes.
    return production_env(DATABASE_URL=database_url, TRUSTED_PROXY_COUNT="1")


def test_gunicorn_serves_the_portal_with_production_settings(web_env, tmp_path):
    with gunicorn(web_env, tmp_path / "gunicorn.log", "--workers", "1") as base:
        status, body = get(f"{base}/healthz")
        assert status == 200, body
        assert json.loads(body) == {
            "status": "ok",
            "database": "ok",
            "broker": "ok" if BROKER_URL else "eager",
        }

        status, _ = get(f"{base}/login/")
        assert status == 301, "plain HTTP is sent to HTTPS"

        behind_proxy = {"X-Forwarded-Proto": "https"}
        status, body = get(f"{base}/static/css/portal.css", headers=behind_proxy)
        assert status == 200
        assert b"--color-bus" in body

        status, body = get(f"{base}/networks/memberships/", headers=behind_proxy)
        assert status == 302, "the registers need a signed-in user"


def test_gunicorn_logs_json_lines_and_takes_its_settings_from_the_environment(web_env, tmp_path):
    """With LOG_FORMAT=json, gunicorn's own lines and the portal's are JSON objects; a request's
    line carries the id the response sends back; gunicorn runs the workers the environment asks."""
    log = tmp_path / "gunicorn.log"
    web_env.update(LOG_FORMAT="json", LOG_LEVEL="INFO", GUNICORN_WORKERS="2", GUNICORN_MAX_REQUESTS="50")
    with gunicorn(web_env, log) as base:
        request_id = "3f2a9c1e5b7d4e8a9c0b1d2e3f4a5b6c"
        status, _ = get(f"{base}/healthz", headers={"X-Request-ID": request_id})
        assert status == 200
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    messages = [line["message"] for line in lines]
    assert any(message.startswith("Listening at: http://127.0.0.1:") for message in messages)
    assert sum(message.startswith("Booting worker with pid") for message in messages) == 2
    [answered] = [line for line in lines if line["request_id"] == request_id]
    assert (answered["logger"], answered["path"], answered["status"]) == (
        "helsinki_intl.requests",
        "/healthz",
        200,
    )
    assert [line for line in log.read_text().splitlines() if line.strip() and not line.startswith("{")] == []


@pytest.fixture
def first_port_taken(monkeypatch):
    """The first port `free_port` finds is taken by another process before the server binds it:
    the ports handed out, the first of them taken."""
    handed_out = []
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        found_free = processes.free_port

        def free_port() -> int:
            handed_out.append(other.getsockname()[1] if not handed_out else found_free())
            return handed_out[-1]

        monkeypatch.setattr(processes, "free_port", free_port)
        yield handed_out


def test_gunicorn_starts_on_another_port_when_the_first_was_taken_meanwhile(
    web_env, tmp_path, first_port_taken
):
    with gunicorn(web_env, tmp_path / "gunicorn.log", "--workers", "1") as base:
        status, _ = get(f"{base}/healthz")

    assert status == 200
    taken, used = first_port_taken
    assert base == f"http://127.0.0.1:{used}"
    assert used != taken


def test_the_smtp_server_starts_on_another_port_when_the_first_was_taken_meanwhile(first_port_taken):
    with smtp_server() as (mailbox, port), smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
        client.sendmail(
            "portal@example.com", ["laura@example.com"], "To: laura@example.com\nSubject: Hello\n\nHello"
        )

    assert first_port_taken == [first_port_taken[0], port]
    assert mailbox.recipients() == ["laura@example.com"]


def test_startup_fails_clearly_without_a_secret_key(tmp_path):
    env = production_env()
    del env["SECRET_KEY"]
    result = _run_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_embedded_defaults_need_no_environment(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings",
        "DJANGO_DEBUG": "1",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.TIME_ZONE)"
    )
    result = _run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "Europe/Helsinki",
    ]


@pytest.mark.parametrize(
    "database_url, options",
    [
        ("postgres://portal@db:5432/portal", "-c jit=off"),
        ("postgres://portal@db/portal?options=-c%20statement_timeout%3D5000", "-c statement_timeout=5000"),
        ("sqlite:////tmp/portal.sqlite3", None),
    ],
)
def test_postgresql_compiles_no_queries_unless_the_database_url_says_otherwise(database_url, options):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": database_url,
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(repr(s.DATABASES['default'].get('OPTIONS', {}).get('options')))"
    )
    result = _run_python(code, env)
    assert result.stdout.strip() == repr(options), result.stderr


def test_debug_is_off_unless_asked_for():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings",
        "SECRET_KEY": "x" * 50,
    }
    result = _run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)", env
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.skipif(not BROKER_URL, reason="needs CELERY_BROKER_URL (CI sets Redis)")
def test_a_worker_started_by_hand_runs_tasks_from_the_broker(tmp_path):
    queue = f"test-{uuid.uuid4().hex}"
    result_backend = BROKER_URL
    env = production_env(
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_RESULT_BACKEND=result_backend,
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    )
    log = tmp_path / "worker.log"
    command = [
        str(BIN / "celery"),
        "-A",
        "helsinki_intl",
        "worker",
        "--pool",
        "solo",
        "--queues",
        queue,
        "--hostname",
        f"{queue}@%h",
        "--loglevel",
        "INFO",
    ]
    with running(command, env, log) as process:
        wait_for_output("ready.", process, log)
        client = Celery(broker=BROKER_URL, backend=result_backend)
        try:
            result = client.send_task("helsinki_intl.ping", queue=queue)
            assert result.get(timeout=20) == "pong"
        finally:
            client.close()


@pytest.mark.skipif(not BROKER_URL, reason="needs CELERY_BROKER_URL (CI sets Redis)")
def test_beat_starts_by_hand(tmp_path):
    env = production_env(CELERY_BROKER_URL=BROKER_URL)
    log = tmp_path / "beat.log"
    command = [
        str(BIN / "celery"),
        "-A",
        "helsinki_intl",
        "beat",
        "--schedule",
        str(tmp_path / "beat-schedule"),
        "--loglevel",
        "INFO",
    ]
    with running(command, env, log) as process:
        wait_for_output("beat: Starting", process, log)
        assert process.poll() is None


def _run_check(env):
    return _run_python("import django; django.setup()", env)


def _run_python(code: str, env):
    import subprocess

    from .processes import PROJECT

    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.skipif(not BROKER_URL, reason="needs CELERY_BROKER_URL (CI sets Redis)")
def test_a_worker_started_by_hand_beats_for_the_readiness_check_and_logs_json(tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    cache_url = f"{BROKER_URL.rsplit('/', 1)[0]}/1"
    env = production_env(
        CELERY_BROKER_URL=BROKER_URL,
        CACHE_URL=f"{cache_url.replace('redis://', 'rediscache://')}?key_prefix={prefix}",
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        LOG_FORMAT="json",
    )
    log = tmp_path / "worker.log"
    command = [str(BIN / "celery"), "-A", "helsinki_intl", "worker", "--pool", "solo"]
    command += ["--queues", prefix, "--hostname", f"{prefix}@%h", "--loglevel", "INFO"]
    heartbeats = RedisCache(cache_url, {"KEY_PREFIX": prefix})
    with running(command, env, log) as process:
        wait_for_output("ready.", process, log)
        heard = heartbeats.get(WORKER_HEARTBEAT_KEY)
    assert heard is not None
    assert datetime.datetime.now(datetime.UTC) - datetime.datetime.fromisoformat(heard) < datetime.timedelta(
        minutes=1
    )
    [ready] = [line for line in log.read_text().splitlines() if line.startswith("{") and "ready." in line]
    assert json.loads(ready)["level"] == "INFO"
    heartbeats.delete(WORKER_HEARTBEAT_KEY)
