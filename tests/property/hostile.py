"""What the property tests share: hostile values, the settings they run with, and one
rolled-back savepoint per example."""

import contextlib
import datetime

from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The fixtures (records and signed-in clients) are function-scoped and so shared by all examples
# of a test; that is safe because every example's writes are rolled back (see `isolated`).
hostile_settings = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Apps whose rows a refused form must leave untouched (sessions and sign-in throttling change
# on their own).
CHECKED_APPS = [
    "auth",
    "organisation",
    "strategy",
    "networks",
    "partnerships",
    "eu_projects",
    "events",
    "coordination",
]

LONG_TEXT = "x" * 100_000
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            LONG_TEXT,
            "é" * 5_000,
            "\u202eevil.exe\u202c",
            "\u200f\u200e\u061c",
            "a\x00b",
            "\x00",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE networks_network; --",
            "' OR '1'='1",
            "=cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1+1",
            "{{ request }}",
            "%(record)s %s",
            "../../etc/passwd",
            "😀" * 100,
            "\ufeff",
            "１２３",
        ]
    ),
    st.text(max_size=200),
)
HOSTILE_NUMBERS = st.one_of(
    st.sampled_from(
        [
            "-1",
            "-0",
            "1e309",
            "-1e309",
            "NaN",
            "Infinity",
            "-inf",
            "9" * 40,
            "1e-400",
            "12.345678901234567890",
            "0x10",
            "1,5",
            "1 000",
            "2147483648",
            "9223372036854775808",
            "-9223372036854775809",
        ]
    ),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
HOSTILE_DATES = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "0000-00-00",
            "31.12.2026",
            "9999-12-31",
            "0001-01-01",
            "2026-13-01",
            "10000-01-01",
            "1900-02-29",
            "2026-03-29T03:30",
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "2026-01-01\x00",
        ]
    ),
    st.dates().map(datetime.date.isoformat),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)
HOSTILE_COUNTS = st.sampled_from(["1000", "-1", "-1000", "0", "3", "abc", "", "1e3", "9" * 20])
HOSTILE_URLS = st.sampled_from(
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example", "\x00/", "/"]
)
WEIRD_IDS = ["0", "-1", "2147483648", "1.5", "1 OR 1=1", "[]", "9223372036854775808", "-9223372036854775809"]


@contextlib.contextmanager
def isolated():
    """Rolls back whatever the block wrote, and only that."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in CHECKED_APPS
        for model in apps.get_app_config(label).get_models()
    }
