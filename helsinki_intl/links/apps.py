from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """Links between records of different registers (an application that came through a
    membership), declared by each register in its `register.py`, and the trail they make on a
    record's page."""

    name = "helsinki_intl.links"
    label = "links"
    verbose_name = _("Links between records")

    def ready(self) -> None:
        from helsinki_intl.records.history import history_sources
        from helsinki_intl.records.services import before_record_delete

        from .history import link_history
        from .services import links_removed_with

        history_sources.append(link_history)
        before_record_delete.append(links_removed_with)
