"""A few saved views of the demo accounts, each in the account's own language: one kept to
oneself, one shared with a unit and one with a group. Safe to load again."""

from django.contrib.auth.models import Group

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit, User

from .models import SavedView

# owner, name, list, query, shared with the group, shared with the unit (code)
VIEWS = [
    ("strategy", "Aktiiviset jäsenyydet", "networks:membership-list", "status=active", None, None),
    (
        "strategy",
        "Myöhässä olevat arvioinnit",
        "coordination:review-queue",
        "due=overdue&sort=due",
        roles.COORDINATION_GROUP,
        None,
    ),
    ("culture", "Våra partnerskap", "partnerships:partnership-list", "current=true", None, "kuva"),
    ("urban", "EU calls closing soon", "eu_projects:call-list", "state=open&sort=deadline", None, None),
    ("coordinator", "Päätöstä odottavat", "events:eventbid-list", "decision_pending=true", None, None),
]


def load() -> None:
    people = {user.username: user for user in User.objects.filter(username__in={view[0] for view in VIEWS})}
    for username, name, list_name, query, group, unit in VIEWS:
        if username not in people:
            continue
        SavedView.objects.get_or_create(
            owner=people[username],
            name=name,
            defaults={
                "list_name": list_name,
                "query": query,
                "shared_with_group": Group.objects.filter(name=group).first() if group else None,
                "shared_with_unit": OrgUnit.objects.filter(code=unit).first() if unit else None,
            },
        )
