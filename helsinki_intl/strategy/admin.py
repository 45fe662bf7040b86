from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import SDG, AdvocacyTopic, Priority, StrategyPeriod


@admin.register(StrategyPeriod)
class StrategyPeriodAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["name"]


@admin.register(Priority)
class PriorityAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["name_fi", "name_sv", "name_en", "period", "is_special", "order"]
    list_filter = ["period", "is_special"]
    list_select_related = ["period"]
    search_fields = ["name_fi", "name_sv", "name_en", "code"]


@admin.register(SDG)
class SDGAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["number", "name_fi", "name_sv", "name_en"]
    search_fields = ["name_fi", "name_sv", "name_en"]


@admin.register(AdvocacyTopic)
class AdvocacyTopicAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["year", "name_fi", "name_sv", "name_en"]
    list_filter = ["year"]
    search_fields = ["name_fi", "name_sv", "name_en"]
