from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Who follows what, and telling them: in the portal, at once by e-mail for decisions about a
    person's own records, and in daily or weekly digests. Built on the write path's domain events
    (`helsinki_intl.outbox`)."""

    name = "helsinki_intl.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from helsinki_intl.organisation.models import signed_in_annotations
        from helsinki_intl.outbox.signals import events_recorded
        from helsinki_intl.records.views import record_page_annotations

        from .dispatch import dispatch_after_commit
        from .state import follow_annotations
        from .unread import unread_annotation

        events_recorded.connect(dispatch_after_commit, dispatch_uid="notifications.dispatch_after_commit")
        record_page_annotations.append(follow_annotations)
        signed_in_annotations.append(unread_annotation)
