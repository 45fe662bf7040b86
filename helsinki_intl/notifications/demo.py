"""The demo's notifications: a few changes by international affairs to records other demo accounts
follow, so that their notifications page and the header's count show something. Safe to run again."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.records.services import record_update

from .dispatch import dispatch_events
from .models import Follow, Notification

CHANGES = [
    # (network, owner unit code, the note international affairs adds)
    (
        "Eurocities",
        "strategia",
        "The Executive Committee seat runs until the end of 2026; decide on running again.",
    ),
    ("Public Libraries 2030", "kuva", "The network's annual report for 2025 is in the shared folder."),
]


def load() -> None:
    if Notification.objects.exists() or not apps.is_installed("networks"):
        return
    Membership = apps.get_model("networks", "Membership")
    strategy = User.objects.get(username="strategy")
    urban = User.objects.get(username="urban")
    culture_unit = OrgUnit.objects.get(code="kuva")
    Follow.objects.get_or_create(
        user=urban, content_type=ContentType.objects.get_for_model(OrgUnit), object_id=culture_unit.pk
    )
    for network, unit, note in CHANGES:
        membership = Membership.objects.filter(network__name=network, owner_unit__code=unit).first()
        if membership is not None:
            record_update(record=membership, by=strategy, via="demo", notes=note)
    dispatch_events()
