"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import logging.config
import os

from celery import Celery, bootsteps
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsinki_intl.settings")

app = Celery("helsinki_intl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Each worker writes a heartbeat to the shared cache, on the worker's own timer, so that the
    readiness check (`/readyz`) can tell a worker that stopped answering."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_entry = None

    def start(self, worker):
        from helsinki_intl.heartbeat import WORKER_HEARTBEAT_SECONDS

        record_heartbeat()
        timer = worker.timer
        self.timer_entry = timer.call_repeatedly(WORKER_HEARTBEAT_SECONDS, record_heartbeat, priority=10)

    def stop(self, worker):
        if self.timer_entry is not None:
            self.timer_entry.cancel()


def record_heartbeat() -> None:
    from helsinki_intl.heartbeat import record_worker_heartbeat

    try:
        record_worker_heartbeat()
    except Exception:  # the cache is down: the readiness check says so; the worker goes on
        logger.warning("worker heartbeat not recorded", exc_info=True)


app.steps["worker"].add(WorkerHeartbeat)


@app.task(name="helsinki_intl.ping")
def ping() -> str:
    """Answers "pong": lets operators check end to end that a worker takes tasks."""
    return "pong"


@setup_logging.connect
def use_the_portal_s_logging(loglevel=None, **kwargs):
    """The worker and beat write their lines as the web does (LOG_FORMAT), not in Celery's own
    format: connected, this signal keeps Celery from configuring logging itself. Their
    `--loglevel` sets the level, as Celery's documentation says."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
