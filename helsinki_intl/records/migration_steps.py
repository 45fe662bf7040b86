"""Steps that migrations share."""

import contextlib
import datetime
import logging
from decimal import Decimal

from django.db import migrations, models

from . import ranges

logger = logging.getLogger("helsinki_intl.migrations")

KIND_RANGES = [
    # DateTimeField before DateField: one is a subclass of the other.
    (models.DateTimeField, (ranges.EARLIEST_MOMENT, ranges.LATEST_MOMENT)),
    (models.DateField, (ranges.EARLIEST_DATE, ranges.LATEST_DATE)),
    (models.DecimalField, (Decimal(0), ranges.MAX_EUROS)),
]


def bring_into_range(app_label: str, fields: dict[str, list]) -> migrations.RunPython:
    """Reports the stored values that lie outside their range and moves each to the nearest bound.

    Runs before the range checks are added, so that rows saved before them do not stop the
    migration. `fields` names each model's ranged fields: a date, time or amount field by its
    name, a count as (name, lowest, highest). The model's history table is treated alike. Every
    value moved is reported (table, row, field, bound) so the Strategy Department can check it.
    """

    def forwards(apps, schema_editor):
        for model_name, names in fields.items():
            models_to_check = [apps.get_model(app_label, model_name)]
            with contextlib.suppress(LookupError):
                models_to_check.append(apps.get_model(app_label, f"Historical{model_name}"))
            for model in models_to_check:
                for entry in names:
                    name, low, high = (
                        entry if isinstance(entry, tuple) else (entry, *_kind_range(model, entry))
                    )
                    _clamp(model, name, low, high)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def _kind_range(model, name: str) -> tuple:
    field = model._meta.get_field(name)
    for kind, bounds in KIND_RANGES:
        if isinstance(field, kind):
            return bounds
    raise TypeError(f"{model.__name__}.{name} has no range of its kind; give it as (name, low, high).")


def _clamp(model, name: str, low, high) -> None:
    rows = model._base_manager.all()
    for lookup, bound in (("lt", low), ("gt", high)):
        outside = rows.filter(**{f"{name}__{lookup}": bound})
        # Only the keys are read: a year-1 instant cannot even be read back.
        keys = list(outside.values_list("pk", flat=True))
        if not keys:
            continue
        outside.update(**{name: bound})
        shown = bound.isoformat() if isinstance(bound, datetime.date) else bound
        listed = ", ".join(str(key) for key in keys[:50]) + (" …" if len(keys) > 50 else "")
        message = (
            f"{model._meta.db_table}.{name}: {len(keys)} row(s) out of range, set to {shown}; rows: {listed}"
        )
        logger.warning(message)
        print(f"\n  {message}")
