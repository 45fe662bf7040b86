"""The links a record made and lost, in its change history: "Came through: memberships", from
none to "Eurocities – Strategy Department", or back."""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from helsinki_intl.records.history import FieldChange, HistoryEntry

from .models import RecordLink, type_of
from .relations import kinds_from


def link_history(record, limit: int | None) -> tuple[list[HistoryEntry], bool]:
    """The entries of the record's links' historical rows, newest `limit` of them, in a query."""
    labels = {
        (kind.relation.name, model._meta.label_lower): kind.field_label(model)
        for kind in kinds_from(type(record))
        for model in kind.target_models()
    }
    if not labels:
        return [], True
    rows = (
        RecordLink.history.filter(source_type=type_of(record), source_id=record.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    rows = list(rows if limit is None else rows[: limit + 1])
    complete = limit is None or len(rows) <= limit
    entries = []
    for row in rows[:limit]:
        model = ContentType.objects.get_for_id(row.target_type_id).model_class()
        label = labels.get((row.relation, model._meta.label_lower if model else ""), row.relation)
        name = row.target_label or str(row.target_id)
        old, new = ("—", name) if row.history_type == "+" else (name, "—")
        if row.history_type == "~":
            continue  # a link is added and removed, never changed
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=row.history_user,
                action="changed",
                subject="",
                changes=[FieldChange(label=capfirst(label), old=old, new=new)],
            )
        )
    return entries, complete
