"""The Celery workers' heartbeat in the shared cache: each worker writes it (the worker's bootstep in
`helsinki_intl.celery`), and the readiness check (`helsinki_intl.health`) reads it."""

from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "health:worker-heartbeat"
WORKER_HEARTBEAT_SECONDS = 30


def record_worker_heartbeat() -> None:
    """Called by each worker every WORKER_HEARTBEAT_SECONDS."""
    cache.set(WORKER_HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def last_worker_heartbeat() -> str | None:
    """When a worker was last heard from, as it wrote it (ISO 8601), or None."""
    return cache.get(WORKER_HEARTBEAT_KEY)
