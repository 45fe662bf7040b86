"""The network register's lists as tables: each list's page columns, sorts and export columns."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export import fields

from helsinki_intl.records.tables import (
    DATE,
    MONEY,
    NAMES,
    NUMBER,
    PERSON,
    Column,
    Table,
    link,
    next_review_column,
    owner_unit_column,
    status_column,
)

from .models import Membership, Network


def designations(network: Network) -> str:
    """The strategy periods the network is a priority in, a target to join marked."""
    target = _("target to join")
    written = format_html_join(
        ", ",
        "{}{}",
        (
            (designation.period, format_html(" ({})", target) if designation.is_target else "")
            for designation in network.designations.all()
        ),
    )
    return written or "—"


NETWORKS = Table(
    Column.of(Network, "name", header=_("Name"), cell=link("name"), sort="name"),
    Column.of(Network, "acronym", header=_("Acronym"), sort="acronym"),
    Column.of(Network, "kind", "get_kind_display", header=_("Kind"), sort="kind", order_by="kind"),
    Column.of(Network, "scope", "get_scope_display", header=_("Scope"), sort="scope", order_by="scope"),
    Column.of(Network, "country", "country_name", header=_("Country")),
    Column(
        "designations",
        "",
        _("Priority in"),
        header=_("Priority in"),
        cell=designations,
        export_field=fields.Field(column_name=_("Priority in")),
    ),
    Column.of(Network, "themes"),
    Column.of(Network, "website"),
    owner_unit_column(Network, sort=None),
)

MEMBERSHIPS = Table(
    Column.of(
        Membership,
        "network",
        "network__name",
        header=_("Network"),
        cell=link("network"),
        sort="network",
    ),
    owner_unit_column(Membership),
    Column.of(Membership, "responsible_person", kind=PERSON, header=_("Responsible person")),
    status_column(Membership),
    Column.of(Membership, "start_date", kind=DATE, sort="start", sort_label=_("Start date")),
    Column.of(Membership, "end_date", kind=DATE),
    Column.of(Membership, "priorities", kind=NAMES, header=_("Priorities")),
    Column.of(Membership, "annual_fee", kind=MONEY, header=_("Annual fee"), sort="fee"),
    Column.of(Membership, "decision_reference"),
    Column.of(Membership, "participating_units", kind=NAMES),
    Column.of(Membership, "sdgs", kind=NAMES),
    Column.of(Membership, "review_interval_months", kind=NUMBER),
    next_review_column(Membership),
)
