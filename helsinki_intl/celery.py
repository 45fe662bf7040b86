"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsinki_intl.settings")

app = Celery("helsinki_intl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="helsinki_intl.ping")
def ping() -> str:
    """Answers "pong": lets operators check end to end that a worker takes tasks."""
    return "pong"
