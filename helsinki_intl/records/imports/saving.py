"""An import's records saved in bulk, with the lists they name and the history a save leaves.

A record saved on its own writes its row, a historical row (django-simple-history), and for
each list it keeps history of (`HistoricalRecords(m2m_fields=...)`) a copy of its links under
that historical row. Here the same rows are written for all the file's records at once: the
new records with COPY (PostgreSQL; `bulk_create` elsewhere), the changed ones with
`bulk_update`, the links with `bulk_create`, and the historical rows copied by the database
from the rows just written (INSERT ... SELECT) rather than built in Python one by one.

What the models' `save()` does besides writing the row is done here too (`prepare`).
"""

import datetime
import operator

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from psycopg import sql

BATCH_SIZE = 1000
TAKEN_AS_THEY_ARE = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DecimalField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
"""Fields whose Python values psycopg writes as the database reads them (a choice as its value)."""

# The statements that copy what was just saved into the history tables. Only names from the
# models' metadata, quoted, are put in; every value is a parameter. "{among}" is the list of
# keys, an array or a list of parameters (`among`).
COPY_HISTORY = (
    "INSERT INTO {history} ({columns}) SELECT {values}, %s, %s, %s, %s FROM {table} "
    "WHERE {key} {{among}} RETURNING {history_id}"
)
COPY_LINKS = (
    "INSERT INTO {link_history} ({columns}) SELECT h.{history_id}, {values} "
    "FROM {links} t INNER JOIN {history} h ON h.{record_id} = t.{link_record_id} "
    "WHERE h.{history_id} {{among}}"
)


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def list_history_fields(model: type[models.Model]) -> set[str]:
    """The many-to-many fields whose links the model's history keeps."""
    return {field.name for field in getattr(history_model(model), "_history_m2m_fields", ())}


def batches(items: list, size: int | None = BATCH_SIZE):
    size = size or max(len(items), 1)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def among(count: int) -> str:
    """The condition "is one of `count` values" (an array on PostgreSQL, a list elsewhere)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)"
    return "IN (" + ", ".join(["%s"] * count) + ")"


def among_values(values: list) -> list:
    return [values] if connection.vendor == "postgresql" else values


def is_aware_moment(value) -> bool:
    return isinstance(value, datetime.datetime) and value.tzinfo is not None


class BulkSave:
    """Saves a model's new and changed records, their lists and their history, in a few queries.

    Use: `create()` and `update()` the records, `set_lists()` of both, then `write_history()`:
    a historical row holds the lists as they are when it is written.
    """

    def __init__(self, model: type[models.Model], *, user, change_reason: str | None):
        self.model = model
        self.user_id = getattr(user, "pk", None)
        self.change_reason = change_reason
        self.now = timezone.now()
        # PostgreSQL takes the keys as one array; elsewhere each is a parameter of its own.
        self.batch_size = None if connection.vendor == "postgresql" else BATCH_SIZE

    def prepare(self, record: models.Model, *, new: bool) -> None:
        """What the model's save() does besides writing the row (see records.models)."""
        schedule = getattr(record, "schedule_first_review", None)
        if schedule is not None:
            schedule()
        if not new and hasattr(record, "version"):
            record.version += 1

    def create(self, records: list[models.Model]) -> None:
        for record in records:
            self.prepare(record, new=True)
        if connection.vendor == "postgresql" and records and self._copyable():
            self._copy(records)
        else:
            self.model._default_manager.bulk_create(records, batch_size=BATCH_SIZE)

    def _copyable(self) -> bool:
        """Whether each column's value is the record's (none is left to the database to fill)."""
        return not any(
            field.generated or field.db_default is not models.NOT_PROVIDED
            for field in self.model._meta.concrete_fields
        )

    def _copy(self, records: list[models.Model]) -> None:
        """Insert with COPY, the primary keys drawn from the table's sequence first.

        Several times faster than bulk_create, which prepares each value in Python: here only
        the values psycopg cannot take as they are (a naive moment, say) are prepared.
        """
        meta = self.model._meta
        for record in records:
            # As bulk_create: a record's foreign key takes the key of a related record saved since.
            record._prepare_related_fields_for_save(operation_name="bulk_create")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(records)],
            )
            for record, (pk,) in zip(records, cursor.fetchall(), strict=True):
                record.pk = pk
        fields = meta.concrete_fields
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for record in records:
                    field.pre_save(record, add=True)
        values = operator.attrgetter(*(field.attname for field in fields))
        prepared = [
            (index, field)
            for index, field in enumerate(fields)
            if field.get_internal_type() not in TAKEN_AS_THEY_ARE
        ]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table),
            sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
        )
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for record in records:
                row = values(record)
                if prepared:
                    row = list(row)
                    for index, field in prepared:
                        if not is_aware_moment(row[index]):
                            row[index] = field.get_db_prep_save(row[index], connection)
                copy.write_row(row)
                record._state.adding = False
                record._state.db = connection.alias

    def update(self, records: list[models.Model]) -> None:
        fields = [field for field in self.model._meta.concrete_fields if not field.primary_key]
        stamped = [field for field in fields if getattr(field, "auto_now", False)]
        for record in records:
            self.prepare(record, new=False)
            for field in stamped:
                field.pre_save(record, add=False)
        names = [field.name for field in fields]
        self.model._default_manager.bulk_update(records, names, batch_size=BATCH_SIZE)

    def set_lists(
        self, field_name: str, lists: list[tuple[models.Model, list]], *, saved_before: list[models.Model]
    ) -> None:
        """Make each record's list `field_name` the records given for it, and nothing else.

        `lists` pairs each record with its list. The lists of the records `saved_before` this
        import are replaced; new records have none yet.
        """
        field = self.model._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        existing = {id(record) for record in saved_before}
        replaced = [record.pk for record, _related in lists if id(record) in existing]
        for pks in batches(replaced):
            through._default_manager.filter(**{f"{source}__in": pks}).delete()
        links = []
        for record, related in lists:
            for pk in dict.fromkeys(item.pk for item in related):
                links.append(through(**{f"{source}_id": record.pk, f"{target}_id": pk}))
        through._default_manager.bulk_create(links, batch_size=BATCH_SIZE)

    def write_history(self, records: list[models.Model], *, history_type: str) -> None:
        """A historical row for each record ("+" created, "~" changed), with its lists' links."""
        historical = history_model(self.model)
        if historical is None or not records or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        tracked = historical.tracked_fields
        target_columns = [historical._meta.get_field(field.name).column for field in tracked]
        target_columns += ["history_date", "history_user_id", "history_change_reason", "history_type"]
        source_columns = [field.column for field in tracked]
        pk_column = self.model._meta.pk.column
        statement = COPY_HISTORY.format(
            history=quoted(historical._meta.db_table),
            columns=", ".join(map(quoted, target_columns)),
            values=", ".join(map(quoted, source_columns)),
            table=quoted(self.model._meta.db_table),
            key=quoted(pk_column),
            history_id=quoted(historical._meta.pk.column),
        )
        history_ids = []
        with connection.cursor() as cursor:
            for pks in batches([record.pk for record in records], self.batch_size):
                cursor.execute(
                    statement.replace("{among}", among(len(pks))),
                    [self.now, self.user_id, self.change_reason, history_type, *among_values(pks)],
                )
                history_ids += [row[0] for row in cursor.fetchall()]
        for field_name in list_history_fields(self.model):
            self._copy_links(historical, field_name, history_ids)

    def _copy_links(self, historical, field_name: str, history_ids: list[int]) -> None:
        """Under each new historical row, the record's links as they now are (as simple-history does)."""
        field = self.model._meta.get_field(field_name)
        through = field.remote_field.through
        link_history = getattr(historical, field_name).model
        columns = [f.column for f in through._meta.concrete_fields]
        history_column = link_history._meta.get_field("history").column
        source_column = through._meta.get_field(field.m2m_field_name()).column
        statement = COPY_LINKS.format(
            link_history=quoted(link_history._meta.db_table),
            columns=", ".join(map(quoted, [history_column, *columns])),
            history_id=quoted(historical._meta.pk.column),
            values=", ".join("t." + quoted(column) for column in columns),
            links=quoted(through._meta.db_table),
            history=quoted(historical._meta.db_table),
            record_id=quoted(historical._meta.get_field(self.model._meta.pk.name).column),
            link_record_id=quoted(source_column),
        )
        with connection.cursor() as cursor:
            for ids in batches(history_ids, self.batch_size):
                cursor.execute(statement.replace("{among}", among(len(ids))), among_values(ids))
