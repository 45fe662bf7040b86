"""Who may do what, decided in one place.

Every signed-in member of staff reads every register. Members of an organisation unit add
records for their units; the owner unit's members change and delete them; the Strategy
Department's international affairs team may do everything. The coordination group records
reviews.
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

UNIT_OWNED_MODELS = [
    "networks.network",
    "networks.membership",
    "partnerships.partner",
    "partnerships.partnership",
    "eu_projects.call",
    "eu_projects.application",
    "events.eventbid",
]

# Rows edited through their record's forms, and reference data: international affairs
# manages them (in the admin); everyone reads them.
MANAGED_MODELS = [
    "organisation.orgunit",
    "organisation.user",
    "strategy.strategyperiod",
    "strategy.priority",
    "strategy.sdg",
    "strategy.advocacytopic",
    "networks.prioritynetwork",
    "networks.membershipgoal",
    "networks.role",
    "networks.membershipgoaloutcome",
    "partnerships.partnershipgoal",
    "partnerships.contact",
    "partnerships.partnershipgoaloutcome",
    "eu_projects.programme",
    "eu_projects.cofinancingappropriation",
    "eu_projects.applicationstatuschange",
    "eu_projects.cofinancingchange",
    "coordination.reminder",
    "coordination.calendarfeed",
]

# Reviews are recorded by the coordination group (and international affairs); once recorded,
# they are part of the record's history and are corrected only in the admin.
REVIEW_MODELS = [
    "networks.membershipreview",
    "partnerships.partnershipreview",
]


def _register(label: str, *, view, add, change, delete) -> None:
    app_label, model_name = label.split(".")
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    rules.add_perm(f"{app_label}.add_{model_name}", add)
    rules.add_perm(f"{app_label}.change_{model_name}", change)
    rules.add_perm(f"{app_label}.delete_{model_name}", delete)


manages = is_staff_member & is_international_affairs

for _label in UNIT_OWNED_MODELS:
    _register(_label, view=can_view, add=can_add, change=can_change, delete=can_change)

for _label in REVIEW_MODELS:
    _register(_label, view=can_view, add=can_review, change=manages, delete=manages)

for _label in MANAGED_MODELS:
    _register(_label, view=can_view, add=manages, change=manages, delete=manages)

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

# The admin shows an app to those who hold its module permission: the back office is
# international affairs'.
for _app_label in sorted(
    {label.split(".")[0] for label in UNIT_OWNED_MODELS + REVIEW_MODELS + MANAGED_MODELS}
):
    rules.add_perm(_app_label, manages)
