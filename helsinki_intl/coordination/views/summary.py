"""The Strategy Department's quarterly summary: the figures of a range, its downloads, and the
whole table of each breakdown."""

import io
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from helsinki_intl.records.forms import CityDateFormField
from helsinki_intl.records.ranges import FIRST_YEAR, LAST_YEAR, date_in_range

from ..summary import (
    MAX_RANGE_DAYS,
    SUMMARY_CACHE_SECONDS,
    TOP_ROWS,
    Period,
    Summary,
    breakdown_kind,
    cached_summary,
    current_quarter,
    last_full_quarter,
    recent_quarters,
    summary_cache_key,
)
from ..summary_files import file_stem, write_csv_zip, write_xlsx

CUSTOM = "custom"
DOWNLOADS = {
    "xlsx": (write_xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (write_csv_zip, "zip", "application/zip"),
}


class SummaryForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    start = CityDateFormField(label=_("Start date"), required=False)
    end = CityDateFormField(label=_("End date"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_quarter().quarter_code
        self.fields["quarter"].choices = [
            (current, _("%(quarter)s (so far)") % {"quarter": current}),
            *((quarter.quarter_code, quarter.quarter_code) for quarter in recent_quarters()),
            (CUSTOM, _("Custom range")),
        ]
        self.fields["quarter"].help_text = _("Or choose “Custom range” and give the dates.")

    def clean_quarter(self) -> str:
        quarter = self.cleaned_data["quarter"]
        if quarter and quarter != CUSTOM:
            try:
                period = Period.parse_quarter(quarter)
            except ValueError:
                period = None
            if period is None or not (date_in_range(period.start) and date_in_range(period.end)):
                raise forms.ValidationError(
                    _("Choose a quarter in the years %(first)s–%(last)s."),
                    code="out_of_range",
                    params={"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        return quarter

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        quarter, start, end = data.get("quarter"), data.get("start"), data.get("end")
        if quarter and quarter != CUSTOM:
            data["period"] = Period.parse_quarter(quarter)
            return data
        if not start or not end:
            raise forms.ValidationError(_("Give both the start and the end date of the range."))
        if end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        elif (end - start).days >= MAX_RANGE_DAYS:
            self.add_error("end", _("The range can be at most two years."))
        else:
            data["period"] = Period(start, end)
        return data


def _form_data(params) -> dict:
    """The form's data from the query string; a quarter given outside the select list is kept."""
    if params.get("quarter") or params.get("start") or params.get("end"):
        return {key: params.get(key, "") for key in ("quarter", "start", "end")}
    return {"quarter": last_full_quarter().quarter_code}


def range_query(period: Period) -> dict:
    """The query string's parameters that choose the period again."""
    if period.quarter_code:
        return {"quarter": period.quarter_code}
    return {"quarter": CUSTOM, "start": period.start.isoformat(), "end": period.end.isoformat()}


class SummaryRangeView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A page of the summary of the range its query string chooses (the last full quarter
    without one); the range's form shows what is wrong with it."""

    permission_required = "coordination.view_summary"

    def read_range(self, request) -> tuple[SummaryForm, Summary | None, str | None]:
        """The range's form, its summary (None when the form is wrong) and the summary's cache key."""
        form = SummaryForm(_form_data(request.GET))
        if "quarter" in form.data and form.data["quarter"] not in (None, "", CUSTOM):
            self._allow_any_quarter(form)
        summary = cached_summary(form.cleaned_data["period"]) if form.is_valid() else None
        key = summary_cache_key(form.cleaned_data["period"]) if summary is not None else None
        return form, summary, key

    @staticmethod
    def _allow_any_quarter(form: SummaryForm) -> None:
        """A link may name an older quarter than the select offers; it is offered too."""
        code = form.data["quarter"]
        try:
            code = Period.parse_quarter(code).quarter_code
        except (ValueError, OverflowError):
            return
        choices = form.fields["quarter"].choices
        if code not in dict(choices):
            form.fields["quarter"].choices = [(code, code), *choices]
        form.data = {**form.data, "quarter": code}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures_seconds"] = SUMMARY_CACHE_SECONDS
        summary = context.get("summary")
        if summary is not None:
            context["range_query"] = urlencode(range_query(summary.period))
        return context


class SummaryView(SummaryRangeView):
    """The figures of a quarter or a date range, with links to the same range as files and to
    the whole table of each breakdown."""

    template_name = "coordination/summary.html"

    def get(self, request, *args, **kwargs):
        form, summary, key = self.read_range(request)
        download = request.GET.get("download")
        if summary is not None and download in DOWNLOADS:
            return self.download(summary, download, key)
        return self.render_to_response(self.get_context_data(form=form, summary=summary, figures_key=key))

    def download(self, summary, kind: str, key: str) -> HttpResponse:
        write, extension, content_type = DOWNLOADS[kind]

        def written() -> bytes:
            output = io.BytesIO()
            write(summary, output)
            return output.getvalue()

        # The files list the records that changed, which the summary itself does not hold.
        content = cache.get_or_set(f"{key}:{kind}", written, SUMMARY_CACHE_SECONDS)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{file_stem(summary)}.{extension}"
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(None, _("Quarterly summary"))]
        summary = context["summary"]
        if summary is not None:
            params = range_query(summary.period)
            context["xlsx_query"] = urlencode({**params, "download": "xlsx"})
            context["csv_query"] = urlencode({**params, "download": "csv"})
            context["top_rows"] = TOP_ROWS
        return context


class SummaryBreakdownView(SummaryRangeView):
    """A breakdown's whole table, every row and figure, of the range the summary's page showed."""

    template_name = "coordination/summary_breakdown.html"

    def get(self, request, *args, breakdown: str, **kwargs):
        kind = breakdown_kind(breakdown)
        if kind is None:
            raise Http404
        form, summary, key = self.read_range(request)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                summary=summary,
                figures_key=key,
                kind=kind,
                breakdown=summary.breakdown(kind.slug) if summary is not None else None,
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back_url = reverse("coordination:summary")
        if context["summary"] is not None:
            back_url += f"?{context['range_query']}"
        context["back_url"] = back_url
        context["breadcrumbs"] = [(back_url, _("Quarterly summary")), (None, context["kind"].title)]
        return context
