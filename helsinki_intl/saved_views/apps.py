from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavedViewsConfig(AppConfig):
    """A person's lists saved with their filters and sorting, kept for themselves or shared."""

    name = "helsinki_intl.saved_views"
    label = "saved_views"
    verbose_name = _("Saved views")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
