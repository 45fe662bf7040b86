"""Following a saved view: what entered it and what left it since the person's last digest.

At each digest a followed view's records are read as its list shows them (one query a view,
however many follow it), compared with the snapshot the last digest took, and the snapshot is
taken anew in the same transaction as the digest is recorded: what changed is told once. The
first digest after a person starts following only takes the snapshot.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Follow, ViewSnapshot

NAMED_AT_MOST = 20
"""How many of the records that entered (or left) a view a digest names; the rest it counts."""


def saved_view_model():
    return (
        apps.get_model("saved_views", "SavedView") if apps.is_installed("helsinki_intl.saved_views") else None
    )


def records_of(view):
    from helsinki_intl.saved_views.lists import records_of as list_records

    return list_records(view)


def follows_of_views(people):
    """The follows of saved views by these people, with their snapshots."""
    SavedView = saved_view_model()
    if SavedView is None:
        return Follow.objects.none()
    content_type = ContentType.objects.get_for_model(SavedView)
    return Follow.objects.filter(
        content_type=content_type, following=True, user_id__in=people
    ).select_related("snapshot")


def who_sees(people) -> dict[int, tuple[set, set]]:
    """Each person's units and group names, read at once."""
    User = get_user_model()
    seen: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for person, unit in User.units.through.objects.filter(user_id__in=people).values_list(
        "user_id", "orgunit_id"
    ):
        seen[person][0].add(unit)
    for person, group in User.groups.through.objects.filter(user_id__in=people).values_list(
        "user_id", "group__name"
    ):
        seen[person][1].add(group)
    return seen


def may_see(view, person: int, seen) -> bool:
    units, groups = seen[person]
    return (
        view.owner_id == person
        or view.shared_with_unit_id in units
        or (view.shared_with_group_id is not None and view.shared_with_group.name in groups)
    )


def named(model, keys: list[int], memo: dict) -> list[str]:
    """The names of the first of `keys` (a record deleted since is not named, only counted); those
    following a view since the same digest ask for the same names, read once."""
    first = tuple(keys[:NAMED_AT_MOST])
    if (model, first) not in memo:
        shown = model._default_manager.select_related().in_bulk(first)
        memo[(model, first)] = [str(shown[key]) for key in first if key in shown]
    return memo[(model, first)]


def view_changes(people) -> dict[int, list[dict]]:
    """For each person who follows saved views, what entered and left each since their last
    snapshot, as the digest tells it; the snapshots are taken anew."""
    follows = list(follows_of_views(people))
    if not follows:
        return {}
    SavedView = saved_view_model()
    views = SavedView.objects.select_related("owner", "shared_with_group").in_bulk(
        {f.object_id for f in follows}
    )
    seen = who_sees({follow.user_id for follow in follows})
    shown: dict[int, tuple | None] = {}
    for pk, view in views.items():
        records = records_of(view) if view.listable is not None else None
        shown[pk] = (
            None
            if records is None
            else (records.model, list(records.order_by("pk").values_list("pk", flat=True)))
        )
    changes: dict[int, list[dict]] = defaultdict(list)
    new, renewed, memo = [], [], {}
    for follow in follows:
        view = views.get(follow.object_id)
        if view is None or shown.get(view.pk) is None or not may_see(view, follow.user_id, seen):
            continue
        model, keys = shown[view.pk]
        snapshot = getattr(follow, "snapshot", None)
        if snapshot is None:
            new.append(ViewSnapshot(follow=follow, keys=keys))
            continue
        before, now = set(snapshot.keys), set(keys)
        entered, left = sorted(now - before), sorted(before - now)
        if entered or left:
            changes[follow.user_id].append(
                {
                    "view": view.name,
                    "url": view.get_absolute_url(),
                    "entered": named(model, entered, memo),
                    "entered_count": len(entered),
                    "left": named(model, left, memo),
                    "left_count": len(left),
                }
            )
        snapshot.keys, snapshot.taken_at = keys, timezone.now()
        renewed.append(snapshot)
    ViewSnapshot.objects.bulk_create(new, ignore_conflicts=True)
    ViewSnapshot.objects.bulk_update(renewed, ["keys", "taken_at"])
    return changes
