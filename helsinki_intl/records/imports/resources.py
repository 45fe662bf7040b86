"""The base of every register's import resource, and the registry of importable resources.

Columns are headed by the model fields' verbose names in the active language; an uploaded
file may use the headers of any of the portal's languages (or the field names), and they are
rewritten to the active language's before import. Each saved row leaves a history entry by
the importing user, with the file's name as the change reason.

An import reads what the rows name once for the whole file, not once a row: the related
records named in each column (`LookupWidget.preload`) and the existing records the rows
update (`NaturalKeyInstanceLoader`). A register whose rows have no lists of related records
may save its new rows in bulk (`Meta.use_bulk`), their history written in bulk with them.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import router
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ..data_version import registers_changed
from .loading import NaturalKeyInstanceLoader
from .uploads import UploadError
from .widgets import LookupWidget, split_list

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
    `constraints_checked_by_import` names the model's constraints that need not be checked
    a row at a time, each with a query: those the model's clean() already enforces with its
    own messages, and a uniqueness that the import's key answers (a row with an existing
    record's key updates it; two rows with the same key are refused). The database still
    enforces them all.
    """

    natural_key: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    constraints_checked_by_import: tuple[str, ...] = ()

    class Meta:
        instance_loader_class = NaturalKeyInstanceLoader
        batch_size = 1000
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # A row's before and after are kept whole (a deep copy a row) only for the admin's
        # dry run, which shows them; the import compares what it needs (skip_row).
        skip_diff = True
        skip_html_diff = True

    def __init__(self, *, user=None, file_name: str = "", html_diff: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.change_reason = self.change_reason_for(file_name)
        self._seen_keys: dict[tuple, int] = {}
        if html_diff:
            # The admin's dry run shows each row's changes; the portal's report does not.
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = False
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
        self.fix_column_names()
        self.preload_lookups(dataset)

    def fix_column_names(self) -> None:
        """Translate the headers once for the rows, which look each cell up by its header."""
        for field in self.fields.values():
            field.column_name = str(field.column_name)

    def preload_lookups(self, dataset) -> None:
        """Read the records each column names, once for all the rows."""
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                header = str(field.column_name)
                if header in dataset.headers:
                    field.widget.preload(dataset[header])
                else:
                    field.widget.forget()

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
        """The model's full_clean(), without the queries the import has already answered.

        The steps and their order are full_clean()'s, so that a row's errors read the same.
        """
        errors = dict(import_validation_errors or {})
        # A cell that could not be read is reported once, not again by the model's own rules.
        unread = {name: list(messages) for name, messages in errors.items()}
        exclude = set(errors)
        checks = [
            lambda: instance.clean_fields(exclude=exclude | self.loaded_relations(instance)),
            instance.clean,
        ]
        if validate_unique and not self.unique_checked_by_key():
            checks.append(lambda: instance.validate_unique(exclude=exclude))
        checks.append(lambda: self.validate_constraints(instance, exclude))
        if not self._meta.clean_model_instances:
            checks = []
        for check in checks:
            exclude.update(name for name in errors if name != NON_FIELD_ERRORS)
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError({name: unread.get(name, messages) for name, messages in errors.items()})

    def loaded_relations(self, instance) -> set[str]:
        """The foreign keys set to a record the import read from the database.

        Such a record exists: checking it again would be a query a row. A foreign key that
        limits its choices is checked all the same.
        """
        return {
            field.name
            for field in instance._meta.concrete_fields
            if field.many_to_one
            and field.is_cached(instance)
            and getattr(instance, field.attname) is not None
            and not field.get_limit_choices_to()
            and not field.validators
        }

    def unique_checked_by_key(self) -> bool:
        """Whether the model's only unique fields are the import's key, which needs no query a row.

        A row whose key names an existing record updates it, and two rows with the same key
        are refused (before_import_row), so a row cannot collide with another record there.
        """
        key = set(self.get_import_id_fields())
        if set(self.natural_key) != key:
            return False
        model = self._meta.model
        attributes = {self.fields[name].attribute for name in key}
        unique_sets = [{field.name} for field in model._meta.fields if field.unique and not field.primary_key]
        unique_sets += [set(fields) for fields in model._meta.unique_together]
        dated = any(
            field.unique_for_date or field.unique_for_month or field.unique_for_year
            for field in model._meta.fields
        )
        return not dated and all(unique == attributes for unique in unique_sets)

    def validate_constraints(self, instance, exclude: set[str]) -> None:
        """The model's validate_constraints(), but for `constraints_checked_by_import`."""
        using = router.db_for_write(type(instance), instance=instance)
        errors: dict = {}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if constraint.name in self.constraints_checked_by_import:
                    continue
                try:
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._values_before = self.compared_values(instance)

    def compared_values(self, instance) -> dict[str, object]:
        """What skip_row compares: each column's value (a related record's key, not the record)."""
        values = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            model_field = self.direct_model_field(field)
            if model_field is not None and model_field.many_to_one:
                values[field.column_name] = getattr(instance, model_field.attname)
            else:
                values[field.column_name] = field.get_value(instance)
        return values

    def direct_model_field(self, field):
        try:
            return self._meta.model._meta.get_field(field.attribute or "")
        except FieldDoesNotExist:
            return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An unchanged row is skipped: its values and lists are those already saved."""
        if not self._meta.skip_diff:
            return super().skip_row(instance, original, row, import_validation_errors)
        if not self._meta.skip_unchanged or import_validation_errors:
            return False
        if self.compared_values(instance) != self._values_before:
            return False
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.column_name not in row:
                continue
            # The lists are saved after this check: the record's own are still the saved ones.
            saved = [] if instance.pk is None else field.get_value(instance).all()
            if sorted(item.pk for item in field.clean(row)) != sorted(item.pk for item in saved):
                return False
        return True

    def before_save_instance(self, instance, row, **kwargs):
        self.mark_history(instance)

    def mark_history(self, instance) -> None:
        instance._history_user = self.user
        instance._change_reason = self.change_reason

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Save a batch of new rows, and their history, in a few queries (with `Meta.use_bulk`)."""
        if not self.create_instances:
            return
        model = self._meta.model
        try:
            model.objects.bulk_create(self.create_instances, batch_size=batch_size)
            # A bulk insert sends no save signals: say so, for what is cached from the registers.
            registers_changed()
            model.history.bulk_history_create(
                self.create_instances,
                batch_size=batch_size,
                default_user=self.user,
                default_change_reason=self.change_reason,
            )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Save the changed rows one by one: each counts its version and writes its history."""
        try:
            for instance in self.update_instances:
                instance.save()
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.update_instances.clear()

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
