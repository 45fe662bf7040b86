from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import EventBid
from .resources import EventBidResource


@admin.register(EventBid)
class EventBidAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [EventBidResource]
    list_display = [
        "name",
        "kind",
        "owner_unit",
        "status",
        "starts_on",
        "city",
        "expected_delegates",
        "city_resources",
        "decision_date",
    ]
    list_filter = ["status", "kind", "owner_unit", "country", "priorities"]
    list_select_related = ["owner_unit", "responsible_person"]
    search_fields = ["name", "venue", "city", "local_partner", "host_conference", "minutes_reference"]
    autocomplete_fields = ["owner_unit", "responsible_person"]
    filter_horizontal = ["priorities", "sdgs"]
    date_hierarchy = "starts_on"
