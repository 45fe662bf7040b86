"""The portal in a real browser: Debian's Chromium driven by Playwright, against a live server
holding the demo data.

The demo data is loaded once for the whole browser suite and the server keeps it between tests,
so these tests do not use pytest-django's per-test database: they write to it only through the
server. pytest-django runs tests without a database mark after all the others, and the database
is emptied again when the suite is done.

Chromium missing fails the suite; BROWSER_TESTS_MAY_SKIP=1 lets a developer's machine without it
skip them instead (CI never sets it).
"""

import threading

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import override_settings, setup_databases, teardown_databases
from pytest_django.live_server_helper import LiveServer

from helsinki_intl.strategy.models import SDG
from helsinki_intl.strategy.sdgs import SDGS

from .browsers import launched_chromium, signed_in_context


@pytest.fixture(scope="session")
def browser(portal):
    # Started after the server, so that the browser and its open connections to the server are
    # gone before the server stops.
    with launched_chromium() as chromium:
        yield chromium


def load_sdgs() -> None:
    """The SDGs come with the migrations; a transactional test before this suite may have emptied them."""
    for number, name_fi, name_sv, name_en, colour in SDGS:
        SDG.objects.update_or_create(
            number=number,
            defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en, "colour": colour},
        )


def on_test_database() -> bool:
    name = str(connection.settings_dict["NAME"])
    return name.startswith("test_") or "mode=memory" in name


@pytest.fixture(scope="session")
def browser_database(django_db_setup, django_db_blocker):
    """The test database, never the one DATABASE_URL names.

    pytest-django creates it only when a selected test declares the database (by a mark or a
    fixture); these tests reach it through the live server alone, so when they run by themselves
    they create it here.
    """
    if on_test_database():
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    assert on_test_database()
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


def wait_for_request_threads(timeout: float = 10) -> None:
    """The stopped server's request threads end as the browsers' connections close, and close
    their database connections as they end; the test database can only be dropped after that."""
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout)


def end_other_database_sessions() -> None:
    """Now and then a connection of the stopped server outlives its thread on PostgreSQL, and the
    test database cannot be dropped while it is open: end any such session."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def portal(browser_database, django_db_blocker):
    """The base URL of a live server with the demo data and the demo accounts (password `demo`).

    Served over plain HTTP on loopback, so the cookies cannot be HTTPS-only here.
    """
    database = connections.settings[DEFAULT_DB_ALIAS]
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        override_settings(
            SECURE_SSL_REDIRECT=False,
            SESSION_COOKIE_SECURE=False,
            CSRF_COOKIE_SECURE=False,
            # The hasher every test uses (tests/conftest.py), so the demo passwords check there.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        # Playwright's synchronous API keeps an event loop in the tests' thread; Django takes that
        # for async code and refuses the ORM there, though the tests' own queries are synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Each request closes its database connection, so none is left open when the server stops.
        patch.setitem(database, "CONN_MAX_AGE", 0)
        load_sdgs()
        with override_settings(DEBUG=True):  # the demo accounts exist in demo mode only
            call_command("seed_demo", "--accounts", verbosity=0)
        server = LiveServer("127.0.0.1:0")
        try:
            yield server.url
        finally:
            server.stop()
            wait_for_request_threads()
            end_other_database_sessions()
            call_command("flush", interactive=False, verbosity=0)
            load_sdgs()


@pytest.fixture(scope="session")
def sign_in(portal, browser):
    """Opens a browser context signed in as a demo account, in a language: sign_in(name, language)."""

    def open_context(username: str | None, language: str = "fi"):
        return signed_in_context(browser, portal, username, language)

    return open_context
