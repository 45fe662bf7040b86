"""Writes of the EU funding register that touch more than one row."""

from helsinki_intl.records.services import record_save

from .models import Application, CoFinancingAppropriation


def application_save(*, form, user) -> Application:
    """Saves a validated application form; its timeline notes a new status (`records.services`)."""
    return record_save(form=form, by=user)


def appropriation_lock(*, year: int | None, application: Application | None = None):
    """Locks the year's central project appropriation until the transaction ends, and returns it
    (None when the year has none). Whoever grants co-financing from it takes this lock before
    weighing the grant against what the year has left: the grant step, the admin and the
    imports. Two grants made at the same moment are then weighed one after the other, the second
    on what the first left, and together never overdraw the appropriation.

    A saved `application` is locked first, as the step locks it, so that two writers granting
    the same application take the locks in the same order.
    """
    if application is not None and application.pk:
        Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").first()
    if year is None:
        return None
    return CoFinancingAppropriation.objects.select_for_update().filter(year=year).first()
