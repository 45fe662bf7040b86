"""Writes of the EU funding register that touch more than one row."""

from helsinki_intl.records.services import record_save

from .models import Application


def application_save(*, form, user) -> Application:
    """Saves a validated application form; its timeline notes a new status (`records.services`)."""
    return record_save(form=form, by=user)
