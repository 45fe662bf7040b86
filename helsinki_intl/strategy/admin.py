from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import SDG, AdvocacyTopic, Priority, StrategyPeriod


@admin.register(StrategyPeriod)
class StrategyPeriodAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["name"]


@admin.register(Priority)
class PriorityAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["name_fi", "name_sv", "name_en", "period", "is_special", "order"]
    list_filter = ["period", "is_special"]
    list_select_related = ["period"]
    search_fields = ["name_fi", "name_sv", "name_en", "code"]


@admin.register(SDG)
class SDGAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["number", "name_fi", "name_sv", "name_en"]
    search_fields = ["name_fi", "name_sv", "name_en"]


@admin.register(AdvocacyTopic)
class AdvocacyTopicAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["year", "name_fi", "name_sv", "name_en"]
    list_filter = ["year"]
    search_fields = ["name_fi", "name_sv", "name_en"]
