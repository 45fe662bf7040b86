"""docker-compose.yml runs the same processes the process tests start by hand, wired through the
environment variables the settings read."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from helsinki_intl.settings import env

COMPOSE = yaml.safe_load(Path(settings.BASE_DIR, "docker-compose.yml").read_text())


PORTAL_SERVICES = ("migrate", "web", "worker", "beat")
ONE_OFF = "migrate"


def test_compose_has_the_production_shape():
    assert set(COMPOSE["services"]) == {"migrate", "web", "worker", "beat", "db", "redis", "mail"}


def test_the_portal_services_share_one_environment_that_the_settings_read():
    environments = [COMPOSE["services"][name]["environment"] for name in PORTAL_SERVICES]
    assert all(environment == environments[0] for environment in environments)
    assert set(environments[0]) <= set(env.scheme)
    assert environments[0]["DATABASE_URL"].startswith("postgres://")
    assert environments[0]["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert environments[0]["EMAIL_URL"] == "smtp://mail:1025"
    # Shared by the web processes, so that a change through one is seen through all at once.
    assert environments[0]["CACHE_URL"] == "rediscache://redis:6379/1"


def test_the_services_run_the_commands_the_process_tests_start():
    services = COMPOSE["services"]
    assert services["web"]["command"].startswith("gunicorn --config gunicorn.conf.py helsinki_intl.wsgi:")
    assert services["worker"]["command"].startswith("celery -A helsinki_intl worker")
    assert services["beat"]["command"].startswith("celery -A helsinki_intl beat")
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_the_composed_portal_logs_json_lines_unless_told_otherwise():
    assert COMPOSE["services"]["web"]["environment"]["LOG_FORMAT"] == "${LOG_FORMAT:-json}"


def test_every_service_but_the_one_off_migration_has_a_health_check_and_restarts():
    for name, service in COMPOSE["services"].items():
        if name == ONE_OFF:
            assert service["restart"] == "no"
            assert "healthcheck" not in service
            continue
        assert service["restart"] == "unless-stopped", name
        check = service["healthcheck"]
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert {"interval", "timeout", "retries"} <= set(check), name


def test_the_migration_runs_once_and_the_portal_waits_for_it():
    migrate = COMPOSE["services"][ONE_OFF]
    assert migrate["command"] == "python manage.py migrate --no-input"
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in ("web", "worker", "beat"):
        service = COMPOSE["services"][name]
        assert service["depends_on"][ONE_OFF] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in service["command"], name


def test_every_image_is_pinned_to_a_version():
    images = {name: service["image"] for name, service in COMPOSE["services"].items() if "image" in service}
    assert set(images) == {"db", "redis", "mail"}
    for name, image in images.items():
        _repository, _colon, tag = image.rpartition(":")
        assert re.fullmatch(r"v?\d+\.\d+(\.\d+)?", tag), (name, image)
    dockerfile = Path(settings.BASE_DIR, "Dockerfile").read_text()
    for image in re.findall(r"^FROM (\S+)", dockerfile, flags=re.M):
        assert re.search(r":\d+\.\d+\.\d+", image), image


def test_every_port_is_bound_to_this_machine_only():
    published = [port for service in COMPOSE["services"].values() for port in service.get("ports", [])]
    assert published == ["127.0.0.1:8000:8000", "127.0.0.1:8025:8025"]


def test_the_web_and_the_image_start_gunicorn_with_its_configuration_file():
    assert COMPOSE["services"]["web"]["command"] == (
        "gunicorn --config gunicorn.conf.py helsinki_intl.wsgi:application"
    )
    dockerfile = Path(settings.BASE_DIR, "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py", "helsinki_intl.wsgi:application"]' in dockerfile


def test_the_web_s_health_check_is_the_cheap_liveness_check():
    assert "/healthz" in " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
