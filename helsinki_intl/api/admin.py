from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helsinki_intl.records.admin_read_only import ReadOnlyAdminMixin

from .models import ApiToken
from .services import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """International affairs sees every person's API tokens and may revoke them, say for a
    token shown in a shared file. Tokens are made by their owners, on their settings page, and
    only their owners ever see one."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "prefix", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = list_display
    readonly_fields = list_display
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_international_affairs

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_revoke_permission(self, request):
        return self.has_module_permission(request)

    @admin.action(permissions=["revoke"], description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token_revoke(token=token, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )
