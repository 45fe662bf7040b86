"""Who may do what with saved views.

A view is its owner's: only the owner renames it, changes whom it is shared with and deletes it.
Whoever it is shared with, through a group or a unit they belong to, sees it and its history.
International affairs looks after all of them in the admin, the back office.
"""

import rules

from helsinki_intl.permissions import is_staff_member, manages


@rules.predicate
def is_owner(user, view) -> bool:
    return view is not None and view.owner_id == user.pk


@rules.predicate
def no_view(user, view) -> bool:
    return view is None


@rules.predicate
def is_shared_with(user, view) -> bool:
    if view is None:
        return False
    if view.shared_with_unit_id is not None:
        return view.shared_with_unit_id in user.unit_ids
    if view.shared_with_group_id is not None:
        return view.shared_with_group.name in user.group_names
    return False


# Without a view, "view" and "add" ask whether the person may use saved views at all.
rules.add_perm("saved_views.view_savedview", is_staff_member & (no_view | is_owner | is_shared_with))
rules.add_perm("saved_views.add_savedview", is_staff_member)
rules.add_perm("saved_views.change_savedview", is_staff_member & is_owner)
rules.add_perm("saved_views.delete_savedview", is_staff_member & is_owner)
rules.add_perm("saved_views", manages)
