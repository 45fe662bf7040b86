"""What the property tests share: hostile values, the settings they run with, one
rolled-back savepoint per example, and the pages that must show a record once it is saved.

Each kind of hostile value has a list of named values, which the `..._every_named_value` tests
post to every field of that kind, and a strategy that Hypothesis draws from: the named values
and generated ones.
"""

import contextlib
import datetime
from decimal import Decimal

from django.apps import apps
from django.db import connection, models, transaction
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from helsinki_intl.coordination.calendar import may_use_city_feed
from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.records.export.writers import FORMATS as EXPORT_FORMATS
from helsinki_intl.records.fields import RangeChecked

# The fixtures (records and signed-in clients) are function-scoped and so shared by all examples
# of a test; that is safe because every example's writes are rolled back (see `isolated`). How
# many examples a test tries, and whether the same ones each run, is the profile's (conftest.py);
# a test that tries more asks for a multiple of it.
hostile_settings = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

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
NAMED_TEXT = [
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
    # Control characters: one-line fields refuse them; none may reach a header or a log.
    "a\nb",
    "line\r\nbreak",
    "\r",
    "\x1b[31mred",
    "tab\there",
    "\x7f",
    "\x85",
    "\x0b\x0c",
    "name\u2028next",
]
HOSTILE_TEXT = st.one_of(st.sampled_from(NAMED_TEXT), st.text(max_size=200))
NAMED_NUMBERS = [
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
    # Amounts at and beyond the largest a register holds (ranges.MAX_EUROS).
    "99999999999.99",
    "99999999999.995",
    "100000000000",
    "1e11",
    "-99999999999.99",
    "1E+11",
]
HOSTILE_NUMBERS = st.one_of(
    st.sampled_from(NAMED_NUMBERS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
NAMED_DATES = [
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
    # The edges of the city's years (see helsinki_intl/records/ranges.py) and just beyond.
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "1900-01-01T00:00",
    "2100-12-31T23:59",
    "1899-12-31T23:59",
    "2101-01-01T00:00",
    # Instants that a time zone moves past year 1 or year 9999.
    "0001-01-01T00:30",
    "9999-12-31T00:00",
]
HOSTILE_DATES = st.one_of(
    st.sampled_from(NAMED_DATES),
    st.dates().map(datetime.date.isoformat),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)
NAMED_COUNTS = ["1000", "-1", "-1000", "0", "3", "abc", "", "1e3", "9" * 20, "99999", "2147483648"]
HOSTILE_COUNTS = st.sampled_from(NAMED_COUNTS)
# The zones a call gives its dates in, from the earliest to the latest offset: a wall-clock time
# near year 1 or 9999 in one of them lies beyond what Python and the database can hold in UTC.
TIME_ZONES = [
    "Pacific/Kiritimati",  # UTC+14
    "Etc/GMT+12",  # UTC-12
    "America/New_York",
    "Europe/Brussels",
    "Europe/Helsinki",
    "Asia/Tokyo",
    "UTC",
]
NAMED_TIME_ZONES = [
    *TIME_ZONES,
    "Etc/GMT-14",
    "Mars/Olympus",
    "../../etc/passwd",
    "europe/brussels",
    "UTC\x00",
    "+14:00",
]
HOSTILE_TIME_ZONES = st.sampled_from(NAMED_TIME_ZONES)
NAMED_URLS = [
    "https://evil.example/",
    "//evil.example/",
    "javascript:alert(1)",
    "/\\evil.example",
    "\x00/",
    "/",
]
HOSTILE_URLS = st.sampled_from(NAMED_URLS)
WEIRD_IDS = ["0", "-1", "2147483648", "1.5", "1 OR 1=1", "[]", "9223372036854775808", "-9223372036854775809"]

# The kinds of value a field takes, by name: their named values and their strategies. An id is
# one of these or a record of another unit (the test's own).
NAMED = {
    "text": NAMED_TEXT,
    "number": NAMED_NUMBERS,
    "date": NAMED_DATES,
    "url": NAMED_URLS,
    "time zone": NAMED_TIME_ZONES,
    "count": NAMED_COUNTS,
    "id": WEIRD_IDS,
}
HOSTILE = {
    "text": HOSTILE_TEXT,
    "number": HOSTILE_NUMBERS,
    "date": HOSTILE_DATES,
    "url": HOSTILE_URLS,
    "time zone": HOSTILE_TIME_ZONES,
    "count": HOSTILE_COUNTS,
    "id": st.sampled_from(WEIRD_IDS),
}


@contextlib.contextmanager
def posting(group: str, value):
    """Names the value and its group in the failure of an assertion within."""
    try:
        yield
    except AssertionError as error:
        error.add_note(f"posting {value!r:.100} to {group}")
        raise


@contextlib.contextmanager
def isolated():
    """Rolls back whatever the block wrote, and only that."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# Columns that change without anyone editing the row: a sign-in's time, a calendar feed's last read.
SELF_CHANGING_COLUMNS = {"organisation.User": {"last_login"}, "coordination.CalendarFeed": {"last_used_at"}}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the checked apps' tables (many-to-many tables included) with its values,
    in primary key order: a refused post must leave each as it was, not only their number.

    Read with plain SQL: the ORM's query building makes it ten times slower, and the tests take
    two a post."""
    rows = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in CHECKED_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                opts = model._meta
                skipped = SELF_CHANGING_COLUMNS.get(opts.label, set())
                columns = ", ".join(
                    quote(field.column) for field in opts.concrete_fields if field.name not in skipped
                )
                cursor.execute(
                    f"SELECT {columns} FROM {quote(opts.db_table)} ORDER BY {quote(opts.pk.column)}"
                )
                rows[opts.label] = cursor.fetchall()
    return rows


def changes(before: dict[str, list[tuple]]) -> dict[str, dict[str, list[tuple]]]:
    """The rows changed since the `before` snapshot, by table: those gone and those new (a row
    whose values changed is both). Empty when every row is as it was."""
    after = snapshot()
    return {
        label: {
            "gone": [row for row in rows if row not in after[label]],
            "new": [row for row in after[label] if row not in rows],
        }
        for label, rows in before.items()
        if after[label] != rows
    }


def portal_url_names() -> list[str]:
    """The names of the portal's URLs, with their namespaces (the admin's are its own)."""
    names = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                    walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


# A record's own pages, by the view's name after the register's: `networks:membership-history`.
RECORD_PAGES = ("detail", "edit", "delete", "history")


def read_whole(response) -> bytes:
    """The response's body; a streamed one is read to its end, so an error mid-stream shows."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def get_page(client, url: str, data=None, **extra) -> tuple[int, bytes]:
    response = client.get(url, data, **extra)
    body = read_whole(response)
    assert response.status_code < 500, url
    return response.status_code, body


def _lookups_of(model) -> list[str]:
    """The lookup endpoints (`lookup-calls`) that suggest records of the model."""
    names = []
    for name in portal_url_names():
        if name.startswith("lookup-"):
            lookup = resolve(reverse(name)).func.view_initkwargs.get("lookup")
            if lookup is not None and lookup.model is model:
                names.append(name)
    return names


def _neighbours(record) -> list:
    """Records of the registers that this one refers to or that refer to it (a call's
    programme and applications): their pages show this record's values too."""
    found = []
    for relation in record._meta.get_fields():
        if relation.many_to_one and relation.concrete:
            neighbour = getattr(record, relation.name)
            if neighbour is not None:
                found.append(neighbour)
        elif relation.one_to_many and relation.auto_created:
            found += list(relation.related_model._default_manager.filter(**{relation.field.name: record})[:2])
    return [
        neighbour
        for neighbour in found
        if hasattr(neighbour, "get_absolute_url") and ":" in _url_name_of(neighbour.get_absolute_url())
    ]


def _url_name_of(url: str) -> str:
    try:
        return resolve(url).view_name
    except Resolver404:
        return ""


def expected_status(user, permission: str, record=None) -> int:
    return 200 if user.has_perm(permission, record) else 403


def assert_pages_show(record, viewers, admin_client) -> None:
    """Every page that shows the record answers as it should to each viewer, never 5xx.

    `viewers` are (client, user) pairs: the person who saved the record and international
    affairs. Each sees the record's own pages, its register's list and its exports, the lists'
    lookups, the pages of the records it refers to or that refer to it, the dashboard, the
    review queue, the review form of a reviewable record and both calendar feeds; the admin's
    change page and list of the record are asked of `admin_client` (a staff user). A page the
    viewer may not see answers 403 (a calendar feed 404), never a server error.
    """
    model = type(record)
    record = model._default_manager.get(pk=record.pk)  # as the database returns it
    opts = model._meta
    register = f"{opts.app_label}:{opts.model_name}"
    reviewable = next((each for each in reviewables if each.model is model), None)
    for client, user in viewers:
        pages = _own_pages(record, user)  # (url, query, expected status)
        list_url = reverse(f"{register}-list")
        can_list = expected_status(user, f"{opts.app_label}.view_{opts.model_name}")
        pages.append((list_url, None, can_list))
        exports = can_list if list_exports.name_for_model(model) else 404
        pages += [(list_url, {"export": file_format}, exports) for file_format in EXPORT_FORMATS]
        for name in _lookups_of(model):
            pages.append((reverse(name), {"q": str(record)[:50]}, can_list))
        for neighbour in _neighbours(record):
            neighbour_opts = neighbour._meta
            permission = f"{neighbour_opts.app_label}.view_{neighbour_opts.model_name}"
            pages.append((neighbour.get_absolute_url(), None, expected_status(user, permission, neighbour)))
        pages.append((reverse("home"), None, 200))
        queue = expected_status(user, "coordination.view_review_queue")
        pages.append((reverse("coordination:review-queue"), None, queue))
        if reviewable is not None:
            if not reviewable.records().filter(pk=record.pk).exists():
                reviewing = 404
            else:
                reviewing = 200 if reviewable.may_review(user, record) else 403
            pages.append((reviewable.review_url(record), None, reviewing))
        _feed, token = CalendarFeed.issue(user)
        pages.append((reverse("coordination:calendar-personal", args=[token]), None, 200))
        city = 200 if may_use_city_feed(user) else 404
        pages.append((reverse("coordination:calendar-city", args=[token]), None, city))
        for url, query, expected in pages:
            status, body = get_page(client, url, query)
            assert status == expected, (url, query, status, body[:500])
            if url == list_url and status == 200 and not query:
                assert record.get_absolute_url().encode() in body, "the list shows the record"
            if url == list_url and status == 200 and query == {"export": "csv"}:
                assert body.count(b"\n") >= 2, "the CSV export has rows"
    admin_pages = [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    ]
    for url in admin_pages:
        status, body = get_page(admin_client, url)
        assert status == 200, (url, status, body[:500])


def _own_pages(record, user) -> list[tuple]:
    """The record's own pages (`RECORD_PAGES`) with the status each must answer the user."""
    opts = record._meta
    register = f"{opts.app_label}:{opts.model_name}"
    names = set(portal_url_names())
    pages = []
    for view in RECORD_PAGES:
        if f"{register}-{view}" in names:
            url = reverse(f"{register}-{view}", args=[record.pk])
            action = resolve(url).func.view_class.action
            permission = f"{opts.app_label}.{action}_{opts.model_name}"
            pages.append((url, None, expected_status(user, permission, record)))
    return pages


def assert_own_pages_show(record, client, user) -> None:
    """The record's own pages answer as they should to the user, never 5xx: what the explicit
    tests ask of each of the hundreds of records they save (`assert_pages_show` every page)."""
    record = type(record)._default_manager.get(pk=record.pk)
    for url, query, expected in _own_pages(record, user):
        status, body = get_page(client, url, query)
        assert status == expected, (url, status, body[:500])


def limit(field, end: int):
    """The lowest or highest value the field may hold: its range's, or for a decimal column
    narrower than its range (a membership's fee has 12 digits), the largest its digits hold."""
    value = field.value_range()[end]
    if end and isinstance(field, models.DecimalField):
        places = field.decimal_places
        value = min(value, Decimal(10) ** (field.max_digits - places) - Decimal(1).scaleb(-places))
    return value


# The states that the amounts stored at their limits need: a co-financing amount granted stands
# only with the decision that granted it (a database check).
STATES_AT_THE_LIMITS = {"eu_projects.application": {"cofinancing_decision": "granted"}}


def store_at_the_limits(records, end: int) -> None:
    """Stores the records' ranged values, and those of the rows each owns (goals, roles,
    contacts, status changes, reviews), at one end of their ranges: `end` 0 the lowest, 1 the
    highest. With an update, which no model validation stands between.

    A call's dates are also put in the zone that moves them furthest from UTC at that end.
    """
    for record in records:
        targets = [record]
        for relation in record._meta.related_objects:
            if relation.one_to_many:
                targets += relation.related_model._default_manager.filter(**{relation.field.name: record})
        for target in targets:
            fields = target._meta.concrete_fields
            values = {field.name: limit(field, end) for field in fields if isinstance(field, RangeChecked)}
            values.update(STATES_AT_THE_LIMITS.get(target._meta.label_lower, {}))
            if any(field.name == "deadline_timezone" for field in fields):
                values["deadline_timezone"] = "Pacific/Kiritimati" if end else "Etc/GMT+12"
            if values:
                type(target)._default_manager.filter(pk=target.pk).update(**values)
