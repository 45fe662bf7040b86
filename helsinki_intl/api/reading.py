"""A list's records as the serializer writes them, read as rows of values, not as model instances.

A page built from model instances spent nearly all its time building them: a hundred memberships
with their networks, units, priorities and SDGs are about a thousand instances, some 100 ms
(`make bench`, scale 100). Here the database gives each record's stored values and the keys of
its related records (the many-to-many keys of a batch in one query); each related record's name,
`str()` of it as the serializer writes it, is read once a batch, one query for each related
model, and kept in the worker while the registers' data is unchanged; and each value is written
by the serializer's own field, so that the answer is the serializer's to the character
(`tests/api/test_reading.py` holds them side by side).

The endpoints' serializers (`serializers.serializer_for`) write only stored values and related
records; a field of another kind is `Unreadable`. A record's detail is answered by the serializer
from its instance.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import IntegerField, OuterRef, Value
from django.utils.translation import get_language
from rest_framework import relations, serializers

from helsinki_intl.records.data_version import data_version

from .serializers import foreign_keys


class Unreadable(Exception):
    """A field whose value is not a stored value or a related record."""


@dataclasses.dataclass(frozen=True)
class Column:
    """One field of the answer, and where its value is read."""

    name: str
    field: serializers.Field
    path: str
    """What `values_list` reads: "pk", a stored field or a foreign key's column; "" for many."""
    model_field: models.Field | None = None
    """The model's field, but for the primary key read as "pk"."""
    related: type[models.Model] | None = None
    many: bool = False


def answer_columns(serializer: serializers.ModelSerializer) -> list[Column]:
    """The serializer's fields (as its reader sees them) as columns, or Unreadable."""
    model = serializer.Meta.model
    found = []
    for name, field in serializer.fields.items():
        if field.source == "pk":
            found.append(Column(name, field, "pk"))
            continue
        try:
            model_field = model._meta.get_field(field.source)
        except FieldDoesNotExist:
            raise Unreadable(name) from None
        if isinstance(field, relations.ManyRelatedField):
            if not model_field.many_to_many:
                raise Unreadable(name)
            found.append(Column(name, field, "", model_field, model_field.related_model, many=True))
        elif isinstance(field, relations.RelatedField):
            if not model_field.many_to_one:
                raise Unreadable(name)
            found.append(Column(name, field, model_field.attname, model_field, model_field.related_model))
        elif model_field.concrete and not model_field.is_relation:
            found.append(Column(name, field, model_field.attname, model_field))
        else:
            raise Unreadable(name)
    return found


MOST_NAMES_KEPT = 20_000
"""Names kept for one related model in one language: a bound on a worker's memory."""


@dataclasses.dataclass
class NameStore:
    """Related records' names and places in their model's order, for one version of the data."""

    version: str = ""
    names: dict = dataclasses.field(default_factory=lambda: defaultdict(dict))
    """(model, language): {key: name}"""
    ranks: dict = dataclasses.field(default_factory=dict)
    """model: {key: place in the model's order}, of every record of the model"""


_kept = NameStore()


def kept_names() -> NameStore:
    """The names kept between requests while the registers' data is unchanged (a save anywhere
    gives the data a new version, and the names are read anew)."""
    global _kept
    version = data_version()
    kept = _kept
    if kept.version != version:
        kept = _kept = NameStore(version)
    return kept


class RelatedNames:
    """The names of related records, `str()` of each as the serializer writes it: those not in
    the store are read when wanted, one query for each related model.

    A record's many related records are written in their model's order, which only the database
    knows (it may sort by a related model's fields, in its own collation); for such a model the
    place of every record is read once, with the records' names (reference data: units,
    priorities, SDGs). What a batch reads is its own: another request's thread may empty the
    store meanwhile."""

    def __init__(self, store: NameStore) -> None:
        self.store = store
        self.language = get_language() or ""
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.ordered: set[type[models.Model]] = set()
        self.found: dict[type[models.Model], dict] = defaultdict(dict)
        self.ranks: dict[type[models.Model], dict] = {}

    def _kept(self, model: type[models.Model]) -> dict:
        return self.store.names[(model, self.language)]

    def want(self, model: type[models.Model], keys: Iterable) -> None:
        self.wanted[model].update(key for key in keys if key is not None)

    def want_in_order(self, model: type[models.Model]) -> None:
        self.ordered.add(model)

    def read(self) -> None:
        """Reads the names wanted since the last reading: those `name()` gives until the next."""
        self.found, self.ranks = defaultdict(dict), {}
        for model in self.ordered:
            ranks = self.store.ranks.get(model)
            if ranks is None or not ranks.keys() <= self._kept(model).keys():
                ranks = self._read_all(model)
            self.ranks[model] = ranks
        for model, keys in self.wanted.items():
            kept, found = self._kept(model), self.found[model]
            missing = set()
            for key in keys:
                name = kept.get(key)
                if name is None:
                    missing.add(key)
                else:
                    found[key] = name
            if missing:
                if len(kept) + len(missing) > MOST_NAMES_KEPT:
                    kept.clear()
                for record in _related(model).filter(pk__in=missing):
                    found[record.pk] = kept[record.pk] = str(record)
        self.wanted.clear()

    def _read_all(self, model: type[models.Model]) -> dict:
        kept, ranks = self._kept(model), {}
        for rank, record in enumerate(_related(model).order_by(*model._meta.ordering, "pk")):
            kept[record.pk] = str(record)
            ranks[record.pk] = rank
        self.store.ranks[model] = ranks
        return ranks

    def name(self, model: type[models.Model], key) -> str:
        return self.found[model][key]

    def in_order(self, model: type[models.Model], keys: list) -> list:
        return sorted(keys, key=self.ranks[model].__getitem__)


def _related(model: type[models.Model]) -> models.QuerySet:
    # A record's name may be made of its own related records' (a membership's network).
    return model._base_manager.select_related(*(field.name for field in foreign_keys(model)))


def many_keys(column: Column):
    """A record's related keys of a many-to-many column, as an array in its row (PostgreSQL's)."""
    from django.contrib.postgres.expressions import ArraySubquery

    field = column.model_field
    through = field.remote_field.through
    links = through._default_manager.filter(**{field.m2m_field_name(): OuterRef("pk")}).order_by()
    return ArraySubquery(links.values(through._meta.get_field(field.m2m_reverse_field_name()).attname))


def linked_keys(model: type[models.Model], columns: list[Column], keys: list) -> dict[str, dict]:
    """For each many-to-many column, each record's related keys: one query for all of them."""
    linked: dict[str, dict] = {column.name: defaultdict(list) for column in columns}
    if not columns or not keys:
        return linked
    queries = []
    for index, column in enumerate(columns):
        field = column.model_field
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        links = through._default_manager.filter(**{f"{source}__in": keys}).order_by()
        queries.append(links.values_list(source, target, Value(index, output_field=IntegerField())))
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for record, related, index in union:
        linked[columns[index].name][record].append(related)
    return linked


class Batch:
    """A batch of rows (values in `ListReader.paths`' order) with their related records' names."""

    def __init__(self, reader: "ListReader", rows: list[tuple]) -> None:
        self.reader = reader
        self.rows = rows
        self.names = RelatedNames(kept_names())
        if reader.keys_in_rows:
            self.linked = {
                column.name: {row[0]: row[index] for row in rows} for column, index in reader.many_at
            }
        else:
            self.linked = linked_keys(reader.model, reader.many, [row[0] for row in rows])
        for index, column in reader.single:
            self.names.want(column.related, (row[index] for row in rows))
        for column in reader.many:
            self.names.want_in_order(column.related)
            for related in self.linked[column.name].values():
                self.names.want(column.related, related)
        self.names.read()

    def values(self) -> Iterator[list]:
        """Each row's values in the columns' order: a stored value as stored, a related record as
        (key, name), several as a list of them."""
        reader, names = self.reader, self.names
        for row in self.rows:
            values = []
            for column, index in reader.positions:
                if column.many:
                    keys = names.in_order(column.related, self.linked[column.name].get(row[0], []))
                    values.append([(key, names.name(column.related, key)) for key in keys])
                elif column.related is not None and row[index] is not None:
                    values.append((row[index], names.name(column.related, row[index])))
                else:
                    values.append(row[index])
            yield values


class ListReader:
    """Reads a list's records in the serializer's columns, batch by batch."""

    def __init__(self, serializer: serializers.ModelSerializer) -> None:
        self.model = serializer.Meta.model
        self.columns = answer_columns(serializer)
        # On PostgreSQL each row brings its many related keys; elsewhere a query a batch does.
        self.keys_in_rows = connection.vendor == "postgresql"
        self.paths = ["pk"]
        self.keys: dict[str, object] = {}
        self.positions: list[tuple[Column, int | None]] = []
        for number, column in enumerate(self.columns):
            if column.many and not self.keys_in_rows:
                self.positions.append((column, None))
                continue
            self.positions.append((column, len(self.paths)))
            if column.many:
                self.keys[f"api_keys_{number}"] = many_keys(column)
                self.paths.append(f"api_keys_{number}")
            else:
                self.paths.append(column.path)
        self.many = [column for column in self.columns if column.many]
        self.many_at = [(column, index) for column, index in self.positions if column.many and index]
        self.single = [
            (index, column) for column, index in self.positions if column.related and not column.many
        ]

    def rows(self, queryset: models.QuerySet) -> models.QuerySet:
        """The queryset as rows of the values the columns read, in its order."""
        rows = queryset.select_related(None).prefetch_related(None)
        return rows.annotate(**self.keys).values_list(*self.paths)

    def batches(self, queryset: models.QuerySet, size: int) -> Iterator[Batch]:
        rows = self.rows(queryset).iterator(chunk_size=size)
        while chunk := list(islice(rows, size)):
            yield Batch(self, chunk)

    def answers(self, rows: list[tuple]) -> list[dict]:
        """The rows as the serializer writes their records."""
        return [self.answer(values) for values in Batch(self, rows).values()]

    def answer(self, values: list) -> dict:
        answer = {}
        for column, value in zip(self.columns, values, strict=True):
            if column.many:
                answer[column.name] = [{"id": key, "name": name} for key, name in value]
            elif value is None:
                answer[column.name] = None
            elif column.related is not None:
                answer[column.name] = {"id": value[0], "name": value[1]}
            else:
                answer[column.name] = column.field.to_representation(value)
        return answer
