"""The portal's import page: upload a file, see the dry run, confirm."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from .imports import pending
from .imports.resources import importers
from .imports.service import import_file
from .imports.uploads import UploadError, max_upload_bytes

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
        return context


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
