"""The portal's import page: upload a file, see the dry run, confirm."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from .export.writers import FORMATS, csv_stream, write_xlsx
from .imports import pending
from .imports.guide import column_guide
from .imports.resources import importers
from .imports.service import import_file
from .imports.uploads import UploadError, check_size, max_upload_bytes

SESSION_KEY = "pending_import"
PREVIEW_TEMPLATE = "records/import_preview.html"


class ImportForm(forms.Form):
    resource = forms.ChoiceField(label=gettext_lazy("Register"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8) or an Excel file (XLSX) with a header row; the headers may be in "
            "Finnish, Swedish or English."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = importers.choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except UploadError as error:
            raise forms.ValidationError(str(error), code="too_large") from None
        return upload


class ImportView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Upload (POST) runs the dry run and shows every row's outcome; nothing is saved yet."""

    template_name = "records/import_form.html"
    form_class = ImportForm
    permission_required = "records.import_records"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read(max_upload_bytes() + 1)
        resource = form.cleaned_data["resource"]
        try:
            report = import_file(
                resource=resource, data=data, file_name=upload.name, user=self.request.user, dry_run=True
            )
        except UploadError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if not report.has_errors:
            self.request.session[SESSION_KEY] = {
                "token": pending.keep(data),
                "resource": resource,
                "file_name": upload.name,
            }
        return TemplateResponse(
            self.request, PREVIEW_TEMPLATE, self.get_context_data(form=form, report=report)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(None, _("Imports"))]
        context["registers"] = importers.choices()
        return context


class ImportResourceMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "records.import_records"

    def resource(self):
        name = self.kwargs["resource"]
        if name not in importers.names():
            raise Http404
        return importers.resource_class(name)()

    def register_label(self) -> str:
        return dict(importers.choices())[self.kwargs["resource"]]


class ImportGuideView(ImportResourceMixin, View):
    """A register's import columns: which are required, what each accepts, an example; with the
    empty files to start from."""

    def get(self, request, *args, **kwargs):
        resource = self.resource()
        label = self.register_label()
        context = {
            "register": label,
            "resource_name": kwargs["resource"],
            "columns": column_guide(resource),
            "breadcrumbs": [(reverse("imports"), _("Imports")), (None, label)],
        }
        return TemplateResponse(request, "records/import_guide.html", context)


class ImportTemplateView(ImportResourceMixin, View):
    """An empty import file of a register, CSV or Excel: the headers in the person's language and
    one example row."""

    def get(self, request, *args, **kwargs):
        file_format = kwargs["format"]
        if file_format not in FORMATS:
            raise Http404
        resource = self.resource()
        columns = column_guide(resource)
        headers = [column.header for column in columns]
        example = [column.example for column in columns]
        file_name = f"{kwargs['resource']}-template.{file_format}"
        if file_format == "csv":
            response = HttpResponse("".join(csv_stream(headers, [example])), content_type=FORMATS["csv"])
        else:
            buffer = io.BytesIO()
            write_xlsx(buffer, headers, [example], title=str(self.register_label()))
            response = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response


class ImportConfirmView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Confirm (POST) imports the file of the dry run for real, all rows or none."""

    permission_required = "records.import_records"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kept = request.session.pop(SESSION_KEY, None) or {}
        data = pending.take(kept.get("token", ""))
        if data is None or kept.get("resource") not in importers.names():
            messages.error(request, _("The file of the dry run is no longer available: upload it again."))
            return redirect("imports")
        try:
            report = import_file(
                resource=kept["resource"],
                data=data,
                file_name=kept["file_name"],
                user=request.user,
                dry_run=False,
            )
        except UploadError as error:
            messages.error(request, str(error))
            return redirect("imports")
        if report.has_errors:
            context = {"report": report, "breadcrumbs": [(None, _("Imports"))]}
            return TemplateResponse(request, PREVIEW_TEMPLATE, context)
        counts = report.counts
        messages.success(
            request,
            _("%(file)s imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
            % {"file": report.file_name, **counts},
        )
        return redirect("imports")
