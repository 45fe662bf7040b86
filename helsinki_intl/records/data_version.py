"""The version of the registers' data, which keys whatever is cached from it.

Figures cached from the registers (the dashboard's) are stored under the current version, and
the version changes whenever the data does: on every save, delete and many-to-many change of a
model of the registers, their units, people and reference data, and after writes that send no
signals (an import's bulk inserts; a `QuerySet.update()` of data the figures count). A cache
entry of an earlier version is never read again and expires on its own.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .registers import registers

VERSION_KEY = "registers:data-version"

REFERENCE_APPS = frozenset({"organisation", "strategy", "links"})
"""Besides the registers' own apps, the apps whose data the registers' figures count (the links
between records: the grants won through a network)."""

NOT_A_CHANGE = frozenset({"last_login", "version"})
"""A save of only these fields (a sign-in, and the version every save counts) changes no figure."""


def data_version() -> str:
    """The current version; a new one when the cache holds none (as after a restart)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY, "")
    return version


def kept_until_changed(name: str, compute, timeout: int = 60 * 60):
    """`compute()`'s value, read from the cache until the registers' data changes."""
    return cache.get_or_set(f"{name}:{data_version()}", compute, timeout)


def registers_changed() -> None:
    """Gives the data a new version, now and again when the transaction commits.

    Again at the commit, as a page computed meanwhile from the data before the commit would
    otherwise be cached under the version of the data after it.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def is_register_data(model) -> bool:
    # simple-history's historical models live in the apps too; their rows change with the records'.
    app_label = model._meta.app_label
    return (app_label in REFERENCE_APPS or app_label in registers) and not hasattr(model, "instance_type")


def _saved(sender, update_fields=None, **kwargs) -> None:
    if is_register_data(sender) and not (update_fields and update_fields <= NOT_A_CHANGE):
        registers_changed()


def _deleted(sender, **kwargs) -> None:
    if is_register_data(sender):
        registers_changed()


def _links_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_") and is_register_data(sender):
        registers_changed()


def watch_register_changes() -> None:
    post_save.connect(_saved, dispatch_uid="registers-data-version-save")
    post_delete.connect(_deleted, dispatch_uid="registers-data-version-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="registers-data-version-links")
