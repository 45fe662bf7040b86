"""How the portal writes a date: one format a language (5.1.2026, 2026-01-05, 05/01/2026)."""

import datetime

from django.utils import formats


def short_date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")
