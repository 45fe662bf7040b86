from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """The coordination group's reviews, reminders, calendar, dashboard and summary. The
    registers' declarations (`register.py`, read by the records app) say what each takes part in."""

    name = "helsinki_intl.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from celery.signals import beat_init
        from django.db.models.signals import post_migrate

        from .reminders import create_reminder_schedules
        from .tasks import record_beat_start

        beat_init.connect(record_beat_start, dispatch_uid="coordination.record_beat_start")
        post_migrate.connect(
            create_reminder_schedules, sender=self, dispatch_uid="coordination.create_reminder_schedules"
        )
