from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The documents every record a unit owns can carry (decisions, agreements, minutes, reports),
    attached through the register declarations' `unit_owned`, whatever the register."""

    name = "helsinki_intl.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from helsinki_intl.records.history import attached_histories

        from . import checks  # noqa: F401 (registers the checks)
        from .history import document_history
        from .services import documents_of_deleted_record

        attached_histories.append(document_history)
        post_delete.connect(documents_of_deleted_record, dispatch_uid="documents.of_deleted_record")
