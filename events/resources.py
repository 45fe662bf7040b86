"""Import and export of the event bids; related records are matched by natural keys."""

from import_export import widgets

from helsinki_intl.organisation.import_widgets import UnitWidget
from helsinki_intl.records.export.columns import (
    ListExportResource,
    list_exports,
)
from helsinki_intl.records.imports.resources import ImportResource, column, importers
from helsinki_intl.records.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    DecimalWidget,
    PersonWidget,
)
from helsinki_intl.strategy.import_widgets import PrioritiesWidget, SDGsWidget

from .choices import BidStatus, EventKind
from .models import EventBid
from .tables import BIDS


@importers.register("bids")
class EventBidResource(ImportResource):
    """Event bids, matched by name and start date; the host unit by its code or name."""

    name = column(EventBid, "name")
    kind = column(EventBid, "kind", ChoiceWidget(EventKind.choices))
    owner_unit = column(EventBid, "owner_unit", UnitWidget())
    responsible_person = column(EventBid, "responsible_person", PersonWidget())
    status = column(EventBid, "status", ChoiceWidget(BidStatus.choices))
    starts_on = column(EventBid, "starts_on", DateWidget())
    ends_on = column(EventBid, "ends_on", DateWidget())
    venue = column(EventBid, "venue")
    city = column(EventBid, "city")
    country = column(EventBid, "country", CountryWidget())
    expected_delegates = column(EventBid, "expected_delegates", widgets.IntegerWidget())
    daily_spend_estimate = column(EventBid, "daily_spend_estimate", DecimalWidget())
    estimated_cost = column(EventBid, "estimated_cost", DecimalWidget())
    city_resources = column(EventBid, "city_resources", DecimalWidget())
    expected_impact = column(EventBid, "expected_impact")
    local_partner = column(EventBid, "local_partner")
    host_conference = column(EventBid, "host_conference")
    came_through_other = column(EventBid, "came_through_other")
    priorities = column(EventBid, "priorities", PrioritiesWidget())
    sdgs = column(EventBid, "sdgs", SDGsWidget())
    decision_date = column(EventBid, "decision_date", DateWidget())
    decision = column(EventBid, "decision")
    minutes_reference = column(EventBid, "minutes_reference")
    conditions = column(EventBid, "conditions")
    resources_granted = column(EventBid, "resources_granted", DecimalWidget())

    natural_key = ("name", "starts_on")
    examples = {"name": "World Choir Games 2030", "venue": "Helsinki Music Centre", "city": "Helsinki"}
    required_columns = ("name", "kind", "owner_unit", "responsible_person", "status", "starts_on", "ends_on")

    class Meta(ImportResource.Meta):
        model = EventBid
        import_id_fields = ["name", "starts_on"]
        fields = [
            "name",
            "kind",
            "owner_unit",
            "responsible_person",
            "status",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "expected_delegates",
            "daily_spend_estimate",
            "estimated_cost",
            "city_resources",
            "expected_impact",
            "local_partner",
            "host_conference",
            "came_through_other",
            "priorities",
            "sdgs",
            "decision_date",
            "decision",
            "minutes_reference",
            "conditions",
            "resources_granted",
        ]


@list_exports.register("bids")
class EventBidListExport(ListExportResource):
    table = BIDS
    personal_data_fields = ("responsible_person",)
    select_related = ("owner_unit", "responsible_person")
    prefetch_related = ("priorities", "sdgs")

    class Meta:
        model = EventBid
