"""Import and export of the planned activities; related records are matched by natural keys."""

from helsinki_intl.organisation.import_widgets import UnitsWidget, UnitWidget
from helsinki_intl.records.export.columns import ListExportResource, list_exports
from helsinki_intl.records.imports.resources import ImportResource, column, importers
from helsinki_intl.records.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    PersonWidget,
    YesNoWidget,
)
from helsinki_intl.strategy.import_widgets import PrioritiesWidget, SDGsWidget

from .choices import ActivityKind, ActivityStatus, CityLeadership
from .models import Activity
from .tables import ACTIVITIES


@importers.register("activities")
class ActivityResource(ImportResource):
    """Planned activities, matched by title and start date; the units by their code or name."""

    title = column(Activity, "title")
    kind = column(Activity, "kind", ChoiceWidget(ActivityKind.choices))
    starts_on = column(Activity, "starts_on", DateWidget())
    ends_on = column(Activity, "ends_on", DateWidget())
    city = column(Activity, "city")
    country = column(Activity, "country", CountryWidget())
    online = column(Activity, "online", YesNoWidget())
    owner_unit = column(Activity, "owner_unit", UnitWidget())
    participating_units = column(Activity, "participating_units", UnitsWidget())
    responsible_person = column(Activity, "responsible_person", PersonWidget())
    status = column(Activity, "status", ChoiceWidget(ActivityStatus.choices))
    city_leadership = column(Activity, "city_leadership", ChoiceWidget(CityLeadership.choices))
    for_talent = column(Activity, "for_talent", YesNoWidget())
    for_companies = column(Activity, "for_companies", YesNoWidget())
    for_visitors = column(Activity, "for_visitors", YesNoWidget())
    for_decision_makers = column(Activity, "for_decision_makers", YesNoWidget())
    target_markets = column(Activity, "target_markets")
    priorities = column(Activity, "priorities", PrioritiesWidget())
    sdgs = column(Activity, "sdgs", SDGsWidget())
    description = column(Activity, "description")
    report_outcomes = column(Activity, "report_outcomes")
    report_contacts = column(Activity, "report_contacts")
    report_follow_up = column(Activity, "report_follow_up")

    natural_key = ("title", "starts_on")
    examples = {"title": "Smart city delegation to Tallinn", "city": "Tallinn", "target_markets": "Estonia"}
    required_columns = ("title", "kind", "owner_unit", "responsible_person", "status", "starts_on", "ends_on")

    class Meta(ImportResource.Meta):
        model = Activity
        import_id_fields = ["title", "starts_on"]
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "city",
            "country",
            "online",
            "owner_unit",
            "participating_units",
            "responsible_person",
            "status",
            "city_leadership",
            "for_talent",
            "for_companies",
            "for_visitors",
            "for_decision_makers",
            "target_markets",
            "priorities",
            "sdgs",
            "description",
            "report_outcomes",
            "report_contacts",
            "report_follow_up",
        ]


@list_exports.register("activities")
class ActivityListExport(ListExportResource):
    table = ACTIVITIES
    personal_data_fields = ("responsible_person",)
    select_related = ("owner_unit", "responsible_person")
    prefetch_related = ("participating_units", "priorities", "sdgs")

    class Meta:
        model = Activity
