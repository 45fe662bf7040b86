"""A record's fields checked as `Model.clean_fields()` checks them, each value once a file.

The rows of a file repeat their values (a kind, a country, a status): a value of a field
found right once is right again, and its cleaned value is remembered rather than checked a
row at a time. Related records are checked every time, as their checks may read the
database; a wrong value is checked every time, so that each row gets its own messages.
"""

from django.core.exceptions import ValidationError
from django.db.models.expressions import DatabaseDefault


class FieldCleaner:
    """Model.clean_fields() for the records of one import, remembering the values found right."""

    def __init__(self):
        self._right: dict[tuple, object] = {}

    def clean_fields(self, record, exclude: set[str]) -> None:
        errors = {}
        for field in record._meta.fields:
            if field.generated or field.name in exclude:
                continue
            raw_value = getattr(record, field.attname)
            if field.blank and raw_value in field.empty_values:
                continue
            if isinstance(raw_value, DatabaseDefault):
                continue
            key = (field.attname, type(raw_value), raw_value)
            remembered = not field.is_relation and self._known(key)
            if remembered:
                setattr(record, field.attname, self._right[key])
                continue
            try:
                cleaned = field.clean(raw_value, record)
            except ValidationError as error:
                errors[field.name] = error.error_list
                continue
            setattr(record, field.attname, cleaned)
            if not field.is_relation and self._known(key) is False:
                self._right[key] = cleaned
        if errors:
            raise ValidationError(errors)

    def _known(self, key: tuple) -> bool | None:
        """Whether the value was found right before; None for a value that cannot be remembered."""
        try:
            return key in self._right
        except TypeError:
            return None
