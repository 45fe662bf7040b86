"""Writing in a record's journal, and its author's corrections within fifteen minutes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from helsinki_intl.records.attached import attached_record, may_read, record_crumbs
from helsinki_intl.records.refusals import RecordPermissionDenied

from .forms import JournalEntryForm
from .models import JournalEntry
from .services import EDITABLE, EntryClosed, entry_add, entry_change, entry_delete

FORM_ERRORS = gettext_lazy("The form has errors. Please correct the fields marked below.")
CLOSED = gettext_lazy("Only its author may change an entry, and only for fifteen minutes after writing it.")


def journal_url(record) -> str:
    return f"{record.get_absolute_url()}#journal-heading"


class JournalAddView(LoginRequiredMixin, TemplateView):
    template_name = "journal/entry_form.html"
    page_label = gettext_lazy("Write in the journal")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = attached_record(kwargs["record_type"], kwargs["pk"])
            if not may_read(request.user, self.record):
                raise RecordPermissionDenied(self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", JournalEntryForm())
        context.update(
            record=self.record,
            page_label=self.page_label,
            breadcrumbs=record_crumbs(self.record, self.page_label),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = JournalEntryForm(request.POST)
        if form.is_valid():
            try:
                entry_add(record=self.record, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your entry was added to the journal."))
                return HttpResponseRedirect(journal_url(self.record))
        messages.error(request, FORM_ERRORS)
        return self.render_to_response(self.get_context_data(form=form))


class EntryMixin(LoginRequiredMixin):
    """An entry its author may still change; anyone else is refused (403)."""

    model = JournalEntry

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(
                JournalEntry.objects.select_related("content_type"), pk=kwargs["pk"]
            )
            self.record = self.entry.record
            if self.record is None:
                raise Http404
            if not may_read(request.user, self.record) or not self.entry.may_be_edited_by(request.user):
                raise RecordPermissionDenied(self.record)
        return super().dispatch(request, *args, **kwargs)

    def refuse_closed(self):
        messages.error(self.request, CLOSED)
        return HttpResponseRedirect(journal_url(self.record))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entry=self.entry,
            record=self.record,
            page_label=self.page_label,
            breadcrumbs=record_crumbs(self.record, self.page_label),
        )
        return context


class JournalEditView(EntryMixin, TemplateView):
    template_name = "journal/entry_form.html"
    page_label = gettext_lazy("Correct a journal entry")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", JournalEntryForm(instance=self.entry))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = JournalEntryForm(request.POST, instance=JournalEntry.objects.get(pk=self.entry.pk))
        if form.is_valid():
            try:
                entry_change(
                    entry=self.entry, by=request.user, **{name: form.cleaned_data[name] for name in EDITABLE}
                )
            except EntryClosed:
                return self.refuse_closed()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your entry was corrected."))
                return HttpResponseRedirect(journal_url(self.record))
        messages.error(request, FORM_ERRORS)
        return self.render_to_response(self.get_context_data(form=form))


class JournalDeleteView(EntryMixin, TemplateView):
    template_name = "journal/entry_confirm_delete.html"
    page_label = gettext_lazy("Delete a journal entry")

    def post(self, request, *args, **kwargs):
        try:
            entry_delete(entry=self.entry, by=request.user)
        except EntryClosed:
            return self.refuse_closed()
        messages.success(request, _("Your entry was deleted from the journal."))
        return HttpResponseRedirect(journal_url(self.record))
