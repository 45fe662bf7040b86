"""Fixtures of the single sign-on tests: the stub provider, single sign-on turned on, the audit log."""

import logging

import pytest

from tests.project.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    SUBJECT,
    USERNAME,
    StubProvider,
    new_key,
    turn_single_sign_on_off,
    turn_single_sign_on_on,
)


@pytest.fixture(scope="module")
def signing_key():
    return new_key()


@pytest.fixture
def provider(signing_key):
    stub = StubProvider(CLIENT_ID, CLIENT_SECRET, signing_key).start()
    stub.next_claims = {
        "sub": SUBJECT,
        "preferred_username": USERNAME,
        "given_name": "Aino",
        "family_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "locale": "sv-FI",
        "groups": ["unit:kuva", "helsinki-intl-affairs", "all-staff"],
    }
    yield stub
    stub.stop()


@pytest.fixture
def sso(settings, provider):
    """Single sign-on on against the stub provider."""
    turn_single_sign_on_on(settings, provider.issuer, CLIENT_ID, CLIENT_SECRET)
    yield provider
    turn_single_sign_on_off(settings)


@pytest.fixture
def audit_log():
    records: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Handler(level=logging.DEBUG)
    loggers = [
        logging.getLogger("helsinki_intl.audit"),
        logging.getLogger("helsinki_intl.accounts.oidc"),
        logging.getLogger("helsinki_intl.accounts.oidc_views"),
    ]
    for logger in loggers:
        logger.addHandler(handler)
    yield records
    for logger in loggers:
        logger.removeHandler(handler)
