from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "helsinki_intl.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # Each register declares its reviewable record types in its own `reviewable.py`,
        # as apps declare their admin in `admin.py`.
        autodiscover_modules("reviewable")
