from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helsinki_intl.accounts"
    label = "accounts"
    verbose_name = _("Sign-in and sessions")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
