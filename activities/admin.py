from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import Activity
from .resources import ActivityResource


@admin.register(Activity)
class ActivityAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ActivityResource]
    list_display = [
        "title",
        "kind",
        "owner_unit",
        "status",
        "starts_on",
        "city",
        "country",
        "city_leadership",
    ]
    list_filter = ["status", "kind", "owner_unit", "country", "city_leadership", "priorities"]
    list_select_related = ["owner_unit", "responsible_person"]
    search_fields = ["title", "city", "target_markets", "description"]
    autocomplete_fields = ["owner_unit", "responsible_person"]
    filter_horizontal = ["participating_units", "priorities", "sdgs"]
    date_hierarchy = "starts_on"
