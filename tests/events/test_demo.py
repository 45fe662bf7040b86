import pytest
from django.core.management import call_command

from events.models import EventBid

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "bids": EventBid.objects.count(),
        "history": EventBid.history.count(),
        "priorities": EventBid.priorities.through.objects.count(),
        "sdgs": EventBid.sdgs.through.objects.count(),
    }


def test_the_demo_has_bids_in_each_phase_and_all_are_valid():
    call_command("seed_demo")

    delegates = dict(EventBid.objects.values_list("name", "expected_delegates"))
    assert delegates["SETAC Europe Annual Meeting"] == 2000
    assert delegates["World Circular Economy Forum"] == 1500
    assert delegates["HIMSS Europe Health Conference"] == 3000
    assert delegates["EAIE Annual Conference"] == 6000
    statuses = set(EventBid.objects.values_list("status", flat=True))
    assert {"for_decision", "won", "lost", "held"} <= statuses
    assert list(EventBid.objects.waiting_for_decision().values_list("name", flat=True)) == [
        "SETAC Europe Annual Meeting"
    ]
    assert EventBid.objects.filter(kind="major_event").exists()
    assert EventBid.objects.upcoming().exists()
    abroad = EventBid.objects.filter(kind="abroad")
    assert abroad.exists()
    assert all(bid.local_partner or bid.host_conference for bid in abroad)
    assert {"helsinki-partners", "kuva", "elinkeino"} <= set(
        EventBid.objects.values_list("owner_unit__code", flat=True)
    )
    for bid in EventBid.objects.all():
        bid.full_clean()
        if bid.status in EventBid.DECIDED_STATUSES:
            assert bid.decision_date and bid.decision and bid.minutes_reference, bid
        assert bid.priorities.exists() and bid.sdgs.exists(), bid


def test_running_it_again_changes_nothing():
    call_command("seed_demo")
    before = counts()
    bid = EventBid.objects.get(name="SETAC Europe Annual Meeting")
    bid.expected_impact = "Edited by a person"
    bid.save()

    call_command("seed_demo")

    assert counts() == before | {"history": before["history"] + 1}
    assert EventBid.objects.get(pk=bid.pk).expected_impact == "Edited by a person"
