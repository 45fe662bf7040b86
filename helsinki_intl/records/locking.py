"""Optimistic locking of a register's records: an edit is refused once someone else saved the record.

An edit form carries the `version` of the record it was loaded with. Its save first claims that
version with one conditional UPDATE in the save's transaction. The UPDATE waits for any other
save of the row to end and then matches only if the version is still the one loaded, so of two
saves made with the same version exactly one wins; the other is refused and saves nothing.
"""

from django.db.models import F, Max

from .history import HistoryEntry, change_history


class StaleRecordError(Exception):
    """The record was saved again after the edit form was loaded."""


def claim_version(record, loaded_version: int | None) -> None:
    """Claims the record for a save, inside the save's transaction, or raises StaleRecordError.

    Only the version the database holds can be claimed: a missing, older or future version is
    refused alike.
    """
    model = type(record)
    claimed = model._default_manager.filter(pk=record.pk, version=loaded_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleRecordError
    # `save()` counts the save once more: it writes the version just claimed.
    record.version = loaded_version


def changes_since(record, version: int | None, related: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """The record's history entries (and its rows', `related`) saved after its `version`, newest first."""
    if not hasattr(record, "history") or version is None:
        return []
    loaded_at = record.history.filter(version__lte=version).aggregate(when=Max("history_date"))["when"]
    entries = change_history(record, related=related)
    if loaded_at is None:
        return entries
    return [entry for entry in entries if entry.when > loaded_at]
