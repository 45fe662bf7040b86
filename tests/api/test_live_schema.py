"""The API as production serves it, held to its OpenAPI description: gunicorn on loopback with
production settings and the demo data, schemathesis sending generated requests to every
operation, and no answer but a refusal without a valid token.

The demo data is loaded into the test database and committed (a transactional test), so that
gunicorn reads it: on PostgreSQL from the test database itself, on SQLite (in memory) from a copy
of it in a file.
"""

import contextlib
import datetime
import importlib
import json
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from helsinki_intl.api.models import ApiToken
from helsinki_intl.api.services import token_create, token_revoke
from tests.project.processes import BIN, get, gunicorn, production_env

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

load_sdgs = importlib.import_module("helsinki_intl.strategy.migrations.0002_load_sdgs").load_sdgs

SCHEMA = "/api/schema/"
READERS = {
    # International affairs reads every field, persons too: every phase, the coverage phase's
    # boundary values of each parameter among them.
    "strategy": "examples,coverage,fuzzing,stateful",
    # A unit's staff reads the records without their persons: the inputs are the same, only the
    # answers differ, so generated requests and the records reached by the links are enough.
    "culture": "fuzzing,stateful",
}
"""Whose valid token each run reads with, and the schemathesis phases it runs."""
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
]
EXAMPLES = 10
"""Examples of each operation in each of schemathesis's phases: with the coverage phase's
boundary values, some 2,800 requests in all phases."""
FORMATS = {
    "JSON": ("", {}),
    "?format=csv": ("?format=csv", {}),
    "Accept: text/csv": ("", {"Accept": "text/csv"}),
}
"""The ways a program asks for an answer: (query, headers)."""
BEHIND_THE_PROXY = {"X-Forwarded-Proto": "https"}
"""What the proxy in front of production says of every request: it came over HTTPS."""
SERVER_TROUBLE = (" ERROR ", " CRITICAL ", "Traceback", "gunicorn.http.wsgi")
"""What gunicorn's log should not hold: an error (one in a streamed CSV comes after its 200),
or an answer of the portal's that gunicorn had to mend to send (a 304 with a body)."""


@dataclass(frozen=True)
class Tokens:
    readers: dict[str, str] = field(repr=False)
    """A valid token of each of READERS."""
    refused: dict[str, str] = field(repr=False)
    """International affairs' revoked token and expired token."""


@dataclass(frozen=True)
class Portal:
    url: str
    log: Path


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def tokens() -> Tokens:
    """The demo data, and tokens made by the token service as a person makes them."""
    # A transactional test before this one may have emptied the SDGs that the migrations load.
    load_sdgs(apps, schema_editor=None)
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects.in_bulk(list(READERS), field_name="username")
    readers = {
        name: token_create(user=users[name], name="Reporting", expires_at=in_days(1), by=users[name])[1]
        for name in READERS
    }
    strategy = users["strategy"]
    revoked, revoked_secret = token_create(user=strategy, name="Revoked", expires_at=in_days(1), by=strategy)
    token_revoke(token=revoked, by=strategy)
    expired, expired_secret = token_create(user=strategy, name="Expired", expires_at=in_days(1), by=strategy)
    ApiToken.objects.filter(pk=expired.pk).update(created_at=in_days(-2), expires_at=in_days(-1))
    return Tokens(readers=readers, refused={"revoked": revoked_secret, "expired": expired_secret})


def served_database_url(tmp_path: Path) -> str:
    """The test database for gunicorn: PostgreSQL's as it is, SQLite's (in memory) copied to a file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    copy = tmp_path / "portal.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(copy)) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}"


@pytest.fixture
def portal(tokens, tmp_path):
    env = production_env(
        DATABASE_URL=served_database_url(tmp_path),
        TRUSTED_PROXY_COUNT="1",
        # The rates are tested in test_tokens.py; here they would turn generated requests into 429s.
        API_TOKEN_RATE="1000000/hour",
        API_ADDRESS_RATE="1000000/hour",
        API_REFUSED_TOKEN_RATE="1000000/hour",
    )
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log, "--workers", "2") as url:
        yield Portal(url, log)


def server_trouble(log: Path) -> list[str]:
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if any(t in line for t in SERVER_TROUBLE)
    ]


def schemathesis(portal: Portal, reader: str, token: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """`schemathesis run` on every operation of the schema, with the same requests on every run;
    its report (tokens filtered out) names each failure with a curl command that repeats it."""
    headers = {**bearer(token), **BEHIND_THE_PROXY}
    command = [str(BIN / "schemathesis"), "run", portal.url + SCHEMA, "--checks", ",".join(CHECKS)]
    command += [option for name, value in headers.items() for option in ("--header", f"{name}: {value}")]
    command += ["--phases", READERS[reader], "--max-examples", str(EXAMPLES)]
    command += ["--generation-deterministic", "--continue-on-failure"]
    command += ["--workers", "2", "--no-color"]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)


def test_every_answer_to_generated_requests_is_as_the_schema_describes(portal, tokens, tmp_path):
    """No 5xx for any input; each answer's status, content type, headers and body documented; an
    operation that answers with a token refuses without one."""
    problems = []
    for reader, token in tokens.readers.items():
        run = schemathesis(portal, reader, token, tmp_path)
        if run.returncode != 0:
            problems.append(f"schemathesis, reading as {reader}:\n{run.stdout}{run.stderr}")
    if trouble := server_trouble(portal.log):
        problems.append("gunicorn's log:\n" + "\n".join(trouble))

    assert not problems, "\n\n".join(problems)


def operation_urls(portal: Portal, token: str) -> list[str]:
    """Every operation of the schema, a record's with the id of the first of its list."""
    status, body = get(portal.url + SCHEMA, headers={**bearer(token), **BEHIND_THE_PROXY})
    assert status == 200, body
    urls = []
    for path in yaml.safe_load(body)["paths"]:
        if "{" in path:
            listed = path.partition("{")[0]
            status, page = get(portal.url + listed, headers={**bearer(token), **BEHIND_THE_PROXY})
            assert status == 200, page
            path = f"{listed}{json.loads(page)['results'][0]['id']}/"
        urls.append(portal.url + path)
    return urls


def is_refusal(body: bytes) -> bool:
    """A refusal's body says why and nothing else, in JSON or in CSV."""
    text = body.decode("utf-8-sig")
    if text.startswith("{"):
        return json.loads(text).keys() == {"detail"}
    return text.splitlines()[:1] == ["detail"]


def test_without_a_valid_token_every_operation_refuses_in_every_format(portal, tokens):
    """No token, a revoked token, an expired token: a 401 or 403 that holds no data, where the
    valid token reads the same address."""
    credentials = {"no token": {}, **{kind: bearer(token) for kind, token in tokens.refused.items()}}
    answered = []
    for url in operation_urls(portal, tokens.readers["strategy"]):
        for asked, (query, headers) in FORMATS.items():
            status, _ = get(
                url + query, headers={**bearer(tokens.readers["strategy"]), **headers, **BEHIND_THE_PROXY}
            )
            assert status == 200, url + query
            for credential, authorization in credentials.items():
                status, body = get(url + query, headers={**authorization, **headers, **BEHIND_THE_PROXY})
                if status not in (401, 403) or not is_refusal(body):
                    answered.append(f"{credential}, {asked}: {url} answered {status}: {body[:200]!r}")

    assert answered == []
    assert server_trouble(portal.log) == []
