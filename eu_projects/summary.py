"""The EU funding applications' section of the Strategy Department's summary, and their sheet.

- Submitted, granted, rejected: the applications' status timeline rows noted on a day in the
  range. Euros requested are the EU grant requested of the applications submitted; euros granted
  the EU grant granted of the applications granted.
- Co-financing granted: the co-financing granted (as the application now holds it) of the
  applications whose co-financing timeline has a grant in the range, by decision date.
- EU grants won through networks: the EU grant granted of the applications granted in the range
  that came through a network membership (`links`: the application names the membership).
"""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.summary import (
    FigureDeclaration,
    RecordSheet,
    Source,
    SummaryPart,
    SummaryQueries,
)
from helsinki_intl.links.models import RecordLink
from helsinki_intl.links.relations import CAME_THROUGH

from .models import Application, ApplicationStatusChange, CoFinancingChange


def status_changes_recorded(queries: SummaryQueries) -> QuerySet:
    return ApplicationStatusChange.objects.recorded_between(queries.period.start, queries.period.end)


def cofinancing_granted(queries: SummaryQueries) -> QuerySet:
    """The applications whose co-financing was granted in the range."""
    grants = queries.decided_in_range(CoFinancingChange.objects.to(Application.CoFinancing.GRANTED))
    return Application.objects.filter(pk__in=grants.values("application"))


def through_networks() -> QuerySet:
    """The keys of the applications that came through a network membership."""
    links = RecordLink.objects.from_model(Application).as_relation(CAME_THROUGH)
    return links.to_model("networks.membership").values("source_id")


def sources(queries: SummaryQueries, grouped: bool) -> list[Source]:
    status = Application.Status
    submitted, granted = Q(status=status.SUBMITTED), Q(status=status.GRANTED)
    decisions = {
        "applications_submitted": Count("application", filter=submitted, distinct=True),
        "applications_granted": Count("application", filter=granted, distinct=True),
        "applications_rejected": Count("application", filter=Q(status=status.REJECTED), distinct=True),
        "eu_grant_requested": Sum("application__eu_grant_requested", filter=submitted),
        "eu_grant_granted": Sum("application__eu_grant_granted", filter=granted),
        "eu_grant_through_networks": Sum(
            "application__eu_grant_granted", filter=granted & Q(application__in=through_networks())
        ),
    }
    return [
        (status_changes_recorded(queries), "application__", decisions),
        (cofinancing_granted(queries), "", {"cofinancing_granted": Sum("cofinancing_granted")}),
    ]


SUMMARY = SummaryPart(
    _("EU funding applications"),
    (
        FigureDeclaration(
            "applications_submitted",
            _("Submitted"),
            _("Status changed to submitted in the range."),
            column=_("EU applications submitted"),
            key_figure=True,
        ),
        FigureDeclaration(
            "applications_granted",
            _("Granted"),
            _("Status changed to granted in the range."),
            column=_("EU applications granted"),
        ),
        FigureDeclaration(
            "applications_rejected",
            _("Rejected"),
            _("Status changed to rejected in the range."),
            column=_("EU applications rejected"),
        ),
        FigureDeclaration(
            "eu_grant_requested",
            _("EU grant requested (€)"),
            _("Of the applications submitted in the range."),
            money=True,
            column=_("EU grant requested (€)"),
        ),
        FigureDeclaration(
            "eu_grant_granted",
            _("EU grant granted (€)"),
            _("Of the applications granted in the range."),
            money=True,
            column=_("EU grant granted (€)"),
            key_figure=True,
        ),
        FigureDeclaration(
            "eu_grant_through_networks",
            _("EU grants won through networks (€)"),
            _(
                "Of the applications granted in the range, those that came through a network "
                "membership: the application names the membership."
            ),
            money=True,
            column=_("EU grants won through networks (€)"),
        ),
        FigureDeclaration(
            "cofinancing_granted",
            _("Co-financing granted (€)"),
            _(
                "Co-financing from the central project appropriation granted in the range, "
                "as the applications now hold it."
            ),
            money=True,
            column=_("Co-financing granted (€)"),
        ),
    ),
    sources,
    RecordSheet(
        _("EU applications"),
        Application,
        ("owner_unit",),
        (
            (_("project name"), lambda r: r.project_name),
            (_("acronym"), lambda r: r.acronym),
            (_("lead unit"), lambda r: r.owner_unit.name),
            (_("status"), lambda r: r.get_status_display()),
            (_("EU grant requested (€)"), lambda r: r.eu_grant_requested),
            (_("EU grant granted (€)"), lambda r: r.eu_grant_granted),
            (_("co-financing granted (€)"), lambda r: r.cofinancing_granted),
        ),
    ),
)
