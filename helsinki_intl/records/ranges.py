"""The ranges a stored value may take, in one place.

The city's international work needs dates from the first twin-city ties of the last century to
plans a few decades ahead; nothing it records lies before 1900 or after 2100. Keeping every date
and time within those years also keeps it within what Python, psycopg and every time zone can
read back, so that a value one person saves never breaks a page for another (a year-1 instant
stored in UTC cannot be read at all; one in year 9999 overflows when shown in local time).

Amounts are euros: nothing the registers hold, a whole EU call's budget included, reaches a
hundred billion euros, and a cap keeps every sum of a register far from any overflow. Counts
(delegates, months, years) have ranges of their own where they are declared.
"""

import datetime
from decimal import Decimal

FIRST_YEAR = 1900
LAST_YEAR = 2100

EARLIEST_DATE = datetime.date(FIRST_YEAR, 1, 1)
LATEST_DATE = datetime.date(LAST_YEAR, 12, 31)

EARLIEST_MOMENT = datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC)
LATEST_MOMENT = datetime.datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)

MAX_EUROS = Decimal("99999999999.99")

MAX_DELEGATES = 1_000_000


def date_in_range(day: datetime.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def clamp_date(day: datetime.date) -> datetime.date:
    return min(max(day, EARLIEST_DATE), LATEST_DATE)
