from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "helsinki_intl.outbox"
    label = "outbox"
    verbose_name = _("Domain events")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .models import DomainEvent
        from .signals import tell_event_saved

        post_save.connect(tell_event_saved, sender=DomainEvent, dispatch_uid="outbox.tell_event_saved")
