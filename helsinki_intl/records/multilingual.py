"""Reference data named in Finnish, Swedish and English."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import LineField

NAME_FIELDS = ("name_fi", "name_sv", "name_en")


class TranslatedName(models.Model):
    """A name in each of the portal's languages; `name` answers in the active one."""

    name_fi = LineField(_("name in Finnish"), max_length=200)
    name_sv = LineField(_("name in Swedish"), max_length=200, blank=True)
    name_en = LineField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi
