"""Writes of the EU funding register that touch more than one row."""

from django.db import transaction
from django.utils import timezone

from .models import Application, ApplicationStatusChange


def application_status_note(*, application: Application, previous_status: str | None, user) -> None:
    """Records the day the application reached its status, when it is new or the status changed."""
    if application.status == previous_status:
        return
    ApplicationStatusChange.objects.create(
        application=application,
        status=application.status,
        changed_on=timezone.localdate(),
        changed_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def application_save(*, form, user) -> Application:
    """Saves a validated application form and notes a new status in the application's timeline."""
    previous_status = form.instance.saved_status
    application = form.save()
    application_status_note(application=application, previous_status=previous_status, user=user)
    return application
