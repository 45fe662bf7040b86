"""The partnership register's lists as tables: each list's page columns, sorts and export columns."""

from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.tables import (
    DATE,
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

from .models import Partner, Partnership

PARTNERS = Table(
    Column.of(Partner, "name", header=_("Name"), cell=link("name"), sort="name"),
    Column.of(Partner, "kind", "get_kind_display", header=_("Kind"), sort="kind", order_by="kind"),
    Column.of(
        Partner, "country", "country_name", header=_("Country"), sort="country", order_by="country_label"
    ),
    Column.of(
        Partner, "region", "get_region_display", header=_("Region"), sort="region", order_by="region_label"
    ),
    Column(
        "partnership_count", "partnership_count", _("Partnerships"), kind=NUMBER, header=_("Partnerships")
    ),
    Column.of(Partner, "website"),
    owner_unit_column(Partner, sort=None),
)

PARTNERSHIPS = Table(
    Column.of(
        Partnership,
        "partner",
        "partner__name",
        header=_("Partner"),
        cell=link("partner__name"),
        sort="partner",
    ),
    Column.of(Partnership, "type", "get_type_display", header=_("Type"), sort="type", order_by="type"),
    Column(
        "cooperation", "get_cooperation_display", _("Forms of cooperation"), header=_("Forms of cooperation")
    ),
    Column.of(Partnership, "themes"),
    owner_unit_column(Partnership),
    Column.of(Partnership, "responsible_person", kind=PERSON, header=_("Responsible person")),
    status_column(Partnership),
    Column.of(Partnership, "start_date", kind=DATE, header=_("Start date"), sort="start"),
    Column.of(Partnership, "end_date", kind=DATE),
    Column.of(Partnership, "priorities", kind=NAMES),
    Column.of(Partnership, "sdgs", kind=NAMES),
    Column.of(Partnership, "review_interval_months", kind=NUMBER),
    next_review_column(Partnership),
)
