"""The base of every register's import resource, and the registry of importable resources.

Columns are headed by the model fields' verbose names in the active language; an uploaded
file may use the headers of any of the portal's languages (or the field names), and they are
rewritten to the active language's before import. Each saved row leaves a history entry by
the importing user, with the file's name as the change reason.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources

from .uploads import UploadError
from .widgets import split_list

LANGUAGES = ("fi", "sv", "en")


def column(
    model, name: str, widget=None, label=None, attribute=None, field_class=fields.Field
) -> fields.Field:
    """A column for a model field, headed by its verbose name in the active language.

    `attribute` reaches the field through a relation, e.g. a role's "membership__network".
    """
    header = capfirst(label or model._meta.get_field(name).verbose_name)
    return field_class(attribute=attribute or name, column_name=header, widget=widget)


class ImportResource(resources.ModelResource):
    """A register's import: human headers, natural keys, duplicates refused, history written.

    `natural_key` names the columns that identify a row's record; two rows with the same
    values there are refused as duplicates. `required_columns` must be in the file.
    """

    natural_key: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        skip_html_diff = True

    def __init__(self, *, user=None, file_name: str = "", html_diff: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.change_reason = self.change_reason_for(file_name)
        self._seen_keys: dict[tuple, int] = {}
        if html_diff:
            # The admin's dry run shows each row's changes; the portal's report does not.
            self._meta = copy.copy(self._meta)
            self._meta.skip_html_diff = False

    @staticmethod
    def change_reason_for(file_name: str) -> str:
        return (_("Import: %(file)s") % {"file": file_name})[:100]

    def column_label(self, name: str) -> str:
        """The header of a field's column in the active language ("" for row-wide errors)."""
        field = self.fields.get(name)
        if field is None:
            field = next((f for f in self.fields.values() if f.attribute == name), None)
        return str(field.column_name) if field else ""

    def normalise_headers(self, dataset) -> None:
        """Rewrite the file's headers, in any language, to the active language's."""
        known = {}
        for name, field in self.fields.items():
            known[name.lower()] = name
            for language in LANGUAGES:
                with translation.override(language):
                    known[str(field.column_name).strip().lower()] = name
        headers = []
        for header in dataset.headers:
            name = known.get(str(header or "").strip().lower())
            if name is None:
                raise UploadError(_("Unknown column “%(column)s”.") % {"column": header})
            headers.append(str(self.fields[name].column_name))
        duplicates = sorted({header for header in headers if headers.count(header) > 1})
        if duplicates:
            raise UploadError(_("The column “%(column)s” appears twice.") % {"column": duplicates[0]})
        missing = [
            self.column_label(name)
            for name in self.required_columns
            if self.column_label(name) not in headers
        ]
        if missing:
            raise UploadError(_("The required column “%(column)s” is missing.") % {"column": missing[0]})
        dataset.headers = headers

    def before_import(self, dataset, **kwargs):
        # The admin's import names the user and the file here rather than to the constructor.
        self.user = self.user or kwargs.get("user")
        if kwargs.get("file_name"):
            self.change_reason = self.change_reason_for(kwargs["file_name"])
        self.normalise_headers(dataset)

    def before_import_row(self, row, **kwargs):
        if not self.natural_key:
            return
        key = tuple(str(row.get(self.column_label(name)) or "").strip().lower() for name in self.natural_key)
        if not all(key):
            return
        number = kwargs.get("row_number")
        if key in self._seen_keys:
            raise ValidationError(
                {self.natural_key[0]: _("This row repeats row %(row)s.") % {"row": self._seen_keys[key] + 1}}
            )
        self._seen_keys[key] = number

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read: the row is new, and the cell's error is
            # reported when the row is imported.
            return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A cell that could not be read is reported once, not again by the model's own rules.
        unread = {name: list(messages) for name, messages in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {name: unread.get(name, messages) for name, messages in error.error_dict.items()}
            ) from None

    def before_save_instance(self, instance, row, **kwargs):
        self.mark_history(instance)

    def mark_history(self, instance) -> None:
        instance._history_user = self.user
        instance._change_reason = self.change_reason

    @staticmethod
    def list_cell(row, header: str) -> list[str]:
        return split_list(row.get(header))


class ImportRegistry:
    """The registers' import resources by name, e.g. "memberships"."""

    def __init__(self):
        self._resources: dict[str, type[ImportResource]] = {}

    def register(self, name: str):
        def decorator(resource_class: type[ImportResource]) -> type[ImportResource]:
            self._resources[name] = resource_class
            return resource_class

        return decorator

    def names(self) -> list[str]:
        return sorted(self._resources)

    def resource_class(self, name: str) -> type[ImportResource]:
        return self._resources[name]

    def choices(self) -> list[tuple[str, str]]:
        return [
            (name, capfirst(self._resources[name]._meta.model._meta.verbose_name_plural))
            for name in self.names()
        ]


importers = ImportRegistry()
