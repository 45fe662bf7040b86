"""Celery tasks: thin, safe to run twice or at the same time."""

import datetime

from celery import shared_task
from django.utils import timezone

from helsinki_intl.coordination.models import ScheduledRun

from .delivery import record_digests, send_ready_emails
from .dispatch import dispatch_events

DIGEST_SWEEP = "notification-digests"


@shared_task(name="notifications.dispatch")
def dispatch() -> dict:
    """Tells the followers of the events not yet dispatched, and sends the decisions told at once."""
    dispatched = dispatch_events()
    report = send_ready_emails() if dispatched else None
    return {"dispatched": dispatched, "sent": len(report.sent) if report else 0}


@shared_task(name="notifications.send_digests")
def send_digests(day: str | None = None) -> dict:
    """The daily sweep: record the digests due today, then send what is ready."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    dispatch_events()  # what happened until now goes into today's digests
    recorded = record_digests(today)
    report = send_ready_emails()
    ScheduledRun.objects.record(DIGEST_SWEEP)
    return {"recorded": recorded, "sent": len(report.sent), "failed": len(report.failed)}


@shared_task(name="notifications.retry_emails")
def retry_emails() -> dict:
    """Between sweeps: send the e-mails whose earlier attempt failed and whose pause is over."""
    report = send_ready_emails()
    return {"sent": len(report.sent), "failed": len(report.failed)}
