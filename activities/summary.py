"""The planned activities' section of the Strategy Department's summary, and their sheet.

- Taking place: activities not cancelled on at least one day of the range.
- With the mayor or a deputy mayor: those of them the mayor or a deputy mayor takes part in.
- Done: activities whose timeline first reached done on a day in the range.
- Reported: activities whose timeline first reached reported on a day in the range.
- Cancelled: activities whose timeline reached cancelled on a day in the range.
"""

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.summary import (
    FigureDeclaration,
    RecordSheet,
    Source,
    SummaryPart,
    SummaryQueries,
    count_of,
)

from .models import Activity, ActivityStatusChange

Status = Activity.Status


def first_becoming(queries: SummaryQueries, status: str) -> QuerySet:
    """The activities whose timeline reached `status` for the first time in the range."""
    return (
        ActivityStatusChange.objects.to(status)
        .order_by()
        .values("activity")
        .annotate(first=Min("changed_on"))
        .filter(first__range=(queries.period.start, queries.period.end))
        .values("activity")
    )


def taking_place(queries: SummaryQueries) -> Q:
    period = queries.period
    return Q(starts_on__lte=period.end, ends_on__gte=period.start) & ~Q(status=Status.CANCELLED)


def sources(queries: SummaryQueries, grouped: bool) -> list[Source]:
    held = taking_place(queries)
    return [
        (
            Activity.objects.all(),
            "",
            {
                "activities_held": Count("pk", filter=held, distinct=grouped),
                "activities_led": Count(
                    "pk", filter=held & ~Q(city_leadership=Activity.Leadership.NONE), distinct=grouped
                ),
                "activities_done": count_of(first_becoming(queries, Status.DONE), grouped),
                "activities_reported": count_of(first_becoming(queries, Status.REPORTED), grouped),
                "activities_cancelled": count_of(first_becoming(queries, Status.CANCELLED), grouped),
            },
        )
    ]


SUMMARY = SummaryPart(
    _("Planned activities"),
    (
        FigureDeclaration(
            "activities_held",
            _("Taking place"),
            _("Activities not cancelled with at least one of their days in the range."),
            column=_("Activities taking place"),
            key_figure=True,
        ),
        FigureDeclaration(
            "activities_led",
            _("With the mayor or a deputy mayor"),
            _("Of the activities taking place, those the mayor or a deputy mayor takes part in."),
            column=_("Activities with the mayor or a deputy mayor"),
        ),
        FigureDeclaration(
            "activities_done",
            _("Done"),
            _("Status first became done in the range."),
            column=_("Activities done"),
        ),
        FigureDeclaration(
            "activities_reported",
            _("Reported"),
            _("Status first became reported in the range: the report was written."),
            column=_("Activities reported"),
        ),
        FigureDeclaration(
            "activities_cancelled",
            _("Cancelled"),
            _("Status became cancelled in the range."),
        ),
    ),
    sources,
    RecordSheet(
        _("Planned activities"),
        Activity,
        ("owner_unit",),
        (
            (_("title"), lambda r: r.title),
            (_("kind"), lambda r: r.get_kind_display()),
            (_("owner unit"), lambda r: r.owner_unit.name),
            (_("status"), lambda r: r.get_status_display()),
            (_("starts on"), lambda r: r.starts_on),
            (_("ends on"), lambda r: r.ends_on),
            (_("place"), lambda r: r.place),
            (_("mayor or deputy mayor taking part"), lambda r: r.get_city_leadership_display()),
        ),
    ),
)
