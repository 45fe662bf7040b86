from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.forms import GoalFormSet
from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)
from .resources import MembershipResource, NetworkResource, RoleResource


class PriorityNetworkInline(admin.TabularInline):
    model = PriorityNetwork
    extra = 0


@admin.register(Network)
class NetworkAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [NetworkResource]
    list_display = ["name", "acronym", "kind", "scope", "owner_unit"]
    list_filter = ["kind", "scope", "designations__period"]
    list_select_related = ["owner_unit"]
    search_fields = ["name", "acronym", "themes"]
    inlines = [PriorityNetworkInline]


@admin.register(PriorityNetwork)
class PriorityNetworkAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["network", "period", "is_target", "note"]
    list_filter = ["period", "is_target"]
    list_select_related = ["network", "period"]
    search_fields = ["network__name"]
    autocomplete_fields = ["network"]


@admin.register(MembershipGoal)
class MembershipGoalAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["title", "membership", "indicator"]
    list_filter = ["membership__status", "membership__owner_unit"]
    list_select_related = ["membership__network", "membership__owner_unit"]
    search_fields = ["title", "target", "indicator", "membership__network__name"]
    autocomplete_fields = ["membership"]


class MembershipGoalInline(admin.StackedInline):
    model = MembershipGoal
    formset = GoalFormSet
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["holder_user"]


@admin.register(Membership)
class MembershipAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["network", "owner_unit", "responsible_person", "status", "annual_fee", "next_review_due"]
    list_filter = ["status", "network__kind", "owner_unit", "priorities"]
    list_select_related = ["network", "owner_unit", "responsible_person"]
    search_fields = ["network__name", "network__acronym", "benefits", "decision_reference"]
    autocomplete_fields = ["network", "owner_unit", "responsible_person"]
    filter_horizontal = ["participating_units", "priorities", "sdgs"]
    date_hierarchy = "next_review_due"
    inlines = [MembershipGoalInline, RoleInline]


@admin.register(Role)
class RoleAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [RoleResource]
    list_display = ["title", "holder", "membership", "start_date", "end_date"]
    list_filter = ["membership__network"]
    list_select_related = ["membership__network", "membership__owner_unit"]
    search_fields = ["title", "holder", "membership__network__name"]
    autocomplete_fields = ["membership", "holder_user"]


class MembershipGoalOutcomeInline(admin.TabularInline):
    model = MembershipGoalOutcome
    extra = 0


@admin.register(MembershipReview)
class MembershipReviewAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["membership", "reviewed_on", "reviewer", "recommendation"]
    list_filter = ["recommendation"]
    list_select_related = ["membership__network", "membership__owner_unit", "reviewer"]
    search_fields = ["membership__network__name", "decision"]
    autocomplete_fields = ["membership", "reviewer"]
    inlines = [MembershipGoalOutcomeInline]


@admin.register(MembershipGoalOutcome)
class MembershipGoalOutcomeAdmin(CheckedImportExportAdmin):
    list_display = ["goal", "outcome", "review"]
    list_filter = ["outcome"]
    list_select_related = ["goal", "review__membership__network", "review__membership__owner_unit"]
    search_fields = ["goal__title", "comment"]
