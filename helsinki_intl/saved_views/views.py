"""The saved views page, and saving, renaming, sharing, deleting a view and its history.

Only the owner changes or deletes a view; whoever it is shared with sees it and its history.
Each is asked of the rules on the server for every request (`saved_views.permissions`).
"""

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DeleteView, DetailView, TemplateView, UpdateView

from helsinki_intl.records.history import recent_changes
from helsinki_intl.records.integrity import is_unique_violation
from helsinki_intl.records.views import HISTORY_PAGE_ENTRIES

from .forms import NewSavedViewForm, SavedViewForm
from .lists import listable
from .models import NAME_TAKEN, SavedView

FORM_ERRORS = gettext_lazy("The form has errors. Please correct the fields marked below.")


def index_crumb() -> tuple[str, str]:
    return reverse("saved_views:index"), _("Saved views")


class SavedViewIndexView(LoginRequiredMixin, TemplateView):
    """The person's own views, and the views shared with them, each linking to its list."""

    template_name = "saved_views/savedview_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        views = SavedView.objects.visible_to(user).select_related(
            "owner", "shared_with_group", "shared_with_unit"
        )
        own, shared = [], []
        for view in views:
            if view.owner_id == user.pk:
                own.append(view)
            elif view.listable is not None and view.listable.may_open(user):
                shared.append(view)
        context.update(own_views=own, shared_views=shared, breadcrumbs=[(None, _("Saved views"))])
        return context


def refuse_clash(form) -> None:
    """A view of the same name saved meanwhile, after the form was checked."""
    form.add_error("name", NAME_TAKEN % {"name": form.cleaned_data["name"]})


class SavedViewCreateView(LoginRequiredMixin, View):
    """Saves the list a person is looking at, with its filters and sorting, as a view of theirs.

    Posted from the list's page; back to the list, now under the view's address, once saved, and
    otherwise a page of the form with what to correct.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not rules.has_perm("saved_views.add_savedview", request.user):
            raise PermissionDenied
        form = NewSavedViewForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    view = form.save()
            except IntegrityError as error:
                if not is_unique_violation(error):
                    raise
                refuse_clash(form)
            else:
                messages.success(request, _("The view “%(view)s” was saved.") % {"view": view})
                return HttpResponseRedirect(view.get_absolute_url())
        messages.error(request, FORM_ERRORS)
        target = listable(form.data.get("list_name", ""))
        list_url = None
        if target is not None and target.may_open(request.user):
            query = form.cleaned_data.get("query", "")
            list_url = f"{target.url()}?{query}" if query else target.url()
        context = {
            "form": form,
            "list": target if list_url else None,
            "list_url": list_url,
            "breadcrumbs": [index_crumb(), (None, _("Save this view"))],
        }
        return render(request, "saved_views/savedview_form.html", context)


class SavedViewMixin(LoginRequiredMixin):
    """A page of one view, for those the rules give `saved_views.<action>_savedview` on it."""

    model = SavedView
    action = "view"
    page_label = ""

    def get_queryset(self):
        return SavedView.objects.select_related("owner", "shared_with_group", "shared_with_unit")

    def get_object(self, queryset=None):
        if not hasattr(self, "_view"):
            view = super().get_object(queryset)
            # The rules alone: a superuser's blanket permissions do not reach others' views here.
            if not rules.has_perm(f"saved_views.{self.action}_savedview", self.request.user, view):
                raise PermissionDenied
            self._view = view
        return self._view

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [index_crumb(), (None, f"{self.page_label}: {self.object}")]
        return context


class SavedViewUpdateView(SavedViewMixin, UpdateView):
    action = "change"
    form_class = SavedViewForm
    template_name = "saved_views/savedview_form.html"
    page_label = gettext_lazy("Edit")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = form.save()
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            refuse_clash(form)
            return self.form_invalid(form)
        messages.success(self.request, _("The view “%(view)s” was saved.") % {"view": self.object})
        return HttpResponseRedirect(reverse("saved_views:index"))

    def form_invalid(self, form):
        messages.error(self.request, FORM_ERRORS)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(list=self.object.listable, list_url=self.object.get_absolute_url())
        return context


class SavedViewDeleteView(SavedViewMixin, DeleteView):
    action = "delete"
    template_name = "saved_views/savedview_confirm_delete.html"
    page_label = gettext_lazy("Delete")

    def form_valid(self, form):
        name = str(self.object)
        self.object.delete()
        messages.success(self.request, _("The view “%(view)s” was deleted.") % {"view": name})
        return HttpResponseRedirect(reverse("saved_views:index"))


class SavedViewHistoryView(SavedViewMixin, DetailView):
    """Who changed the view and what, as a record's history shows it."""

    template_name = "saved_views/savedview_history.html"
    page_label = gettext_lazy("Change history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = recent_changes(self.object, limit=HISTORY_PAGE_ENTRIES)
        list_label = capfirst(SavedView._meta.get_field("list_name").verbose_name)
        for entry in history.entries:
            for change in entry.changes:
                if change.label == list_label:  # the list by its name rather than its URL name
                    change.old, change.new = (_list_label(change.old), _list_label(change.new))
        context["changes"] = history.entries
        context["older_changes_left_out"] = not history.complete
        return context


def _list_label(url_name: str) -> str:
    target = listable(url_name)
    return str(target.label) if target is not None else url_name
