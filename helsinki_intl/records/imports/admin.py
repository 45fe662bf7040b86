"""The admin's imports run like the portal's: the same content checks, the same reading of the
file and, for the registers, the same resources with headers in the user's language."""

import logging

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from helsinki_intl.logs import audit_facts

from ..admin_locking import VersionCheckedAdminMixin
from ..admin_writes import RecordWriteAdminMixin
from .resources import ImportResource
from .uploads import UploadError, check_size, read_upload

audit_log = logging.getLogger("helsinki_intl.audit")


class CheckedFormat:
    """A file read as the portal reads it: by its content, with any delimiter, UTF-8 only."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_upload(bytes(in_stream))


class CheckedCSV(CheckedFormat, base_formats.CSV):
    pass


class CheckedXLSX(CheckedFormat, base_formats.XLSX):
    pass


class CheckedImportForm(ImportForm):
    """The admin's import form, refusing a file the portal's import would refuse."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.resource_classes = list(resources)

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        try:
            check_size(import_file.size)
            self.dataset = read_upload(b"".join(import_file.chunks()))
        except UploadError as error:
            raise forms.ValidationError(str(error), code="invalid_upload") from None
        import_file.seek(0)
        return import_file

    def clean(self):
        cleaned_data = super().clean()
        resource_class = self.chosen_resource_class()
        if hasattr(self, "dataset") and resource_class and issubclass(resource_class, ImportResource):
            # Unknown, repeated or missing columns are said here rather than as a failed import.
            try:
                resource_class().normalise_headers(self.dataset)
            except UploadError as error:
                self.add_error("import_file", forms.ValidationError(str(error), code="invalid_upload"))
        return cleaned_data

    def chosen_resource_class(self):
        try:
            return self.resource_classes[int(self.cleaned_data.get("resource") or 0)]
        except (ValueError, IndexError):
            return None


class CheckedImportExportMixin(ImportExportMixin):
    """Import/export in an admin whose uploads pass the portal's checks; CSV and XLSX only.

    A real import is all or nothing, as in the portal, and is written to the audit log.
    """

    import_form_class = CheckedImportForm
    import_formats = [CheckedCSV, CheckedXLSX]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "html_diff": True}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return kwargs

    def process_dataset(self, dataset, form, request, **kwargs):
        result = super().process_dataset(dataset, form, request, **kwargs)
        totals = result.totals
        file_name = form.cleaned_data.get("original_file_name") or kwargs.get("file_name", "")
        saved = not (result.has_errors() or result.has_validation_errors())
        counts = {
            "new": totals["new"],
            "changed": totals["update"],
            "unchanged": totals["skip"],
            "wrong": totals["error"] + totals["invalid"],
        }
        audit_log.info(
            "admin import model=%s file=%r user=%s saved=%s new=%d changed=%d unchanged=%d wrong=%d",
            self.model._meta.label,
            file_name,
            request.user.username,
            saved,
            *counts.values(),
            extra=audit_facts(
                "admin import",
                model=self.model._meta.label,
                file=file_name,
                username=request.user.username,
                saved=saved,
                **counts,
            ),
        )
        return result

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # A row went wrong after its dry run (a unit renamed meanwhile, say): all was rolled back.
            messages.error(
                request, _("Nothing was saved: some rows are wrong. Upload the file again to see them.")
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


class CheckedImportExportAdmin(
    CheckedImportExportMixin, RecordWriteAdminMixin, VersionCheckedAdminMixin, admin.ModelAdmin
):
    """A ModelAdmin with checked imports and exports, whose change form refuses a stale save, and
    whose saves of a register's records write their timeline and event as the portal's do."""
