"""Finding and deleting what the generator made, with its history, and nothing else.

Hundreds of thousands of rows are deleted with one statement per table: `QuerySet.delete()`
would load every row to send the delete signals (and write a "deleted" history row for each).
The dependants are deleted first, so the database's foreign keys stay the check that nothing
outside the generated data still points at it.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from helsinki_intl.coordination.models import CalendarFeed, Reminder
from helsinki_intl.organisation.models import OrgUnit, User

from . import bulk, marks
from .plan import register_loads


@dataclass(frozen=True)
class Generated:
    """What the generator marked as its own: the registers' cleanups start from it."""

    units: models.QuerySet
    people: models.QuerySet

    @property
    def owned(self) -> Q:
        """Records owned by a generated unit."""
        return Q(owner_unit__in=self.units)


def generated() -> Generated:
    return Generated(
        units=OrgUnit.objects.filter(code__startswith=marks.UNIT_CODE_PREFIX),
        people=User.objects.filter(username__startswith=marks.USERNAME_PREFIX),
    )


def is_present() -> bool:
    found = generated()
    if found.units.exists() or found.people.exists():
        return True
    return any(load.is_present() for load in register_loads())


def delete_generated() -> None:
    found = generated()
    for load in register_loads():
        load.delete_generated(found)
    purge(CalendarFeed, Q(user__in=found.people))
    purge(User, Q(username__startswith=marks.USERNAME_PREFIX))
    # Links from records that stay to generated units (a member).
    raw_delete(User.units.through.objects.filter(orgunit__in=found.units))
    purge(OrgUnit, Q(code__startswith=marks.UNIT_CODE_PREFIX))


def purge(model: type[models.Model], condition: Q) -> None:
    """Deletes the rows that meet `condition`, their reminders, many-to-many links and history."""
    rows = model.objects.filter(condition)
    Reminder.objects.filter(
        record_type=ContentType.objects.get_for_model(model), record_id__in=rows.values("pk")
    ).delete()
    history_model = bulk.history_model(model)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if history_model is not None and hasattr(history_model, field.name):
            link_history = getattr(history_model, field.name).model
            raw_delete(link_history.objects.filter(history__in=history_model.objects.filter(condition)))
        raw_delete(through.objects.filter(**{f"{field.m2m_field_name()}__in": rows}))
    if history_model is not None:
        raw_delete(history_model.objects.filter(condition))
    raw_delete(rows)


def raw_delete(queryset: models.QuerySet) -> None:
    # One DELETE statement, without loading the rows or sending signals.
    queryset._raw_delete(queryset.db)
