"""The partnerships' section of the Strategy Department's summary, and their sheet.

- By status: how many partnerships each status had as they stood at the end of the range (read
  from their change history). The breakdowns leave these figures out.
"""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.summary import (
    FigureDeclaration,
    RecordSheet,
    Source,
    SummaryPart,
    SummaryQueries,
)

from .models import Partnership


def status_key(status: str) -> str:
    return f"partnerships_{status}"


def partnerships_as_they_stood(queries: SummaryQueries) -> QuerySet:
    """The partnerships as they stood at the end of the range, read from their change history."""
    return Partnership.history.as_of(queries.period.last_moment)


def sources(queries: SummaryQueries, grouped: bool) -> list[Source]:
    if grouped:
        return []  # the breakdowns leave the partnerships out
    by_status = {
        status_key(value): Count("id", filter=Q(status=value)) for value in Partnership.Status.values
    }
    return [(partnerships_as_they_stood(queries), "", by_status)]


SUMMARY = SummaryPart(
    _("Partnerships by status"),
    tuple(
        FigureDeclaration(status_key(value), label, _("As the partnerships stood at the end of the range."))
        for value, label in Partnership.Status.choices
    ),
    sources,
    RecordSheet(
        _("Partnerships"),
        Partnership,
        ("partner", "owner_unit"),
        (
            (_("partner"), lambda r: r.partner.name),
            (_("type"), lambda r: r.get_type_display()),
            (_("owner unit"), lambda r: r.owner_unit.name),
            (_("status"), lambda r: r.get_status_display()),
            (_("start date"), lambda r: r.start_date),
            (_("end date"), lambda r: r.end_date),
        ),
    ),
)
