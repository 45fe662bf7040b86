from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    """A journal on every record a unit owns (calls, meetings, visits, notes), attached through
    the register declarations' `unit_owned`, whatever the register."""

    name = "helsinki_intl.journal"
    label = "journal"
    verbose_name = _("Journal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from helsinki_intl.records.history import attached_histories

        from .history import journal_history
        from .services import entries_of_deleted_record

        attached_histories.append(journal_history)
        post_delete.connect(entries_of_deleted_record, dispatch_uid="journal.of_deleted_record")
