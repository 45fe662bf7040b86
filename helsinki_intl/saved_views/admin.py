from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SavedView


@admin.register(SavedView)
class SavedViewAdmin(SimpleHistoryAdmin):
    """International affairs looks after the saved views: renames one shared under an unfitting
    name, or deletes one. Views are made on the lists, by their owners."""

    list_display = ["name", "owner", "list_name", "shared_with_group", "shared_with_unit", "updated_at"]
    list_filter = ["list_name", ("shared_with_group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "owner__username", "owner__first_name", "owner__last_name"]
    list_select_related = ["owner", "shared_with_group", "shared_with_unit"]
    readonly_fields = ["owner", "list_name", "created_at", "updated_at"]
    fields = [
        "name",
        "owner",
        "list_name",
        "query",
        "shared_with_group",
        "shared_with_unit",
        "created_at",
        "updated_at",
    ]

    # The portal's rules make a view its owner's; in the back office, international affairs'.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_international_affairs

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False
