"""Bulk inserts that still leave each record its "created" history row.

Bulk inserts skip `save()` and its signals, so django-simple-history records nothing by
itself: each record's historical row is written here as well, and each many-to-many link
gets its historical row under the record's "created" row, as a save through the portal's
forms would leave them.

On PostgreSQL the rows go in with COPY, their ids drawn from the tables' sequences first:
several times faster than `bulk_create`, which spends most of its time preparing each value
in Python. Elsewhere (SQLite) `bulk_create` and simple-history's `bulk_history_create` do it.
"""

import operator
from collections import Counter

from django.db import connection, models
from django.utils import timezone
from psycopg import sql

BATCH_SIZE = 2000


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


class BulkWriter:
    """Inserts rows in batches with their history, counting what it wrote per model."""

    def __init__(self, *, batch_size: int = BATCH_SIZE):
        self.batch_size = batch_size
        self.now = timezone.now()
        self.copy = connection.vendor == "postgresql"
        self.rows: Counter[type[models.Model]] = Counter()
        self.history_rows: Counter[type[models.Model]] = Counter()
        # The "created" history row of each record, for the history of its many-to-many links.
        self._history_ids: dict[type[models.Model], dict[int, int]] = {}

    def create(self, model: type[models.Model], objs: list[models.Model]) -> list[models.Model]:
        """Saves `objs` (their primary keys are set afterwards) and a "created" history row for each."""
        if not objs:
            return objs
        historical = history_model(model)
        if self.copy:
            self._copy_objects(model, objs)
            if historical is not None:
                history_ids = self._copy_history(historical, objs)
        else:
            objs = model._default_manager.bulk_create(objs, batch_size=self.batch_size)
            if historical is not None:
                history = getattr(model, model._meta.simple_history_manager_attribute)
                created = history.bulk_history_create(objs, batch_size=self.batch_size, default_date=self.now)
                history_ids = [row.history_id for row in created]
        self.rows[model] += len(objs)
        if historical is not None:
            self.history_rows[model] += len(objs)
            self._history_ids.setdefault(model, {}).update(
                zip((obj.pk for obj in objs), history_ids, strict=True)
            )
        return objs

    def link(self, model: type[models.Model], field_name: str, pairs: list[tuple[int, int]]) -> None:
        """Adds many-to-many links (record pk, related pk), with history where the model keeps it."""
        if not pairs:
            return
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        if self.copy:
            ids = self._next_ids(through, len(pairs))
            self._copy(
                through._meta.db_table,
                ["id", source, target],
                [(i, *pair) for i, pair in zip(ids, pairs, strict=True)],
            )
        else:
            links = through._default_manager.bulk_create(
                [through(**{source: record, target: related}) for record, related in pairs],
                batch_size=self.batch_size,
            )
            ids = [link.pk for link in links]
        self.rows[through] += len(pairs)
        historical = history_model(model)
        tracked = {f.name for f in getattr(historical, "_history_m2m_fields", ())}
        if field_name not in tracked or model not in self._history_ids:
            return
        link_history = getattr(historical, field_name).model
        history_ids = self._history_ids[model]
        rows = [
            (i, history_ids[record], record, related) for i, (record, related) in zip(ids, pairs, strict=True)
        ]
        if self.copy:
            columns = ["m2m_history_id", "id", "history_id", source, target]
            history_pks = self._next_ids(link_history, len(rows))
            self._copy(
                link_history._meta.db_table,
                columns,
                [(pk, *row) for pk, row in zip(history_pks, rows, strict=True)],
            )
        else:
            link_history._default_manager.bulk_create(
                [
                    link_history(id=i, history_id=history, **{source: record, target: related})
                    for i, history, record, related in rows
                ],
                batch_size=self.batch_size,
            )
        self.history_rows[through] += len(rows)

    def _copy_objects(self, model: type[models.Model], objs: list[models.Model]) -> None:
        for obj, pk in zip(objs, self._next_ids(model, len(objs)), strict=True):
            obj.pk = pk
        fields = model._meta.concrete_fields
        for field in fields:
            # What `save()` would fill in: the auto_now and auto_now_add timestamps.
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for obj in objs:
                    field.pre_save(obj, add=True)
        values = operator.attrgetter(*(field.attname for field in fields))
        self._copy(model._meta.db_table, [field.column for field in fields], map(values, objs))

    def _copy_history(self, historical: type[models.Model], objs: list[models.Model]) -> list[int]:
        """The "created" history rows, as simple-history's `bulk_history_create` writes them."""
        meta = historical._meta
        tracked = [field.attname for field in historical.tracked_fields]
        columns = [meta.get_field(field.name).column for field in historical.tracked_fields]
        columns += ["history_id", "history_date", "history_change_reason", "history_type", "history_user_id"]
        ids = self._next_ids(historical, len(objs))
        values = operator.attrgetter(*tracked)
        self._copy(
            meta.db_table,
            columns,
            ((*values(obj), pk, self.now, "", "+", None) for obj, pk in zip(objs, ids, strict=True)),
        )
        return ids

    def _next_ids(self, model: type[models.Model], count: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _copy(self, table: str, columns: list[str], rows) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            # Choices (str enums) go in as their values: psycopg dumps a str subclass as a str.
            for row in rows:
                copy.write_row(row)
