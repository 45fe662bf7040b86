"""One change made through each writer of a register, and the rows each writer left.

Every writer (the portal's edit form and step page, the admin's change form and import, the
portal's import page, `import_file`, `manage.py import` and the services) is to leave the same
rows for the same change: the record's values, its timeline rows, its own rows (goals...), the
history of each, and its domain events. A register's parity test is a table of writers:

    rows = written_alike(make_record, [step_page(client, step), admin(client, status="proposed"),
                                       *imports(client, user, tmp_path, "memberships", status=...)])

`written_alike` makes the change with each writer on a record `make_record()` makes afresh, in a
savepoint rolled back after it, and compares what each wrote with what the first wrote. Ids and
moments are left out; people are named by their user names. The name a writer gives itself in
its events (`via`) and the reason its history rows give are checked apart, against the table.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse

from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records import services
from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.process import step_take

LEFT_OUT = frozenset({"id", "history_id", "history_date", "created_at", "updated_at", "changed_at"})
"""Fields that differ by when or in which order rows were written, not by what was written."""
ADMIN_CSV_FORMAT = "0"


@dataclass
class Written:
    """What one writer left: the rows compared, and the writer's own name and reasons."""

    rows: dict
    vias: list = field(default_factory=list)
    reasons: list = field(default_factory=list)


def history_model(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def owned_rows(model) -> dict[str, models.ForeignKey]:
    """The record's own rows with a history (goals, roles, timelines...): related name → their key."""
    return {
        relation.get_accessor_name(): relation.field
        for relation in model._meta.related_objects
        if relation.one_to_many and history_model(relation.related_model) is not None
    }


def plain(value):
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, models.Model):
        return getattr(value, "username", None) or value.pk
    return value


def row_values(row, left_out: frozenset = frozenset()) -> dict:
    """A row's values by field name, people by user name, amounts without trailing zeros."""
    values = {}
    for model_field in row._meta.concrete_fields:
        if model_field.name in LEFT_OUT | left_out:
            continue
        if model_field.many_to_one and model_field.related_model is get_user_model():
            person = getattr(row, model_field.name)
            values[model_field.name] = person.username if person else None
        elif model_field.many_to_one:
            values[model_field.name] = getattr(row, model_field.attname)
        else:
            values[model_field.name] = plain(getattr(row, model_field.attname))
    return values


def history_values(history_row, left_out: frozenset = frozenset()) -> dict:
    values = row_values(history_row, left_out | {"history_change_reason"})
    values["history_user"] = history_row.history_user.username if history_row.history_user else None
    for m2m in getattr(type(history_row), "_history_m2m_fields", ()):
        links = getattr(history_row, m2m.name).all()
        values[m2m.name] = sorted(getattr(link, f"{m2m.m2m_reverse_field_name()}_id") for link in links)
    return values


def marks(record_model) -> dict:
    """The newest row of each kind the change may write, before it is made."""
    found = {"events": DomainEvent.objects.aggregate(most=models.Max("pk"))["most"] or 0}
    for model in [record_model, *(key.model for key in owned_rows(record_model).values())]:
        for rows in (model, history_model(model)):
            key = "history_id" if rows is history_model(model) else "pk"
            found[rows._meta.label] = rows._default_manager.aggregate(most=models.Max(key))["most"] or 0
    return found


def written_since(record, before: dict) -> Written:
    """The rows written about `record` since `before` (`marks`)."""
    model = type(record)
    record = model._default_manager.get(pk=record.pk)
    written = Written(rows={"record": record_values(record)})
    reasons = []
    history = history_model(model)
    rows = history.objects.filter(id=record.pk, history_id__gt=before[history._meta.label])
    written.rows["history"] = [history_values(row) for row in rows.order_by("history_id")]
    reasons += [("record", row.history_change_reason) for row in rows.order_by("history_id")]
    for name, key in sorted(owned_rows(model).items()):
        owned = key.model
        new = owned._default_manager.filter(**{key.name: record}, pk__gt=before[owned._meta.label])
        owned_history = history_model(owned).objects.filter(
            **{key.attname: record.pk}, history_id__gt=before[history_model(owned)._meta.label]
        )
        written.rows[name] = [row_values(row, frozenset({key.name})) for row in new.order_by("pk")]
        written.rows[f"{name} history"] = [
            history_values(row, frozenset({key.name, "id"})) for row in owned_history.order_by("history_id")
        ]
        reasons += [(name, row.history_change_reason) for row in owned_history.order_by("history_id")]
    events = DomainEvent.objects.about(record).filter(pk__gt=before["events"])
    written.rows["events"] = []
    for event in events:
        payload = dict(event.payload)
        written.vias.append(payload.pop("via", None))
        written.rows["events"].append(
            {"kind": event.kind, "actor": event.actor.username if event.actor else None, "payload": payload}
        )
    written.reasons = reasons
    return written


def record_values(record) -> dict:
    values = row_values(record)
    for m2m in record._meta.many_to_many:
        values[m2m.name] = sorted(getattr(record, m2m.name).values_list("pk", flat=True))
    return values


@dataclass(frozen=True)
class Writer:
    """A writer of the change: a function of the record that makes it, the name the writer gives
    itself in the events (`via`) and the reason its history rows give."""

    name: str
    write: Callable
    via: str | None
    reason: str | None = None


@dataclass(frozen=True)
class New:
    """The change is a new record of `model`, which `find()` finds once a writer has written it;
    the writers are given None for the record."""

    model: type
    find: Callable


def rows_by_writer(make_record: Callable | New, table: list[Writer]) -> dict[str, Written]:
    """Each writer's rows for the change, made on a record `make_record()` makes afresh for it (or
    a new record, `New`), in a savepoint rolled back after it."""
    found = {}
    for writer in table:
        with transaction.atomic():
            if isinstance(make_record, New):
                before = marks(make_record.model)
                writer.write(None)
                record = make_record.find()
            else:
                record = make_record()
                before = marks(type(record))
                writer.write(record)
            found[writer.name] = written_since(record, before)
            transaction.set_rollback(True)
    return found


def written_alike(make_record: Callable | New, table: list[Writer]) -> dict:
    """Makes the change with every writer of the table; each leaves the rows the first one left,
    names itself in its events and gives its reason in every history row it writes. Returns
    the rows, to be checked for what the change is to write."""
    written = rows_by_writer(make_record, table)
    (first, expected), *others = written.items()
    for writer in table:
        each = written[writer.name]
        assert set(each.vias) == {writer.via}, f"{writer.name} named itself {each.vias} in its events"
        reasons = {reason for _rows, reason in each.reasons}
        assert reasons == {writer.reason}, f"{writer.name} gave the reasons {each.reasons}"
    for name, each in others:
        for part, rows in expected.rows.items():
            assert each.rows[part] == rows, (
                f"{name} wrote other {part} than {first}:\n{each.rows[part]}\n{rows}"
            )
    return expected.rows


# The writers. Each gives the `Writer` that makes the change its way.


def url_name(record, view: str) -> str:
    return f"{record._meta.app_label}:{record._meta.model_name}-{view}"


def form_post_data(form_or_formset) -> dict:
    """The data a browser posts back from a rendered form or formset (with its management form)."""
    data = {}
    forms = [form_or_formset]
    if hasattr(form_or_formset, "management_form"):
        forms = [form_or_formset.management_form, *form_or_formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def edit_form(client, reason: str | None = None, **changes) -> Writer:
    """The portal's edit form, loaded and posted back with `changes` (field name → posted value)."""

    def write(record):
        url = reverse(url_name(record, "edit"), args=[record.pk])
        context = client.get(url).context
        data = form_post_data(context["form"])
        for formset in context["formsets"].values():
            data.update(form_post_data(formset))
        data.update(changes)
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors

    return Writer("edit form", write, via="form", reason=reason)


def add_form(client, model, **values) -> Writer:
    """The portal's form for a new record, loaded and posted with `values`."""

    def write(_record):
        url = reverse(f"{model._meta.app_label}:{model._meta.model_name}-add")
        context = client.get(url).context
        data = form_post_data(context["form"])
        for formset in context["formsets"].values():
            data.update(form_post_data(formset))
        data.update(values)
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors

    return Writer("add form", write, via="form")


def admin_add(client, model, **values) -> Writer:
    """The admin's form for a new record, loaded and posted with `values`."""

    def write(_record):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        context = client.get(url).context
        data = form_post_data(context["adminform"].form)
        for inline in context["inline_admin_formsets"]:
            data.update(form_post_data(inline.formset))
        data.update(values)
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    return Writer("admin", write, via="admin")


def step_page(client, step, **data) -> Writer:
    """The step's page in the portal."""

    def write(record):
        response = client.post(reverse(url_name(record, "step"), args=[record.pk, step.name]), data)
        assert response.status_code == 302, response.context and response.context["form"].errors

    return Writer("step page", write, via="form", reason=str(step.label))


def step_service(step, by, via: str = "form", **data) -> Writer:
    """`records.process.step_take`, the service the step page calls."""

    def write(record):
        saved, form = step_take(record=record, step=step, by=by, data=data, via=via)
        assert saved is not None, form.errors

    return Writer("step service", write, via=via, reason=str(step.label))


def admin(client, reason: str | None = None, **changes) -> Writer:
    """The admin's change form, loaded and posted back with `changes`."""

    def write(record):
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        context = client.get(url).context
        data = form_post_data(context["adminform"].form)
        for inline in context["inline_admin_formsets"]:
            data.update(form_post_data(inline.formset))
        data.update(changes)
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    return Writer("admin", write, via="admin", reason=reason)


FILE_NAME = "changes.csv"
IMPORT_REASON = f"Import: {FILE_NAME}"


def import_file_of(record, resource: str, **cells) -> bytes:
    """The record as its register's import exports it, with `cells` (column field → cell) changed."""
    importer = importers.resource_class(resource)()
    dataset = importer.export(queryset=type(record)._default_manager.filter(pk=record.pk))
    headers = list(dataset.headers)
    row = list(dataset[0])
    for name, cell in cells.items():
        row[headers.index(str(importer.fields[name].column_name))] = cell
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headers)
    writer.writerow(["" if cell is None else cell for cell in row])
    return output.getvalue().encode()


def import_file_with(resource: str, **cells) -> bytes:
    """A file of one row for the register's import: `cells` by column field, in the active language."""
    importer = importers.resource_class(resource)()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([str(importer.fields[name].column_name) for name in cells])
    writer.writerow(cells.values())
    return output.getvalue().encode()


def file_for(record, resource: str, file: bytes | None, cells: dict) -> bytes:
    """The file an import writer imports: `file` as given, else the record with `cells` changed."""
    return file if file is not None else import_file_of(record, resource, **cells)


def import_page(client, resource: str, file: bytes | None = None, **cells) -> Writer:
    """The portal's import page: the dry run, then its confirmation."""

    def write(record):
        data = file_for(record, resource, file, cells)
        upload = {"resource": resource, "file": SimpleUploadedFile(FILE_NAME, data)}
        report = client.post(reverse("imports"), upload).context["report"]
        assert not report.has_errors, [row.errors for row in report.rows]
        assert client.post(reverse("imports-confirm")).status_code == 302

    return Writer("import page", write, via="import", reason=IMPORT_REASON)


def import_service(resource: str, by, file: bytes | None = None, **cells) -> Writer:
    """`imports.service.import_file`, the service the import page and the command call."""

    def write(record):
        data = file_for(record, resource, file, cells)
        report = import_file(resource=resource, data=data, file_name=FILE_NAME, user=by, dry_run=False)
        assert report.saved, [row.errors for row in report.rows]

    return Writer("import_file", write, via="import", reason=IMPORT_REASON)


def import_command(resource: str, by, tmp_path, file: bytes | None = None, **cells) -> Writer:
    """`manage.py import`."""

    def write(record):
        path = tmp_path / FILE_NAME
        path.write_bytes(file_for(record, resource, file, cells))
        call_command(
            "import", resource, str(path), "--user", by.username, "--language", "en", stdout=io.StringIO()
        )

    return Writer("manage.py import", write, via="import", reason=IMPORT_REASON)


def admin_import(client, resource: str, file: bytes | None = None, **cells) -> Writer:
    """The admin's import: its dry run, then its confirmation. A register with lists is saved there
    row by row rather than in bulk, so this is also the bulk import's yardstick."""

    def write(record):
        opts = importers.resource_class(resource)._meta.model._meta
        data = file_for(record, resource, file, cells)
        upload = {
            "resource": "0",
            "format": ADMIN_CSV_FORMAT,
            "import_file": SimpleUploadedFile(FILE_NAME, data),
        }
        preview = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"), upload)
        result = preview.context["result"]
        assert not (result.has_errors() or result.has_validation_errors()), result.invalid_rows
        confirmed = client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"),
            preview.context["confirm_form"].initial,
        )
        assert confirmed.status_code == 302

    return Writer("admin import", write, via="import", reason=IMPORT_REASON)


def imports(client, by, tmp_path, resource: str, file: bytes | None = None, **cells) -> list[Writer]:
    """Every import of the change: the portal's page, its service, the command and the admin's.
    The file imported is `file`, or the record as exported with `cells` changed."""
    return [
        import_page(client, resource, file, **cells),
        import_service(resource, by, file, **cells),
        import_command(resource, by, tmp_path, file, **cells),
        admin_import(client, resource, file, **cells),
    ]


def record_update(by, lists: dict | None = None, **values) -> Writer:
    """`records.services.record_update`, the service for writers without a form."""

    def write(record):
        services.record_update(record=record, by=by, lists=lists, **values)

    return Writer("record_update", write, via="service")
