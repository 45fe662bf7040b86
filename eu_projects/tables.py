"""The EU funding register's lists as tables: each list's page columns, sorts and export columns."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.export.columns import label
from helsinki_intl.records.tables import (
    DATE,
    MONEY,
    NAMES,
    NUMBER,
    PERSON,
    YES_NO,
    Column,
    Table,
    link,
    owner_unit_column,
    status_column,
    tag,
)

from .models import Application, Call, CoFinancingAppropriation, Programme
from .templatetags.eu_funding import call_time


def call_state(call: Call) -> str:
    return tag(call.state, call.get_state_display())


NOT_YET_IN_REGISTER = _("%(programme)s (not yet in the register)")


def programme_of(application: Application) -> str:
    """The programme of the application's call, or the one it names without a call, marked when
    the register does not hold it yet."""
    if application.shows_unlisted_programme:
        return NOT_YET_IN_REGISTER % {"programme": application.named_programme}
    return application.programme_name


def call_of(application: Application) -> str:
    """The application's call, with its programme below (without a call, the programme named)."""
    call, programme = application.call, programme_of(application)
    if not programme:
        return "—"
    return format_html('{}<br><span class="help-text">{}</span>', call.identifier if call else "—", programme)


def call_deadline(application: Application) -> str:
    return call_time(application.call) if application.call else "—"


def cofinancing_requested(application: Application) -> str:
    """The co-financing requested, with where its decision stands."""
    requested = MONEY.cell(application.cofinancing_requested)
    if application.cofinancing_decision == "none":
        return requested
    decision = render_to_string("eu_projects/includes/cofinancing_tag.html", {"application": application})
    return format_html("{}<br>{}", requested, decision)


PROGRAMMES = Table(
    Column.of(Programme, "name", header=_("Name"), cell=link("name"), sort="name"),
    Column.of(Programme, "short_name", header=_("Short name"), sort="short_name"),
    Column("call_count", "call_count", _("Calls"), kind=NUMBER, header=_("Calls"), sort="calls"),
    Column.of(Programme, "is_active", kind=YES_NO, header=_("Active")),
    Column.of(Programme, "website"),
)

CALLS = Table(
    Column.of(Call, "identifier", header=_("Identifier"), cell=link("identifier"), sort="identifier"),
    Column.of(Call, "title", header=_("Title")),
    Column.of(Call, "programme", "programme__name", header=_("Programme"), sort="programme"),
    Column.of(Call, "opens_at", "opens_in_zone", kind=DATE),
    Column.of(
        Call,
        "deadline",
        "deadline_in_zone",
        kind=DATE,
        header=_("Deadline"),
        cell=call_time,
        sort="deadline",
        order_by="deadline",
    ),
    Column.of(Call, "deadline_timezone"),
    Column("state", "get_state_display", _("State"), header=_("State"), cell=call_state),
    Column.of(Call, "indicative_budget", kind=MONEY, header=_("Indicative budget")),
    Column.of(Call, "link"),
    Column.of(Call, "owner_unit", "owner_unit__name"),
)

APPLICATIONS = Table(
    Column.of(Application, "project_name", header=_("Project"), cell=link(), sort="project"),
    Column.of(Application, "acronym"),
    Column.of(Application, "call", "call__identifier", header=_("Call"), cell=call_of),
    # The call's programme, or the one named without a call.
    Column("programme", "programme_name", label(Call, "programme")),
    Column.of(Application, "named_programme"),
    Column(
        "deadline",
        "call__deadline_in_zone",
        _("Call deadline"),
        kind=DATE,
        header=_("Call deadline"),
        cell=call_deadline,
        sort="deadline",
        order_by="call__deadline",
    ),
    Column("deadline_timezone", "call__deadline_timezone", label(Call, "deadline_timezone")),
    Column.of(Application, "role", "get_role_display", header=_("Role")),
    owner_unit_column(Application, header=_("Lead unit"), sort="lead_unit"),
    Column.of(Application, "responsible_person", kind=PERSON),
    status_column(Application),
    Column.of(Application, "total_budget", kind=MONEY),
    Column.of(Application, "city_budget", kind=MONEY),
    Column.of(Application, "eu_grant_requested", kind=MONEY, header=_("EU grant requested"), sort="eu_grant"),
    Column.of(Application, "eu_grant_granted", kind=MONEY),
    Column.of(
        Application,
        "cofinancing_requested",
        kind=MONEY,
        header=_("Co-financing requested"),
        cell=cofinancing_requested,
    ),
    Column.of(Application, "cofinancing_granted", kind=MONEY),
    Column.of(Application, "cofinancing_year", kind=NUMBER),
    Column.of(Application, "priorities", kind=NAMES),
    Column.of(Application, "advocacy_topics", kind=NAMES),
)

APPROPRIATIONS = Table(
    Column.of(
        CoFinancingAppropriation,
        "year",
        kind=NUMBER,
        header=_("Year"),
        cell=link("year"),
        sort="year",
        numeric=False,
    ),
    Column.of(CoFinancingAppropriation, "amount", kind=MONEY, header=_("Amount"), sort="amount"),
    Column("requested", "requested", _("Requested"), kind=MONEY, header=_("Requested")),
    Column("granted", "granted", _("Granted"), kind=MONEY, header=_("Granted"), sort="granted"),
    Column("left", "left", _("Left"), kind=MONEY, header=_("Left"), sort="left"),
    Column.of(CoFinancingAppropriation, "decision_reference", header=_("Budget decision")),
)
