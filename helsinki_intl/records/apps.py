from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """What every register shares: owner unit, goals, review cycle, generic views."""

    name = "helsinki_intl.records"
    label = "records"
    verbose_name = _("Registers")

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .data_version import watch_register_changes

        watch_register_changes()
        # Each register declares itself in its own `register.py`, as apps declare their admin
        # in `admin.py`, and its process, if it has one, in `process.py`.
        autodiscover_modules("register")
        autodiscover_modules("process")
