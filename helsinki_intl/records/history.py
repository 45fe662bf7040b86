"""A record's change history as people read it: who changed which field from what to what.

django-simple-history writes one historical row per save and another per many-to-many
change, so rows of the same object by the same person within a moment are read as one change.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

SAME_CHANGE_WINDOW = timedelta(seconds=5)
UNTRACKED_FIELDS = {"id", "created_at", "updated_at", "version", "order"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


attached_histories: list = []
"""record -> [(historical rows, what they are called, the fields not shown)]: the histories of
rows attached to any record by its type and key (its documents, its journal), shown with the
record's own. Apps that attach rows add theirs when they are ready."""


@dataclass
class RecentChanges:
    """The newest entries of a history; `complete` is False when older ones were left out."""

    entries: list[HistoryEntry]
    complete: bool


history_sources: list = []
"""(record, limit) -> (entries, complete): what a shared part adds to every record's history (the
links the record made and lost, `links.history`); parts that build on the records add theirs
when they are ready."""


def change_history(record, related: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """The entries of a record's history and of the rows it owns, newest first."""
    return _history(record, related, limit=None).entries


def recent_changes(record, related: tuple[str, ...] = (), *, limit: int) -> RecentChanges:
    """The newest `limit` entries, read from about `limit` historical rows of each kind.

    A history grows with every save; a page reads only its newest part.
    """
    return _history(record, related, limit=limit)


def _history(record, related: tuple[str, ...], limit: int | None) -> RecentChanges:
    sources = [(record.history.all(), None, ())]
    for name in related:
        relation = record._meta.get_field(name)
        rows = relation.related_model.history.filter(**{relation.field.attname: record.pk})
        sources.append((rows, relation.related_model._meta.verbose_name, (relation.field.name,)))
    for attached in attached_histories:
        sources += attached(record)
    entries, complete = [], True
    for history_rows, subject, unshown_fields in sources:
        source_entries, source_complete = _entries(history_rows, subject, unshown_fields, limit)
        entries += source_entries
        complete = complete and source_complete
    for source in history_sources:
        source_entries, source_complete = source(record, limit)
        entries += source_entries
        complete = complete and source_complete
    entries.sort(key=lambda entry: entry.when, reverse=True)
    if limit is not None and len(entries) > limit:
        entries, complete = entries[:limit], False
    return RecentChanges(entries, complete)


def _entries(
    history_rows, subject, unshown_fields: tuple[str, ...], limit: int | None
) -> tuple[list[HistoryEntry], bool]:
    """The entries of one kind of historical rows, and whether all of its rows were read.

    Related objects are read with the rows (a join for each foreign key, a query for each
    many-to-many field), so the number of queries does not depend on the rows.
    """
    history_model = history_rows.model
    model = history_model.instance_type
    tracked = [f for f in _tracked_fields(model, history_model) if f.name not in unshown_fields]
    foreign_keys = [f.name for f in model._meta.concrete_fields if f.many_to_one]
    newest_first = history_rows.select_related("history_user", *foreign_keys).order_by(
        "-history_date", "-history_id"
    )
    # One row more than shown: the change before the oldest one shown, to compare it with.
    rows = list(newest_first if limit is None else newest_first[: limit + 2])
    complete = limit is None or len(rows) <= limit + 1
    if not complete:
        rows = rows[: limit + 1]
    rows.reverse()
    if not rows:
        return [], complete
    m2m_values, labels = _m2m_values(rows, tracked)
    labels |= _foreign_key_labels(rows, tracked)

    entries = []
    for object_rows in _by_object(rows).values():
        previous = None
        for group in _same_change_groups(object_rows):
            last = group[-1]
            if previous is None and group[0].history_type != "+" and not complete:
                # The change before this one was not read: what it changed from is unknown.
                previous = last
                continue
            action = "deleted" if last.history_type == "-" else "created" if previous is None else "changed"
            changes = []
            if action != "deleted":
                for model_field in tracked:
                    old = _value(previous, model_field, m2m_values) if previous else None
                    new = _value(last, model_field, m2m_values)
                    if (_is_empty(old) and _is_empty(new)) or old == new:
                        continue
                    changes.append(
                        FieldChange(
                            label=capfirst(model_field.verbose_name),
                            old=_display(model_field, old, labels),
                            new=_display(model_field, new, labels),
                        )
                    )
            if changes or action != "changed":
                title = str(_instance(last, foreign_keys)) if subject else ""
                entries.append(
                    HistoryEntry(
                        when=last.history_date,
                        who=last.history_user,
                        action=action,
                        subject=f"{capfirst(subject)}: {title}" if subject else "",
                        changes=changes,
                    )
                )
            previous = last
    return entries, complete


def _tracked_fields(model, history_model) -> list[models.Field]:
    m2m_names = {m2m.name for m2m in getattr(history_model, "_history_m2m_fields", [])}
    fields = [f for f in model._meta.concrete_fields if f.name not in UNTRACKED_FIELDS and not f.primary_key]
    return fields + [f for f in model._meta.many_to_many if f.name in m2m_names]


def _by_object(rows) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.id].append(row)
    return grouped


def _same_change_groups(rows):
    group = [rows[0]]
    for row in rows[1:]:
        previous = group[-1]
        if (
            row.history_user_id == previous.history_user_id
            and row.history_date - previous.history_date <= SAME_CHANGE_WINDOW
            and row.history_type != "-"
            and previous.history_type != "-"
        ):
            group.append(row)
        else:
            yield group
            group = [row]
    yield group


def _m2m_values(rows, tracked) -> tuple[dict, dict]:
    """{(history_id, field name): frozenset of related ids} and {(model, pk): label}, a query per field."""
    values, labels = {}, {}
    history_model = type(rows[0])
    for model_field in tracked:
        if not model_field.many_to_many:
            continue
        for row in rows:
            values[(row.history_id, model_field.name)] = frozenset()
        m2m_history_model = getattr(history_model, model_field.name).model
        reverse_name = model_field.m2m_reverse_field_name()
        links = m2m_history_model.objects.filter(history__in=[row.history_id for row in rows])
        for link in links.select_related(reverse_name):
            related_id = getattr(link, f"{reverse_name}_id")
            values[(link.history_id, model_field.name)] |= {related_id}
            related = getattr(link, reverse_name)
            if related is not None:
                labels[(model_field.related_model, related_id)] = str(related)
    return values, labels


def _instance(row, foreign_keys: list[str]):
    """The row as the object it was, with the related objects read with the row (for its name)."""
    instance = row.instance
    for name in foreign_keys:
        related = getattr(row, name)
        if related is not None:
            setattr(instance, name, related)
    return instance


def _value(row, model_field, m2m_values):
    if model_field.many_to_many:
        return m2m_values[(row.history_id, model_field.name)]
    return getattr(row, model_field.attname)


def _foreign_key_labels(rows, tracked) -> dict:
    """{(model, pk): label} of the objects the rows' foreign keys name, as read with the rows."""
    labels = {}
    for model_field in tracked:
        if model_field.is_relation and not model_field.many_to_many:
            for row in rows:
                related = getattr(row, model_field.name)
                if related is not None:
                    labels[(model_field.related_model, related.pk)] = str(related)
    return labels


def _is_empty(value) -> bool:
    return value in (None, "", frozenset())


def _display(model_field, value, labels) -> str:
    if _is_empty(value):
        return "—"
    if model_field.is_relation:
        ids = sorted(value) if model_field.many_to_many else [value]
        names = [
            labels.get((model_field.related_model, pk), _("deleted (%(id)s)") % {"id": pk}) for pk in ids
        ]
        return ", ".join(names)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(formats.localize(value, use_l10n=True))
