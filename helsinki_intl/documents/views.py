"""Attaching a document to a record, downloading it, deleting it.

Whoever may read the record may download its documents; its owner unit (and international
affairs) attach and delete them. A document is only ever served as a download of the type its
content was judged to be: a browser never shows it as a page of the portal's.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from helsinki_intl.records.attached import attached_record, may_change, may_read, record_crumbs
from helsinki_intl.records.refusals import RecordPermissionDenied

from .content import DocumentRefused
from .forms import DocumentForm
from .models import Document
from .services import document_add, document_delete


class DocumentAddView(LoginRequiredMixin, TemplateView):
    """The upload page; the record's page posts its own small form here too."""

    template_name = "documents/document_form.html"
    page_label = gettext_lazy("Attach a document")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = attached_record(kwargs["record_type"], kwargs["pk"])
            if not may_change(request.user, self.record):
                raise RecordPermissionDenied(self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DocumentForm())
        context.update(record=self.record, breadcrumbs=record_crumbs(self.record, self.page_label))
        return context

    def post(self, request, *args, **kwargs):
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document = document_add(record=self.record, file=upload, name=upload.name, by=request.user)
            except DocumentRefused as refusal:
                form.add_error("file", str(refusal))
            else:
                messages.success(request, _("“%(document)s” was attached.") % {"document": document})
                return HttpResponseRedirect(f"{self.record.get_absolute_url()}#documents-heading")
        messages.error(request, _("The file was not attached. See the message at the field below."))
        return self.render_to_response(self.get_context_data(form=form))


class DocumentMixin(LoginRequiredMixin):
    model = Document

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.document = get_object_or_404(
                Document.objects.select_related("content_type"), pk=kwargs["pk"]
            )
            self.record = self.document.record
            if self.record is None:
                raise Http404
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self) -> None:
        if not may_read(self.request.user, self.record):
            raise RecordPermissionDenied(self.record)


class DocumentDownloadView(DocumentMixin, TemplateView):
    """The document as an attachment of the type judged when it was uploaded, never inline."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        document = self.document
        content_type = document.media_type
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        response = FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.name, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        # Should a browser still open it, nothing in it runs or loads anything.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentDeleteView(DocumentMixin, TemplateView):
    template_name = "documents/document_confirm_delete.html"
    page_label = gettext_lazy("Delete a document")

    def check_permission(self) -> None:
        if not may_change(self.request.user, self.record):
            raise RecordPermissionDenied(self.record)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            document=self.document,
            record=self.record,
            breadcrumbs=record_crumbs(self.record, self.page_label),
        )
        return context

    def post(self, request, *args, **kwargs):
        name = self.document.name
        document_delete(document=self.document, by=request.user)
        messages.success(request, _("“%(document)s” was deleted.") % {"document": name})
        return HttpResponseRedirect(f"{self.record.get_absolute_url()}#documents-heading")
