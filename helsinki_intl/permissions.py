"""Who may do what, decided in one place.

Every signed-in member of staff reads every register. Members of an organisation unit add
records for their units; the owner unit's members change and delete them; the Strategy
Department's international affairs team may do everything. The coordination group records
reviews.
Views ask `user.has_perm("<app>.<action>_<model>", record)`.
"""

import rules

from helsinki_intl.records.registers import registers


@rules.predicate
def is_international_affairs(user) -> bool:
    return user.is_international_affairs


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_coordinator


@rules.predicate
def is_major_events_group(user) -> bool:
    return user.is_major_events_group


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

# Reference data and the portal's own rows: international affairs manages them (in the
# admin); everyone reads them. Each register names its own models in its `register.py`.
MANAGED_MODELS = [
    "organisation.orgunit",
    "organisation.user",
    "strategy.strategyperiod",
    "strategy.priority",
    "strategy.sdg",
    "strategy.advocacytopic",
    "coordination.reminder",
    "coordination.calendarfeed",
    "coordination.reminderschedule",
    "notifications.notificationemail",
]


def _register(label: str, *, view, add, change, delete) -> None:
    app_label, model_name = label.split(".")
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    rules.add_perm(f"{app_label}.add_{model_name}", add)
    rules.add_perm(f"{app_label}.change_{model_name}", change)
    rules.add_perm(f"{app_label}.delete_{model_name}", delete)


manages = is_staff_member & is_international_affairs


def _register_managed(label: str) -> None:
    _register(label, view=can_view, add=manages, change=manages, delete=manages)


def _register_app(app_label: str) -> None:
    # The admin shows an app to those who hold its module permission: the back office is
    # international affairs'.
    if not rules.perm_exists(app_label):
        rules.add_perm(app_label, manages)


def register_rules(register) -> None:
    """The rules of a register's models, by the kind its declaration gives each.

    Records a unit owns: its units add them and its members change them. Reviews: recorded by
    the coordination group (and international affairs); once recorded, they are part of the
    record's history and are corrected only in the admin. Rows edited through their record's
    forms and reference data: international affairs manages them.
    """
    app_label = register.app_label
    for model_name in register.unit_owned:
        _register(
            f"{app_label}.{model_name}", view=can_view, add=can_add, change=can_change, delete=can_change
        )
    for model_name in register.reviews:
        _register(f"{app_label}.{model_name}", view=can_view, add=can_review, change=manages, delete=manages)
    for model_name in register.managed:
        _register_managed(f"{app_label}.{model_name}")
    _register_app(app_label)


for _label in MANAGED_MODELS:
    _register_managed(_label)
    _register_app(_label.split(".")[0])

# Every signed-in member of staff exports the lists they read; the columns that name persons
# (responsible persons) are personal data, and exports of personal data are for international
# affairs.
rules.add_perm("records.export_personal_data", manages)

# Imports of the existing spreadsheets (portal and `manage.py import`) are international affairs'.
rules.add_perm("records.import_records", manages)

# The review queue is where reviews are recorded from.
rules.add_perm("coordination.view_review_queue", can_review)

# The quarterly summary (page and downloads) is the Strategy Department's report.
rules.add_perm("coordination.view_summary", manages)

registers.on_register(register_rules)
