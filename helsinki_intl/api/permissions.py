from rest_framework.permissions import BasePermission


class MayReadTheList(BasePermission):
    """What the portal's list asks of a reader: its model's view permission (every active member
    of staff, by the portal's rules). An endpoint names it as `read_permission`."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        permission = getattr(view, "read_permission", None)
        return permission is None or user.has_perm(permission)
