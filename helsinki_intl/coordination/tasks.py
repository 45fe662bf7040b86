"""Celery tasks: thin, safe to run twice or at the same time."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from .delivery import record_due_reminders, send_ready_reminders
from .models import ScheduledRun

logger = logging.getLogger(__name__)


def record_beat_start(**kwargs) -> None:
    """Connected to beat's start: until the reminder sweep first runs, the readiness check
    counts from it."""
    try:
        ScheduledRun.objects.record(ScheduledRun.BEAT_STARTED)
    except Exception:
        logger.warning("beat's start not recorded", exc_info=True)


@shared_task(name="coordination.send_reminders")
def send_reminders(day: str | None = None) -> dict:
    """The daily sweep: record the reminders due today, then send what is ready."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    recorded = record_due_reminders(today)
    report = send_ready_reminders(today=today)
    ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP)
    return {"recorded": recorded, "sent": len(report.sent), "failed": len(report.failed)}


@shared_task(name="coordination.retry_reminders")
def retry_reminders() -> dict:
    """Between sweeps: send reminders whose earlier attempt failed and whose pause is over."""
    report = send_ready_reminders()
    return {"sent": len(report.sent), "failed": len(report.failed)}
