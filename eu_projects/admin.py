from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.imports.admin import CheckedImportExportAdmin

from .models import (
    Application,
    ApplicationStatusChange,
    Call,
    CoFinancingAppropriation,
    CoFinancingChange,
    Programme,
)
from .resources import ApplicationResource, CallResource, CoFinancingAppropriationResource, ProgrammeResource
from .services import appropriation_lock


@admin.register(Programme)
class ProgrammeAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["name", "short_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "description"]


@admin.register(Call)
class CallAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [CallResource]
    list_display = [
        "identifier",
        "title",
        "programme",
        "opens_at",
        "deadline",
        "deadline_timezone",
        "owner_unit",
    ]
    list_filter = ["programme", "owner_unit"]
    list_select_related = ["programme", "owner_unit"]
    search_fields = ["identifier", "title", "programme__name"]
    autocomplete_fields = ["programme", "owner_unit"]
    date_hierarchy = "deadline"


class ApplicationStatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    autocomplete_fields = ["changed_by"]


class CoFinancingChangeInline(admin.TabularInline):
    model = CoFinancingChange
    extra = 0
    autocomplete_fields = ["changed_by"]


class ApplicationAdminForm(forms.ModelForm):
    """An application as international affairs edits it in the admin, co-financing granted
    included: the grant is weighed against what the year's appropriation has left with the
    appropriation locked (`services.appropriation_lock`), as the grant step weighs it."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("cofinancing_granted"):
            # Before the model's rules read what the year has left (`Application.clean`).
            appropriation_lock(year=cleaned_data.get("cofinancing_year"), application=self.instance)
        return cleaned_data


@admin.register(Application)
class ApplicationAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    form = ApplicationAdminForm
    resource_classes = [ApplicationResource]
    list_display = [
        "project_name",
        "acronym",
        "call",
        "role",
        "owner_unit",
        "status",
        "eu_grant_requested",
        "cofinancing_requested",
        "cofinancing_year",
        "cofinancing_decision",
    ]
    list_filter = [
        "status",
        "cofinancing_decision",
        "role",
        "call__programme",
        "owner_unit",
        "cofinancing_year",
    ]
    list_select_related = ["call", "owner_unit"]
    search_fields = [
        "project_name",
        "acronym",
        "call__identifier",
        "named_programme",
        "partner_organisations",
        "decision_reference",
    ]
    autocomplete_fields = ["call", "owner_unit", "responsible_person"]
    filter_horizontal = ["priorities", "sdgs", "advocacy_topics"]
    inlines = [ApplicationStatusChangeInline, CoFinancingChangeInline]


@admin.register(ApplicationStatusChange)
class ApplicationStatusChangeAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["application", "status", "changed_on", "changed_by"]
    list_filter = ["status"]
    list_select_related = ["application", "changed_by"]
    search_fields = ["application__project_name", "application__acronym"]
    autocomplete_fields = ["application", "changed_by"]
    date_hierarchy = "changed_on"


@admin.register(CoFinancingAppropriation)
class CoFinancingAppropriationAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [CoFinancingAppropriationResource]
    list_display = ["year", "amount", "decision_reference"]
    search_fields = ["year", "decision_reference", "notes"]
