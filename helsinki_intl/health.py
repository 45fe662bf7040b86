"""Health checks, neither needing a sign-in.

`GET /healthz`, the cheap liveness check: is the database reachable, and the Celery broker
(unless tasks run eagerly)? `GET /readyz`, the readiness check: the database, the cache, the
broker, whether a Celery worker has been heard from lately, and when the daily reminder sweep last
ran. It answers 503 naming the parts that are down. With eager Celery (no broker, the embedded
default) there is no broker, worker or beat: those parts read "not used".
"""

import datetime
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from helsinki_intl.celery import app as celery_app
from helsinki_intl.heartbeat import WORKER_HEARTBEAT_SECONDS, last_worker_heartbeat

BROKER_TIMEOUT_SECONDS = 2
NOT_USED = "not used"
# A worker writes its heartbeat to the shared cache every WORKER_HEARTBEAT_SECONDS
# (`helsinki_intl.heartbeat`); three missed beats and it reads "down".
WORKER_SILENT_AFTER = datetime.timedelta(seconds=3 * WORKER_HEARTBEAT_SECONDS)
# The sweep runs daily; a day and two hours allows for a clock change and the sweep's own time.
SWEEP_STALE_AFTER = datetime.timedelta(hours=26)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "down"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        return "down"
    return "ok"


def cache_status() -> str:
    key, value = f"health:probe:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:
        return "down"
    return "ok" if answered == value else "down"


def worker_status(now: datetime.datetime) -> tuple[str, str | None]:
    """The worker part and when a worker was last heard from."""
    try:
        heard = last_worker_heartbeat()
    except Exception:
        return "down", None
    if heard is None:
        return "down", None
    last_seen = datetime.datetime.fromisoformat(heard)
    return ("ok" if now - last_seen <= WORKER_SILENT_AFTER else "down"), heard


def sweep_status(now: datetime.datetime) -> tuple[str, str | None]:
    """The reminder sweep part and when the sweep last ran. Before its first run it is "ok" while
    beat started within the sweep's day."""
    from helsinki_intl.coordination.models import ScheduledRun

    try:
        runs = ScheduledRun.objects.last_runs(ScheduledRun.REMINDER_SWEEP, ScheduledRun.BEAT_STARTED)
    except Exception:
        return "down", None
    last_sweep = runs.get(ScheduledRun.REMINDER_SWEEP)
    since = last_sweep or runs.get(ScheduledRun.BEAT_STARTED)
    status = "ok" if since is not None and now - since <= SWEEP_STALE_AFTER else "down"
    return status, last_sweep.isoformat() if last_sweep else None


@never_cache
@require_GET
def healthz(request):
    report = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in ("ok", "eager") for value in report.values())
    report = {"status": "ok" if healthy else "error", **report}
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def readyz(request):
    now = timezone.now()
    parts = {"database": database_status(), "cache": cache_status()}
    seen = {}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        parts.update(broker=NOT_USED, worker=NOT_USED, reminder_sweep=NOT_USED)
    else:
        parts["broker"] = broker_status()
        parts["worker"], seen["worker_last_seen"] = worker_status(now)
        parts["reminder_sweep"], seen["reminder_sweep_last_run"] = sweep_status(now)
    failing = [name for name, status in parts.items() if status not in ("ok", NOT_USED)]
    report = {"status": "error" if failing else "ok", "failing": failing, **parts, **seen}
    return JsonResponse(report, status=503 if failing else 200)
