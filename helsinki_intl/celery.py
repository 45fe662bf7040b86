"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsinki_intl.settings")

app = Celery("helsinki_intl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="helsinki_intl.ping")
def ping() -> str:
    """Answers "pong": lets operators check end to end that a worker takes tasks."""
    return "pong"


@setup_logging.connect
def use_the_portal_s_logging(**kwargs):
    """The worker and beat write their lines as the web does (LOG_FORMAT, LOG_LEVEL), not in
    Celery's own format: connected, this signal keeps Celery from configuring logging itself."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
