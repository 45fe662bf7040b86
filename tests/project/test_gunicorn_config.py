"""gunicorn.conf.py: the web process's settings come from the environment, with sensible defaults."""

import runpy
from pathlib import Path

from django.conf import settings

CONFIG = str(Path(settings.BASE_DIR, "gunicorn.conf.py"))
GUNICORN_VARIABLES = [
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_FORWARDED_ALLOW_IPS",
    "LOG_FORMAT",
]


def load(monkeypatch, **environment: str) -> dict:
    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONFIG)


def test_the_defaults_restart_workers_with_jitter_and_log_no_access_lines(monkeypatch):
    config = load(monkeypatch)

    assert (config["workers"], config["timeout"], config["graceful_timeout"]) == (3, 60, 30)
    assert (config["max_requests"], config["max_requests_jitter"]) == (1000, 100)
    assert config["bind"] == "0.0.0.0:8000"
    assert config["accesslog"] is None
    assert config["logconfig_dict"]["handlers"]["error_console"]["formatter"] == "plain"


def test_workers_timeouts_and_restarts_come_from_the_environment(monkeypatch):
    config = load(
        monkeypatch,
        GUNICORN_WORKERS="5",
        GUNICORN_THREADS="2",
        GUNICORN_TIMEOUT="120",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        LOG_FORMAT="json",
    )

    assert (config["workers"], config["threads"], config["timeout"]) == (5, 2, 120)
    assert (config["max_requests"], config["max_requests_jitter"]) == (500, 50)
    assert config["logconfig_dict"]["handlers"]["error_console"]["formatter"] == "json"
