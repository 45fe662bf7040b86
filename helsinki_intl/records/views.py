"""Generic views of a register: list, detail, add, edit, delete and history.

Each register's views only name their model, filter, form, formsets and templates.
Permissions are asked of `user.has_perm` for every request, with the record when there is one.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView

from .cache_keys import list_cache_key
from .export.columns import list_exports
from .export.responses import export_response
from .export.writers import FORMATS as EXPORT_FORMATS
from .forms import ADD_ROW, unjudged, unjudged_rows, with_another_row
from .history import recent_changes
from .htmx import ResultsFragmentMixin
from .integrity import is_unique_violation
from .locking import StaleRecordError, changes_since, claim_version
from .pagination import FromEitherEndPaginator
from .process import StepRefused, process_for, step_take
from .refusals import RecordPermissionDenied
from .services import record_delete, record_save

EXPORT_PERSONAL_DATA = "records.export_personal_data"
NOT_COUNTED = frozenset({"page", "sort"})
"""Parameters that change which rows a page shows, not how many the list has."""
SAVED_MEANWHILE = gettext_lazy(
    "Another record with some of the same values was saved at the same time. Check the values and save again."
)
HISTORY_PAGE_ENTRIES = 100
"""The newest changes a history page shows; a record saved daily for years has thousands."""


class RecordPermissionMixin(LoginRequiredMixin):
    """Refuses (403) a signed-in user without the permission; sends others to sign in."""

    action = "view"

    def permission_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{self.action}_{opts.model_name}"

    def check_permission(self, record=None) -> None:
        if not self.request.user.has_perm(self.permission_name(), record):
            raise PermissionDenied if record is None else RecordPermissionDenied(record)

    def get_object(self, queryset=None):
        if not hasattr(self, "_record"):
            self._record = super().get_object(queryset)
            self.check_permission(self._record)
        return self._record

    def url_name(self, view: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}:{opts.model_name}-{view}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        context["opts"] = opts
        context["list_url"] = reverse(self.url_name("list"))
        context["add_url"] = reverse(self.url_name("add"))
        context["can_add"] = self.request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        record = context.get("object")
        if record is not None and record.pk:
            context["can_change"] = self.request.user.has_perm(
                f"{opts.app_label}.change_{opts.model_name}", record
            )
            context["record_urls"] = {
                view: reverse(self.url_name(view), args=[record.pk])
                for view in ("detail", "edit", "delete", "history")
            }
        context["breadcrumbs"] = self.get_breadcrumbs(context)
        return context

    page_label = ""

    def get_breadcrumbs(self, context) -> list[tuple[str | None, str]]:
        """(url, label) pairs after Home; the last one is the current page."""
        crumbs = [(context["list_url"], capfirst(self.model._meta.verbose_name_plural))]
        record = context.get("object")
        if record is not None and record.pk:
            crumbs.append((context["record_urls"]["detail"], str(record)))
        if self.page_label:
            crumbs.append((None, str(self.page_label)))
        crumbs[-1] = (None, crumbs[-1][1])
        return crumbs


class RecordListView(RecordPermissionMixin, ResultsFragmentMixin, FilterView):
    """A register's list; with `?export=csv` or `?export=xlsx`, the whole filtered list as a file.

    An export has every row the filters and sorting give, not only the current page; the
    columns are the list export the register declares in its `resources.py`.
    """

    paginate_by = settings.PAGINATE_BY
    paginator_class = FromEitherEndPaginator
    template_name_suffix = "_list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.for_list()

    def get(self, request, *args, **kwargs):
        if "export" in request.GET:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_paginator(self, queryset, per_page, **kwargs):
        count_key = list_cache_key("list-count", self.request, ignoring=NOT_COUNTED, per_person=True)
        return self.paginator_class(
            queryset, per_page, rows_for=self.page_rows, count_key=count_key, **kwargs
        )

    def page_rows(self, keys):
        """A page's whole rows for a subquery of their keys, in the list's sort.

        The filters are not applied again: the keys come from the filtered list.
        """
        rows = self.get_queryset().filter(pk__in=keys)
        sort = self.filterset.filters.get("sort")
        if sort is None or not self.filterset.is_valid():
            return rows
        return sort.filter(rows, self.filterset.form.cleaned_data.get("sort"))

    def export(self, file_format: str):
        name = list_exports.name_for_model(self.model)
        if name is None or file_format not in EXPORT_FORMATS:
            raise Http404
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            queryset = filterset.qs
        else:
            queryset = filterset.queryset.none()
        export = list_exports.export(
            name, queryset, personal_data=self.request.user.has_perm(EXPORT_PERSONAL_DATA)
        )
        filters = self.request.GET.copy()
        filters.pop("export")
        return export_response(
            export, file_format, who=self.request.user.get_username(), filters=filters.urlencode()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if name := list_exports.name_for_model(self.model):
            export = list_exports.get(name)
            context["export_omits_personal_data"] = bool(
                export.personal_data_fields
            ) and not self.request.user.has_perm(EXPORT_PERSONAL_DATA)
            context["can_export"] = True
            context["table"] = export.table
        return context


record_page_annotations: list = []
"""(model, user) -> {name: expression}: what an app shows of its own on every record's page
(whether the person follows the record), read with the record in the query the page makes
anyway. Apps that build on the records add theirs when they are ready."""


class RecordDetailView(RecordPermissionMixin, DetailView):
    def get_object(self, queryset=None):
        if queryset is None and not hasattr(self, "_record"):
            queryset = self.get_queryset()
            for annotations in record_page_annotations:
                queryset = queryset.annotate(**annotations(queryset.model, self.request.user))
        return super().get_object(queryset)


def error_summary(form, formsets) -> list[tuple[str, str, str]]:
    """(id of the field, its label, the error) for every field error of the form and its rows,
    to list and link at the top of the page."""
    forms = [(form, "")]
    if shown_after := getattr(form, "in_place_after", None):
        for name in form.fields:
            if in_place := shown_after(name):
                forms.append((in_place.form, f"{capfirst(in_place.form._meta.model._meta.verbose_name)}: "))
    for formset in formsets.values():
        rows = capfirst(formset.model._meta.verbose_name_plural)
        forms += [(row, f"{rows} {number}: ") for number, row in enumerate(formset.forms, start=1)]
    summary = []
    for each, prefix in forms:
        for name, errors in each.errors.items():
            if name == NON_FIELD_ERRORS or name not in each.fields or each[name].is_hidden:
                continue
            field = each[name]
            # A group of boxes links to its first box.
            grouped = field.widget_type in ("radioselect", "checkboxselectmultiple")
            anchor = f"{field.auto_id}_0" if grouped else field.id_for_label
            summary += [(anchor, f"{prefix}{field.label}", error) for error in errors]
    return summary


class RecordFormMixin(RecordPermissionMixin):
    """A record form with inline formsets (goals, roles...), all saved in one transaction."""

    formset_classes: dict = {}
    template_name = "records/record_form.html"
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def build_formsets(self, instance, data=None) -> dict:
        if data is None and self.request.method == "POST":
            data = self.request.POST
        return {
            name: formset_class(data=data, instance=instance, prefix=name)
            for name, formset_class in self.formset_classes.items()
        }

    def get_context_data(self, **kwargs):
        if "formsets" not in kwargs:
            kwargs["formsets"] = self.build_formsets(self.object or self.model())
        context = super().get_context_data(**kwargs)
        context["error_summary"] = error_summary(context["form"], context["formsets"])
        return context

    def save_records(self, form, formsets):
        """Saves the record and its rows, inside the view's transaction.

        A register whose writes touch other models overrides this to call its service.
        """
        return record_save(form=form, formsets=formsets, by=self.request.user)

    def tell_once_saved(self, message: str, level: int = messages.INFO) -> None:
        """A message for the person once the save has committed (not when it is refused or rolled
        back), after the one saying the record was saved: what else the save did or asks of them."""
        self.told_once_saved.append((level, message))

    def post(self, request, *args, **kwargs):
        if (rows := request.POST.get(ADD_ROW)) in self.formset_classes:
            return self.show_another_row(rows)
        self.told_once_saved = []
        form = self.get_form()
        form_is_valid = form.is_valid()  # puts the posted values on form.instance first
        formsets = self.build_formsets(form.instance)
        # Validate every formset, not only up to the first invalid one, so all errors show.
        formset_results = [formset.is_valid() for formset in formsets.values()]
        formsets_are_valid = all(formset_results)
        if not (form_is_valid and formsets_are_valid):
            # Errors judged against a record changed meanwhile: show the changes first.
            if "version" in form.fields and self.loaded_version(form) != form.instance.version:
                return self.refuse_stale(form, formsets)
            messages.error(request, _("The form has errors. Please correct the fields marked below."))
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        record = form.instance
        unsaved = (record.pk, record._state.adding, getattr(record, "version", None))
        try:
            with transaction.atomic():
                if "version" in form.fields:
                    claim_version(form.instance, self.loaded_version(form))
                self.object = self.save_records(form, formsets)
        except StaleRecordError:
            return self.refuse_stale(form, formsets)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            record.pk, record._state.adding, version = unsaved  # all of it was rolled back
            if version is not None:
                record.version = version
            return self.refuse_clash(form, formsets)
        messages.success(request, self.success_message % {"record": self.object})
        for level, message in self.told_once_saved:
            messages.add_message(request, level, message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def show_another_row(self, name: str):
        """The form again as posted, with one more empty row of the formset `name`, so that a
        person adds as many rows as they need before saving, without JavaScript too. Nothing is
        judged or saved until they press Save."""
        formset_class = self.formset_classes[name]
        data = with_another_row(self.request.POST, name, formset_class.max_num)
        shown = data or self.request.POST
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": shown})
        formsets = self.build_formsets(form.instance, data=shown)
        unjudged(form)
        for formset in formsets.values():
            unjudged_rows(formset)
        rows = capfirst(formset_class.model._meta.verbose_name_plural)
        if data is None:
            messages.warning(
                self.request,
                _("No more rows can be added to “%(rows)s”: it takes at most %(most)s.")
                % {"rows": rows, "most": formset_class.max_num},
            )
        else:
            new_row = formsets[name].forms[-1]
            next(iter(new_row.visible_fields())).field.widget.attrs["autofocus"] = True
            messages.info(
                self.request,
                _("An empty row was added to “%(rows)s”. Nothing is saved until you press Save.")
                % {"rows": rows},
            )
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))

    def refuse_clash(self, form, formsets):
        """Shows the form again, as posted, when a record saved meanwhile took a value that must
        be unique (a network's name, a unit's current membership) after the form was checked."""
        form.validate_unique()
        not_on_form = form._get_validation_exclusions()
        try:
            form.instance.validate_constraints(exclude=not_on_form)
        except ValidationError as error:
            form.add_error(None, error)
        if form.is_valid():  # the clashing record is gone again, or is not one the form can name
            form.add_error(None, SAVED_MEANWHILE)
        messages.error(self.request, _("The form has errors. Please correct the fields marked below."))
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))

    @staticmethod
    def loaded_version(form) -> int | None:
        """The record's version the edit form was loaded with; None on a form without one."""
        return form.cleaned_data.get("version") if "version" in form.fields else None

    def refuse_stale(self, form, formsets):
        """Shows the form again, as posted, with what others saved since it was loaded.

        The form then carries the current version, so that saving again after a review wins.
        """
        current = self.model._default_manager.get(pk=form.instance.pk)
        related = tuple(
            formset.fk.related_query_name()
            for formset in formsets.values()
            if hasattr(formset.model, "history")
        )
        conflict = changes_since(current, self.loaded_version(form), related=related)
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current.version)
        context = self.get_context_data(form=form, formsets=formsets, conflict=conflict, stale=True)
        return self.render_to_response(context, status=409)


class RecordCreateView(RecordFormMixin, CreateView):
    action = "add"
    page_label = gettext_lazy("Add")
    success_message = gettext_lazy("“%(record)s” was added.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        return super().post(request, *args, **kwargs)


class RecordUpdateView(RecordFormMixin, UpdateView):
    action = "change"
    page_label = gettext_lazy("Edit")
    success_message = gettext_lazy("“%(record)s” was saved.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class RecordDeleteView(RecordPermissionMixin, DeleteView):
    action = "delete"
    page_label = gettext_lazy("Delete")
    template_name = "records/record_confirm_delete.html"

    def get_success_url(self) -> str:
        return reverse(self.url_name("list"))

    def form_valid(self, form):
        label = str(self.object)
        try:
            with transaction.atomic():
                record_delete(record=self.object, by=self.request.user)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(record)s” cannot be deleted while other records refer to it.") % {"record": label},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("“%(record)s” was deleted.") % {"record": label})
        return HttpResponseRedirect(self.get_success_url())


class RecordHistoryView(RecordPermissionMixin, DetailView):
    """Who changed what and when, for the record and the rows it owns (goals, roles...)."""

    template_name = "records/record_history.html"
    page_label = gettext_lazy("Change history")
    history_related: tuple[str, ...] = ()

    def get_queryset(self):
        # The record's name may come from the records it refers to (a membership's network).
        foreign_keys = [field.name for field in self.model._meta.concrete_fields if field.many_to_one]
        return self.model._default_manager.select_related(*foreign_keys)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = recent_changes(self.object, related=self.history_related, limit=HISTORY_PAGE_ENTRIES)
        context["changes"] = history.entries
        context["older_changes_left_out"] = not history.complete
        return context


class RecordStepView(RecordPermissionMixin, DetailView):
    """A step of the record's process (`records.process`): its small form, and taking it.

    Only those the step's table allows may open or take it (403 otherwise); a step the record's
    status does not allow (any more) answers 409 and changes nothing.
    """

    template_name = "records/record_step.html"

    def dispatch(self, request, *args, **kwargs):
        process = process_for(self.model)
        self.step = process.step(kwargs["step"]) if process else None
        if self.step is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self, context):
        crumbs = super().get_breadcrumbs(context)
        crumbs[-1] = (context["record_urls"]["detail"], crumbs[-1][1])
        return [*crumbs, (None, str(self.step.label))]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.step.who.test(request.user, self.object):
            raise RecordPermissionDenied(self.object)
        if not self.step.is_open(self.object):
            return self.refuse_closed(self.object)
        form = self.step.form_class(record=self.object, user=request.user, step=self.step)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            record, form = step_take(record=self.object, step=self.step, by=request.user, data=request.POST)
        except StepRefused as refusal:
            messages.error(request, refusal.message)
            return self.refuse_closed(self.model._default_manager.get(pk=self.object.pk), refusal.message)
        if record is None:
            messages.error(request, _("The form has errors. Please correct the fields marked below."))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("“%(step)s” was recorded for “%(record)s”.") % {"step": self.step.label, "record": record},
        )
        return HttpResponseRedirect(record.get_absolute_url())

    def refuse_closed(self, record, message: str | None = None):
        context = self.get_context_data(object=record, form=None, closed=True)
        context["closed_message"] = message or _(
            "“%(step)s” cannot be taken: the record is now “%(status)s”."
        ) % {"step": self.step.label, "status": self.step.state_display(record)}
        return self.render_to_response(context, status=409)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step"] = self.step
        form = context.get("form")
        context["error_summary"] = error_summary(form, {}) if form is not None else []
        return context
