"""Database rules that several registers share."""

from django.db import models
from django.db.models import F, Q


def ends_not_before_start(
    message, *, start: str = "start_date", end: str = "end_date"
) -> models.CheckConstraint:
    """A period whose end, when both dates are given, is not before its start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name="%(app_label)s_%(class)s_ends_after_start",
        violation_error_message=message,
    )
