"""Migrations are safe to run while the old version still serves: no migration drops or renames a
column or a table in the release that stops using it.

The two-step rule (README, "Changing the database while it serves"): a release stops using a
column and removes the field from Django's state only (`SeparateDatabaseAndState` with no database
operation); a later release drops it, in a migration whose class names the release of the first
step (`second_step_of = "0.2.0"`), which must be older than this one.
"""

import re

import pytest
from django.conf import settings
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from tests.layout import project_app_labels

PROJECT_APPS = project_app_labels()
DESTRUCTIVE = (
    migrations.RemoveField,
    migrations.RenameField,
    migrations.DeleteModel,
    migrations.RenameModel,
)
DESTRUCTIVE_SQL = re.compile(r"\b(DROP\s+(COLUMN|TABLE)|RENAME\s+(COLUMN|TO))\b", re.I)


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def database_operations(operations):
    """The operations that change the database (a state-only removal does not)."""
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from database_operations(operation.database_operations)
        else:
            yield operation


def destructive(operation) -> bool:
    if isinstance(operation, DESTRUCTIVE):
        return True
    if isinstance(operation, migrations.RunSQL):
        statements = operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]
        return any(DESTRUCTIVE_SQL.search(str(statement)) for statement in statements)
    return False


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        (migration for (app, _name), migration in loader.disk_migrations.items() if app in PROJECT_APPS),
        key=lambda migration: (migration.app_label, migration.name),
    )


def test_the_project_s_migrations_are_found():
    assert {migration.app_label for migration in project_migrations()} >= {"networks", "coordination"}


def drops(migration) -> list[str]:
    return [
        operation.describe()
        for operation in database_operations(migration.operations)
        if destructive(operation)
    ]


@pytest.mark.parametrize("migration", project_migrations(), ids=lambda migration: str(migration))
def test_a_migration_drops_or_renames_only_what_an_earlier_release_stopped_using(migration):
    found = drops(migration)
    if not found:
        return
    first_step = getattr(migration, "second_step_of", None)
    assert first_step, (
        f"{migration} drops or renames ({found}) without naming the release that stopped using it"
    )
    assert version(first_step) < version(settings.PORTAL_VERSION), (
        f"{migration} drops what release {first_step} stopped using; it may ship only after that release"
    )


def test_the_check_finds_a_dropped_column_and_accepts_a_second_step():
    class Drop(migrations.Migration):
        operations = [migrations.RemoveField("membership", "old_notes")]

    class StateOnly(migrations.Migration):
        operations = [
            migrations.SeparateDatabaseAndState(
                state_operations=[migrations.RemoveField("membership", "old_notes")], database_operations=[]
            )
        ]

    class RawDrop(migrations.Migration):
        operations = [migrations.RunSQL("ALTER TABLE networks_membership DROP COLUMN old_notes")]

    assert drops(Drop("0099_drop", "networks")) == ["Remove field old_notes from membership"]
    assert drops(StateOnly("0099_state", "networks")) == []
    assert drops(RawDrop("0099_raw", "networks")) != []


def test_a_drop_ships_only_after_the_release_that_stopped_using_it():
    class Drop(migrations.Migration):
        operations = [migrations.RemoveField("membership", "old_notes")]

    earlier, same = Drop("0099_drop", "networks"), Drop("0099_drop", "networks")
    earlier.second_step_of = "0.0.9"
    same.second_step_of = settings.PORTAL_VERSION

    test_a_migration_drops_or_renames_only_what_an_earlier_release_stopped_using(earlier)
    with pytest.raises(AssertionError, match="may ship only after that release"):
        test_a_migration_drops_or_renames_only_what_an_earlier_release_stopped_using(same)
    with pytest.raises(AssertionError, match="without naming the release"):
        test_a_migration_drops_or_renames_only_what_an_earlier_release_stopped_using(Drop("0099", "networks"))
