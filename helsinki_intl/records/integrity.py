from django.db import IntegrityError


def is_unique_violation(error: IntegrityError) -> bool:
    """Whether the database refused a write for a value that a unique constraint or field holds."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == "23505" or str(cause).startswith("UNIQUE constraint failed")
