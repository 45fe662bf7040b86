from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.imports.admin import CheckedImportExportAdmin, CheckedImportExportMixin

from .models import OrgUnit, User
from .resources import OrgUnitResource, UserResource


@admin.register(OrgUnit)
class OrgUnitAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["name_fi", "abbreviation", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "code", "abbreviation"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(CheckedImportExportMixin, DjangoUserAdmin):
    resource_classes = [UserResource]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("International portal"), {"fields": ("units", "language")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = [*DjangoUserAdmin.list_filter, "units"]
    filter_horizontal = [*DjangoUserAdmin.filter_horizontal, "units"]
