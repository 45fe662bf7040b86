"""Countries by their ISO 3166-1 alpha-2 code, named in the active language by CLDR (Babel)."""

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# CLDR also names regions that have no ISO 3166-1 code of their own (or only a reserved one).
_NOT_ISO_3166_1 = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}

COUNTRY_CODES = frozenset(
    code
    for code in Locale("en").territories
    if len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166_1
)


def _territories():
    return Locale.parse((get_language() or "fi").replace("-", "_")[:2]).territories


def country_name(code: str) -> str:
    return _territories().get(code, code)


class CountryNamed:
    """A record with a `country` code: the country's name in the active language."""

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""


def country_choices(codes=COUNTRY_CODES) -> list[tuple[str, str]]:
    """The countries (every one, unless `codes` names some), sorted by name in the active language."""
    names = _territories()
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda choice: choice[1])


def validate_country_code(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _("Give the country as its two-letter ISO 3166-1 code, e.g. FI or BE."),
            code="invalid_country",
        )
