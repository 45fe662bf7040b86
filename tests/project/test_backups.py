"""The restore drill: `make backup` of a database holding every kind of record and its history,
`make restore` into a fresh one, and every row of every table is there again, history included.
(The portal stores no files of its own: the database is all there is to back up.)"""

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from psycopg import sql

from .processes import BIN, PROJECT, production_env

pytestmark = pytest.mark.processes

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))
SERVER = DATABASE_URL.split("?", 1)[0].rsplit("/", 1)[0]
RECORD_TABLES = [
    "networks_membership",
    "networks_historicalmembership",
    "partnerships_partnership",
    "partnerships_historicalpartnership",
    "eu_projects_application",
    "eu_projects_historicalapplication",
    "events_eventbid",
    "events_historicaleventbid",
]


@pytest.fixture
def databases():
    """Two empty databases on the test's PostgreSQL server, dropped afterwards."""
    names = [f"hi_drill_{uuid.uuid4().hex[:12]}_{side}" for side in ("backed_up", "restored")]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        for name in names:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield [f"{SERVER}/{name}" for name in names]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        for name in names:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def run(command: list[str], **environment: str) -> str:
    env = production_env(DJANGO_SETTINGS_MODULE="helsinki_intl.settings", **environment)
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def fingerprints(database_url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of all its rows."""
    with psycopg.connect(database_url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        found = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
            )
            found[table] = connection.execute(query.format(sql.Identifier(table))).fetchone()
    return found


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs DATABASE_URL on PostgreSQL (CI sets it)")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs PostgreSQL's client tools")
def test_a_backup_restores_every_record_and_its_history(databases, tmp_path):
    backed_up, restored = databases
    python = str(BIN / "python")
    run([python, "manage.py", "migrate", "--no-input"], DATABASE_URL=backed_up)
    run([python, "manage.py", "seed_demo"], DATABASE_URL=backed_up)

    dump = run(["make", "--no-print-directory", "backup"], DATABASE_URL=backed_up, BACKUP_DIR=str(tmp_path))
    backup = dump.strip().splitlines()[-1]
    run(["make", "--no-print-directory", "restore", f"BACKUP={backup}"], DATABASE_URL=restored)

    before, after = fingerprints(backed_up), fingerprints(restored)
    assert after == before
    for table in RECORD_TABLES:
        assert before[table][0] > 0, f"the demo data has no rows in {table}"
