"""The base of every register's import resource, and the registry of importable resources.

Columns are headed by the model fields' verbose names in the active language; an uploaded
file may use the headers of any of the portal's languages (or the field names), and they are
rewritten to the active language's before import. Each saved row leaves a history entry by
the importing user, with the file's name as the change reason.

An import reads what the rows name once for the whole file, not once a row: the related
records named in each column (`LookupWidget.preload`) and the existing records the rows
update (`NaturalKeyInstanceLoader`). The rows are saved once all of them are read and found
right: the records, their lists of related records and their history in a few statements
for the whole file (`saving.BulkSave`), none when a row is wrong.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.db.models import CheckConstraint
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from helsinki_intl.outbox.services import events_record_bulk

from ..data_version import registers_changed
from ..export.columns import list_exports
from ..models import UnitOwnedRecord
from ..process import needs_missing, process_for
from ..services import (
    held_history_written,
    history_held,
    previous_states_of,
    record_written,
    records_written_in_bulk,
)
from . import conditions
from .cleaning import FieldCleaner
from .loading import NaturalKeyInstanceLoader
from .saving import BATCH_SIZE, BulkSave, history_model
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
    register_name = ""
    """The name the resource is registered by, which its list export shares ("memberships")."""
    examples: dict = {}
    """An example of each text column's cell, for the import's guide and template (`guide`)."""
    column_notes: dict = {}
    """(what it accepts, an example) of a column no model field stands behind (a membership's goals)."""
    constraints_checked_by_import: tuple[str, ...] = ()

    class Meta:
        instance_loader_class = NaturalKeyInstanceLoader
        # Every row is read and checked before any is saved: in bulk, at the end (bulk_create).
        use_bulk = True
        batch_size = None
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
        # Each list column's (record, list) pairs, saved with the records.
        self._lists: dict[str, list[tuple]] = {}
        self._import_fields = None
        self._list_fields = None
        self._model_fields: dict = {}
        self._blank_values = None
        self._unique_checked_by_key = None
        self._loadable_relations = None
        self._cleaner = FieldCleaner()
        self._has_process = None
        self.ignored_columns: list[str] = []
        if html_diff:
            # The admin's dry run shows each row's changes, lists included, which a record
            # saved only at the end would not have: there the rows are saved one by one.
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = False
            self._meta.skip_html_diff = False
            self._meta.use_bulk = self._meta.use_bulk and not self.list_fields()

    @staticmethod
    def change_reason_for(file_name: str) -> str:
        return (_("Import: %(file)s") % {"file": file_name})[:100]

    def export_only_headers(self) -> set[str]:
        """The lower-cased headers, in every language, of the register's list export columns."""
        try:
            export = list_exports.get(self.register_name)
        except LookupError:
            return set()
        headers = set()
        for language in LANGUAGES:
            with translation.override(language):
                headers |= {str(field.column_name).strip().lower() for field in export().get_export_fields()}
        return headers

    def column_label(self, name: str) -> str:
        """The header of a field's column in the active language ("" for row-wide errors)."""
        field = self.fields.get(name)
        if field is None:
            field = next((f for f in self.fields.values() if f.attribute == name), None)
        return str(field.column_name) if field else ""

    def normalise_headers(self, dataset) -> None:
        """Rewrite the file's headers, in any language, to the active language's.

        The columns that the register's list export writes but the import does not read (a
        network's memberships, a call's state) are left out, so that an exported list imports back.
        """
        known = {}
        for name, field in self.fields.items():
            known[name.lower()] = name
            for language in LANGUAGES:
                with translation.override(language):
                    known[str(field.column_name).strip().lower()] = name
        read_only = self.export_only_headers()
        for header in list(dataset.headers):
            text = str(header or "").strip().lower()
            if text not in known and text in read_only:
                del dataset[header]
                self.ignored_columns.append(str(header))
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

    def list_fields(self) -> list[fields.Field]:
        if self._list_fields is None:
            self._list_fields = [
                field for field in self.fields.values() if isinstance(field.widget, widgets.ManyToManyWidget)
            ]
        return self._list_fields

    def get_import_fields(self):
        # Asked several times a row; the columns do not change during an import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_instance(self, instance, row, **kwargs):
        """Set the row's cells on the record: import-export's, in fewer steps a cell.

        A column of the record's own field is read and set here; one reaching through a
        relation ("membership__network") goes through import_field, which a register may
        override. A cell that cannot be read is reported against its field, as before.
        """
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                if not field.attribute or "__" in field.attribute or field.readonly:
                    self.import_field(field, instance, row, **kwargs)
                elif field.column_name in row:
                    cleaned = field.clean(row, **kwargs)
                    if cleaned is not None or field.saves_null_values:
                        setattr(instance, field.attribute, cleaned)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)
        self.check_step_needs(instance, row)

    def check_step_needs(self, instance, row) -> None:
        """A state the row moves along a step (or a new record's state) needs what that step needs
        of the record, as the step's own form asks (`process.needs_missing`): refused at the
        state's column otherwise."""
        if not self.has_process():
            return
        previous = previous_states_of(instance)
        if missing := needs_missing(instance, previous, added=self.rows_added(instance, row)):
            raise ValidationError(missing)

    def has_process(self) -> bool:
        if self._has_process is None:
            self._has_process = process_for(self._meta.model) is not None
        return self._has_process

    def rows_added(self, instance, row) -> dict[str, int]:
        """How many rows of each of the record's lists the row adds (a membership's new goals)."""
        return {}

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

    def row_identity(self, row) -> tuple[str, ...]:
        """What tells the row's record apart from the others' in the file: its key columns."""
        return tuple(str(row.get(self.column_label(name)) or "").strip().lower() for name in self.natural_key)

    def before_import_row(self, row, **kwargs):
        if not self.natural_key:
            return
        key = self.row_identity(row)
        if not all(key[: len(self.natural_key)]):
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
            lambda: self._cleaner.clean_fields(instance, exclude | self.loaded_relations(instance)),
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
        if self._loadable_relations is None:
            self._loadable_relations = [
                field
                for field in instance._meta.concrete_fields
                if field.many_to_one and not field.get_limit_choices_to() and not field.validators
            ]
        return {
            field.name
            for field in self._loadable_relations
            if field.is_cached(instance) and getattr(instance, field.attname) is not None
        }

    def unique_checked_by_key(self) -> bool:
        """Whether the model's only unique fields are the import's key, which needs no query a row.

        A row whose key names an existing record updates it, and two rows with the same key
        are refused (before_import_row), so a row cannot collide with another record there.
        """
        if self._unique_checked_by_key is None:
            self._unique_checked_by_key = self._key_is_only_unique()
        return self._unique_checked_by_key

    def _key_is_only_unique(self) -> bool:
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
        """The model's validate_constraints(), but for `constraints_checked_by_import`.

        A check constraint is answered in Python when it can be (`conditions`), not with a
        query a row.
        """
        using = router.db_for_write(type(instance), instance=instance)
        errors: dict = {}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if constraint.name in self.constraints_checked_by_import:
                    continue
                try:
                    if not self.check_in_python(constraint, instance, exclude):
                        constraint.validate(model_class, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_in_python(constraint, instance, exclude: set[str]) -> bool:
        """Check `constraint` as the database would, if Python can: whether it was checked.

        As in CheckConstraint.validate(), a constraint on a field left out is not checked.
        """
        if not isinstance(constraint, CheckConstraint):
            return False
        try:
            if conditions.field_names(constraint.condition) & exclude:
                return True
            broken = conditions.holds(constraint.condition, instance) is False
        except conditions.Unsupported:
            return False
        if broken:
            message = constraint.get_violation_error_message()
            raise ValidationError(message, code=constraint.violation_error_code)
        return True

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            # A new record's values before the row are a blank record's, the same for every row.
            if self._blank_values is None:
                self._blank_values = self.compared_values(instance)
            self._values_before = self._blank_values
        else:
            self._values_before = self.compared_values(instance)

    def compared_values(self, instance) -> dict[str, object]:
        """What skip_row compares: each column's value (a related record's key, not the record)."""
        return {
            field.column_name: self.compared_value(field, instance)
            for field in self.get_import_fields()
            if not isinstance(field.widget, widgets.ManyToManyWidget)
        }

    def compared_value(self, field, instance):
        model_field = self.direct_model_field(field)
        if model_field is not None and model_field.many_to_one:
            return getattr(instance, model_field.attname)
        return field.get_value(instance)

    def has_key_values(self, instance) -> bool:
        """Whether a key column's value differs from a blank record's (which compared_values tells)."""
        key_fields = [self.fields[name] for name in self.natural_key]
        return any(
            field.column_name in self._blank_values
            and self.compared_value(field, instance) != self._blank_values[field.column_name]
            for field in key_fields
        )

    def direct_model_field(self, field):
        """The model's field a column sets directly (None for one reaching through a relation)."""
        if field.attribute not in self._model_fields:
            try:
                self._model_fields[field.attribute] = self._meta.model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                self._model_fields[field.attribute] = None
        return self._model_fields[field.attribute]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An unchanged row is skipped: its values and lists are those already saved."""
        if not self._meta.skip_diff:
            return super().skip_row(instance, original, row, import_validation_errors)
        if not self._meta.skip_unchanged or import_validation_errors:
            return False
        if instance.pk is None and self.has_key_values(instance):
            return False  # a new record with its key is not a blank one
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

    def save_m2m(self, instance, row, **kwargs):
        """Read the row's lists, to be saved with the records (saved now when row by row)."""
        if not self._meta.use_bulk:
            super().save_m2m(instance, row, **kwargs)
            if hasattr(instance, "_held_history_type"):
                held_history_written(instance, by=self.user, reason=self.change_reason)
            return
        for field in self.list_fields():
            if field.column_name in row:
                self._lists.setdefault(field.attribute, []).append((instance, field.clean(row)))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Save all the rows, new and changed, with their lists and history, when all are right.

        Called once, after the last row (`Meta.batch_size` is None). A wrong row leaves the
        import to be rolled back: nothing is written then.
        """
        created, updated = list(self.create_instances), list(self.update_instances)
        lists, self._lists = self._lists, {}
        self.create_instances.clear()
        self.update_instances.clear()
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            return
        if not (created or updated):
            return
        saver = BulkSave(self._meta.model, user=self.user, change_reason=self.change_reason)
        previous_states = {id(record): previous_states_of(record) for record in created + updated}
        try:
            with transaction.atomic():
                saver.create(created)
                saver.update(updated)
                for name, records in lists.items():
                    saver.set_lists(name, records, saved_before=updated)
                saver.write_history(created, history_type="+")
                saver.write_history(updated, history_type="~")
                self.after_bulk_save(saver, created, updated)
                self.write_timelines_and_events(created, updated, previous_states)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        # Bulk writes send no save signals: say so, for what is cached from the registers.
        registers_changed()

    def writes_timelines(self) -> bool:
        """Whether the rows are a register's records, which the portal's and the admin's saves
        follow with their timeline and event (`records.services`)."""
        return issubclass(self._meta.model, UnitOwnedRecord)

    def write_timelines_and_events(self, created: list, updated: list, previous_states: dict) -> None:
        """The timeline rows (with their history) and the domain events that the records saved one
        by one would have written (`records.services.record_written`), a few statements for all."""
        if not self.writes_timelines():
            return
        rows, events = records_written_in_bulk(
            records=created + updated,
            added={id(record) for record in created},
            previous_states=previous_states,
            by=self.user,
            via="import",
        )
        for model, timeline in rows.items():
            timeline_saver = BulkSave(model, user=self.user, change_reason=self.change_reason)
            timeline_saver.create(timeline)
            timeline_saver.write_history(timeline, history_type="+")
        events_record_bulk(events, batch_size=BATCH_SIZE)

    def do_instance_save(self, instance, is_create):
        """A row saved on its own (the admin's import of a register with lists) writes its timeline
        and its event as the bulk path does."""
        previous_states = previous_states_of(instance)
        if history_model(type(instance)) is not None:
            # The row's save and its lists' (save_m2m) leave one historical row, as in bulk.
            history_held(instance)
        super().do_instance_save(instance, is_create)
        if not self.writes_timelines():
            return
        record_written(
            record=instance,
            adding=is_create,
            previous_status=previous_states.get("status"),
            previous_states=previous_states,
            by=self.user,
            via="import",
            reason=self.change_reason,
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Nothing: the changed rows are saved with the new ones (bulk_create)."""

    def after_bulk_save(self, saver: BulkSave, created: list, updated: list) -> None:
        """Save what belongs to the saved records (a register's own rows), once they have keys."""

    @staticmethod
    def list_cell(row, header: str) -> list[str]:
        return split_list(row.get(header))


class ImportRegistry:
    """The registers' import resources by name, e.g. "memberships"."""

    def __init__(self):
        self._resources: dict[str, type[ImportResource]] = {}

    def register(self, name: str):
        def decorator(resource_class: type[ImportResource]) -> type[ImportResource]:
            resource_class.register_name = name
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
