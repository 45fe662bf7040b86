from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.forms import GoalFormSet
from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import Partner, Partnership, PartnershipGoal, PartnershipGoalOutcome, PartnershipReview
from .resources import PartnerResource, PartnershipResource


@admin.register(Partner)
class PartnerAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [PartnerResource]
    list_display = ["name", "kind", "country", "region", "owner_unit"]
    list_filter = ["kind", "region"]
    list_select_related = ["owner_unit"]
    search_fields = ["name", "country"]
    autocomplete_fields = ["owner_unit"]


class PartnershipGoalInline(admin.StackedInline):
    model = PartnershipGoal
    formset = GoalFormSet
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [PartnershipResource]
    list_display = ["partner", "owner_unit", "responsible_person", "type", "status", "next_review_due"]
    list_filter = [
        "status",
        "type",
        "partner__region",
        "information_exchange",
        "project_cooperation",
        "joint_advocacy",
        "owner_unit",
        "priorities",
    ]
    list_select_related = ["partner", "owner_unit", "responsible_person"]
    search_fields = ["partner__name", "themes", "description"]
    autocomplete_fields = ["partner", "owner_unit", "responsible_person"]
    filter_horizontal = ["priorities", "sdgs"]
    date_hierarchy = "next_review_due"
    inlines = [PartnershipGoalInline]


@admin.register(PartnershipGoal)
class PartnershipGoalAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["title", "partnership", "indicator"]
    list_filter = ["partnership__status", "partnership__owner_unit"]
    list_select_related = ["partnership__partner", "partnership__owner_unit"]
    search_fields = ["title", "target", "indicator", "partnership__partner__name"]
    autocomplete_fields = ["partnership"]


class PartnershipGoalOutcomeInline(admin.TabularInline):
    model = PartnershipGoalOutcome
    extra = 0


@admin.register(PartnershipReview)
class PartnershipReviewAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["partnership", "reviewed_on", "reviewer", "recommendation"]
    list_filter = ["recommendation"]
    list_select_related = ["partnership__partner", "partnership__owner_unit", "reviewer"]
    search_fields = ["partnership__partner__name", "decision"]
    autocomplete_fields = ["partnership", "reviewer"]
    inlines = [PartnershipGoalOutcomeInline]


@admin.register(PartnershipGoalOutcome)
class PartnershipGoalOutcomeAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["goal", "outcome", "review"]
    list_filter = ["outcome"]
    list_select_related = ["goal", "review__partnership__partner", "review__partnership__owner_unit"]
    search_fields = ["goal__title", "comment"]
    autocomplete_fields = ["review", "goal"]
