"""docker-compose.yml runs the same processes the process tests start by hand, wired through the
environment variables the settings read."""

from pathlib import Path

import yaml
from django.conf import settings

from helsinki_intl.settings import env

COMPOSE = yaml.safe_load(Path(settings.BASE_DIR, "docker-compose.yml").read_text())


def test_compose_has_the_production_shape():
    assert set(COMPOSE["services"]) == {"web", "worker", "beat", "db", "redis", "mail"}


def test_the_portal_services_share_one_environment_that_the_settings_read():
    environments = [COMPOSE["services"][name]["environment"] for name in ("web", "worker", "beat")]
    assert environments[0] == environments[1] == environments[2]
    assert set(environments[0]) <= set(env.scheme)
    assert environments[0]["DATABASE_URL"].startswith("postgres://")
    assert environments[0]["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert environments[0]["EMAIL_URL"] == "smtp://mail:1025"
    # Shared by the web processes, so that a change through one is seen through all at once.
    assert environments[0]["CACHE_URL"] == "rediscache://redis:6379/1"


def test_the_services_run_the_commands_the_process_tests_start():
    services = COMPOSE["services"]
    assert "gunicorn helsinki_intl.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A helsinki_intl worker")
    assert services["beat"]["command"].startswith("celery -A helsinki_intl beat")
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_the_composed_portal_logs_json_lines_unless_told_otherwise():
    assert COMPOSE["services"]["web"]["environment"]["LOG_FORMAT"] == "${LOG_FORMAT:-json}"
