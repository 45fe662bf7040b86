"""The planned activities' list as a table: its page columns, sorts and export columns."""

from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.tables import (
    DATE,
    NAMES,
    PERSON,
    YES_NO,
    Column,
    Table,
    link,
    owner_unit_column,
    status_column,
)

from .models import Activity


def leadership(activity: Activity) -> str:
    return activity.get_city_leadership_display() if activity.leads else "—"


ACTIVITIES = Table(
    Column.of(Activity, "title", header=_("Title"), cell=link("title"), sort="title"),
    Column.of(Activity, "kind", "get_kind_display", header=_("Kind")),
    Column.of(Activity, "starts_on", kind=DATE, header=_("Starts on"), sort="starts"),
    Column.of(Activity, "ends_on", kind=DATE),
    Column.of(Activity, "city", header=_("Place"), cell=lambda activity: activity.place),
    Column.of(Activity, "country", "country_name"),
    Column.of(Activity, "online", kind=YES_NO),
    owner_unit_column(Activity),
    Column.of(Activity, "participating_units", kind=NAMES),
    Column.of(Activity, "responsible_person", kind=PERSON),
    status_column(Activity),
    Column.of(
        Activity,
        "city_leadership",
        "get_city_leadership_display",
        header=_("Mayor or deputy mayor"),
        cell=leadership,
    ),
    Column.of(Activity, "for_talent", kind=YES_NO),
    Column.of(Activity, "for_companies", kind=YES_NO),
    Column.of(Activity, "for_visitors", kind=YES_NO),
    Column.of(Activity, "for_decision_makers", kind=YES_NO),
    Column.of(Activity, "target_markets"),
    Column.of(Activity, "priorities", kind=NAMES, header=_("Priorities")),
    Column.of(Activity, "sdgs", kind=NAMES),
    Column.of(Activity, "description"),
    Column.of(Activity, "report_outcomes"),
    Column.of(Activity, "report_contacts"),
    Column.of(Activity, "report_follow_up"),
)
