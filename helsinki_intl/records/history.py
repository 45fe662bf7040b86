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


def change_history(record, related: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """The entries of a record's history and of the rows it owns, newest first."""
    entries = _entries(record.history.all(), subject=None)
    for name in related:
        relation = record._meta.get_field(name)
        rows = relation.related_model.history.filter(**{relation.field.attname: record.pk})
        entries += _entries(
            rows, subject=relation.related_model._meta.verbose_name, parent_field=relation.field.name
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _entries(history_rows, subject, parent_field: str | None = None) -> list[HistoryEntry]:
    rows = list(history_rows.select_related("history_user").order_by("history_date", "history_id"))
    if not rows:
        return []
    model = rows[0].instance_type
    tracked = [f for f in _tracked_fields(model, rows[0]) if f.name != parent_field]
    m2m_values = _m2m_values(rows, tracked)
    labels = _related_labels(rows, tracked, m2m_values)

    entries = []
    for object_rows in _by_object(rows).values():
        previous = None
        for group in _same_change_groups(object_rows):
            last = group[-1]
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
                title = str(last.instance) if subject else ""
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
    return entries


def _tracked_fields(model, history_row) -> list[models.Field]:
    m2m_names = {m2m.name for m2m in getattr(history_row, "_history_m2m_fields", [])}
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


def _m2m_values(rows, tracked) -> dict:
    """{(history_id, field name): frozenset of related ids}, one query per field."""
    values = {}
    history_model = type(rows[0])
    for model_field in tracked:
        if not model_field.many_to_many:
            continue
        for row in rows:
            values[(row.history_id, model_field.name)] = frozenset()
        m2m_history_model = getattr(history_model, model_field.name).model
        reverse_name = model_field.m2m_reverse_field_name()
        for history_id, related_id in m2m_history_model.objects.filter(
            history__in=[row.history_id for row in rows]
        ).values_list("history_id", f"{reverse_name}_id"):
            values[(history_id, model_field.name)] |= {related_id}
    return values


def _value(row, model_field, m2m_values):
    if model_field.many_to_many:
        return m2m_values[(row.history_id, model_field.name)]
    return getattr(row, model_field.attname)


def _related_labels(rows, tracked, m2m_values) -> dict:
    """{(model, pk): label} for every related object named in the rows, a query per model."""
    wanted = defaultdict(set)
    for model_field in tracked:
        if model_field.many_to_many:
            for row in rows:
                wanted[model_field.related_model] |= m2m_values[(row.history_id, model_field.name)]
        elif model_field.is_relation:
            wanted[model_field.related_model] |= {getattr(row, model_field.attname) for row in rows} - {None}
    labels = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            labels[(related_model, obj.pk)] = str(obj)
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
