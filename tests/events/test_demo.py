import itertools

import pytest
from django.core.management import call_command

from events.models import EventBid, EventBidStatusChange
from events.process import EVENT_BID_PROCESS

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "bids": EventBid.objects.count(),
        "history": EventBid.history.count(),
        "priorities": EventBid.priorities.through.objects.count(),
        "sdgs": EventBid.sdgs.through.objects.count(),
        "timeline": EventBidStatusChange.objects.count(),
    }


def test_the_demo_has_bids_in_each_phase_and_all_are_valid():
    call_command("seed_demo")

    delegates = dict(EventBid.objects.values_list("name", "expected_delegates"))
    assert delegates["SETAC Europe Annual Meeting"] == 2000
    assert delegates["World Circular Economy Forum"] == 1500
    assert delegates["HIMSS Europe Health Conference"] == 3000
    assert delegates["EAIE Annual Conference"] == 6000
    statuses = set(EventBid.objects.values_list("status", flat=True))
    assert statuses == set(EventBid.Status.values)
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


def test_each_demo_bid_s_timeline_follows_the_process_to_its_status():
    call_command("seed_demo")

    transitions = EVENT_BID_PROCESS.transitions()
    for bid in EventBid.objects.all():
        timeline = list(bid.status_changes.all())
        if bid.status == EventBid.Status.IDEA:
            assert timeline == []
            continue
        assert timeline[0].from_status == "idea", bid
        assert timeline[-1].status == bid.status, bid
        for before, after in itertools.pairwise(timeline):
            assert after.from_status == before.status and after.changed_on >= before.changed_on, bid
        for change in timeline:
            assert (change.from_status, change.status) in transitions, bid
            change.full_clean()
            if change.status in ("approved", "declined"):
                assert change.deciding_body == "major_events_group", bid
                assert change.changed_by.username == "majorevents", bid
                assert change.decision_reference == bid.minutes_reference, bid
            else:
                assert change.changed_by == bid.responsible_person, bid
