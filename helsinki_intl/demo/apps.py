from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and accounts for trying the portal out (`manage.py seed_demo`)."""

    name = "helsinki_intl.demo"
    label = "demo"
    verbose_name = _("Demo data")
