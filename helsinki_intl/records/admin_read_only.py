"""An admin of rows that the portal's services write: it shows them and runs their actions."""


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted by hand: the services write these rows, with their
    checks and their audit lines, and the admin's actions call the same services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
