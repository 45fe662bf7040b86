"""The admin's imports checked like the portal's: the same content checks before any parsing."""

from django import forms
from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from .uploads import UploadError, read_upload


class CheckedImportForm(ImportForm):
    """The admin's import form, refusing a file the portal's import would refuse."""

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        data = b"".join(import_file.chunks())
        try:
            read_upload(data)
        except UploadError as error:
            raise forms.ValidationError(str(error), code="invalid_upload") from None
        import_file.seek(0)
        return import_file


class CheckedImportExportMixin(ImportExportMixin):
    """Import/export in an admin whose uploads pass the portal's checks; CSV and XLSX only."""

    import_form_class = CheckedImportForm
    import_formats = [base_formats.CSV, base_formats.XLSX]


class CheckedImportExportAdmin(CheckedImportExportMixin, admin.ModelAdmin):
    """A ModelAdmin with checked imports and exports."""
