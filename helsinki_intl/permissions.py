"""Who may do what, decided in one place.

Every signed-in member of staff reads every register. Members of an organisation unit add
records for their units; the owner unit's members change and delete them; the Strategy
Department's international affairs team may do everything; the coordination group reviews.
Views ask `user.has_perm("<app>.<action>_<model>", record)`.
"""

import rules


@rules.predicate
def is_international_affairs(user) -> bool:
    return user.is_international_affairs


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_coordinator


@rules.predicate
def belongs_to_a_unit(user) -> bool:
    return bool(user.unit_ids)


@rules.predicate
def is_owner_unit_member(user, record) -> bool:
    return record is not None and record.owner_unit_id in user.unit_ids


is_staff_member = rules.is_authenticated & rules.is_active

can_view = is_staff_member
can_add = is_staff_member & (belongs_to_a_unit | is_international_affairs)
can_change = is_staff_member & (is_owner_unit_member | is_international_affairs)
can_review = is_staff_member & (is_coordinator | is_international_affairs)

UNIT_OWNED_MODELS = [
    "networks.network",
    "networks.membership",
]


def _register_unit_owned(label: str) -> None:
    app_label, model_name = label.split(".")
    rules.add_perm(f"{app_label}.view_{model_name}", can_view)
    rules.add_perm(f"{app_label}.add_{model_name}", can_add)
    rules.add_perm(f"{app_label}.change_{model_name}", can_change)
    rules.add_perm(f"{app_label}.delete_{model_name}", can_change)


for _label in UNIT_OWNED_MODELS:
    _register_unit_owned(_label)

rules.add_perm("networks.add_membershipreview", can_review)
