import json
import os
from unittest import mock

import pytest
from django.db.utils import OperationalError

from helsinki_intl.celery import app as celery_app


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
