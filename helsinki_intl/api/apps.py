from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only REST API of the registers and the personal tokens it is read with."""

    name = "helsinki_intl.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import schema, signals  # noqa: F401 (registered on import)
