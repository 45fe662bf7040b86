from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuProjectsConfig(AppConfig):
    name = "eu_projects"
    verbose_name = _("EU projects")
