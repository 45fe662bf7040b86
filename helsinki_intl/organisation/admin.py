from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.admin_locking import VersionCheckedAdminMixin
from helsinki_intl.records.imports.admin import CheckedImportExportAdmin, CheckedImportExportMixin

from . import roles
from .models import OrgUnit, User
from .resources import OrgUnitResource, UserResource

SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")
"""What only a superuser changes in the admin: a role the sign-in service later removes would
otherwise keep the powers it granted."""
SUPERUSER_ONLY_GROUPS = _(
    "Only a superuser gives or takes away international affairs or a group with permissions."
)


@admin.register(OrgUnit)
class OrgUnitAdmin(CheckedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["name_fi", "abbreviation", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "code", "abbreviation"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


def groups_only_a_superuser_assigns():
    """International affairs, which manages everything, and any group that grants permissions."""
    return Group.objects.filter(Q(name=roles.INTERNATIONAL_AFFAIRS) | Q(permissions__isnull=False))


class UserChangeFormWithinLimits(UserChangeForm):
    """A user's change form for someone who is not a superuser: the groups only a superuser
    assigns stay as they are."""

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        protected = groups_only_a_superuser_assigns()
        if set(chosen.filter(pk__in=protected)) != set(self.instance.groups.filter(pk__in=protected)):
            raise ValidationError(SUPERUSER_ONLY_GROUPS, code="superuser_only")
        return chosen


@admin.register(User)
class UserAdmin(CheckedImportExportMixin, VersionCheckedAdminMixin, DjangoUserAdmin):
    resource_classes = [UserResource]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("International portal"), {"fields": ("units", "language")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = [*DjangoUserAdmin.list_filter, "units"]
    filter_horizontal = [*DjangoUserAdmin.filter_horizontal, "units"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *SUPERUSER_ONLY_FIELDS)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = UserChangeFormWithinLimits
        return super().get_form(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["help_text"] = format_lazy("{} {}", db_field.help_text, SUPERUSER_ONLY_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The fields are read-only for others; this holds whatever reaches the form.
        if not request.user.is_superuser:
            stored = User.objects.filter(pk=obj.pk).first() if change else None
            for name in ("is_staff", "is_superuser"):
                setattr(obj, name, getattr(stored, name, False))
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser and unquote(id) != str(request.user.pk):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
