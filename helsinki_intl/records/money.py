"""Money as the portal shows it: euros in the active language's way (1 234,50 € in Finnish)."""

from decimal import Decimal

from babel.numbers import format_currency
from django.utils.translation import get_language

BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_IE"}


def format_euros(value) -> str:
    if value in (None, ""):
        return "—"
    locale = BABEL_LOCALES.get((get_language() or "fi")[:2], "fi_FI")
    return format_currency(Decimal(value), "EUR", locale=locale)
