"""The demo data links applications, a bid and an activity to the Eurocities membership and a partner, through
the links' service, so that the membership's page shows its trail."""

import pytest
from django.core.management import call_command

from activities.models import Activity
from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.links.models import RecordLink
from networks.models import Membership
from networks.trail import membership_trail
from partnerships.models import Partner

pytestmark = pytest.mark.django_db


def test_the_demo_s_eurocities_membership_shows_what_came_through_it(client):
    call_command("seed_demo")
    eurocities = Membership.objects.get(network__name="Eurocities", owner_unit__code="strategia")

    linked = RecordLink.objects.to_record(eurocities)
    assert linked.from_model(Application).count() == 3
    assert linked.from_model(EventBid).count() == 1
    assert RecordLink.objects.to_record(Partner.objects.get(name="Tallinn")).exists()
    assert RecordLink.history.filter(history_type="+").count() == RecordLink.objects.count()
    items = {
        column.key: [item.text for row in membership_trail(eurocities).years for item in row.cells[number]]
        for number, column in enumerate(membership_trail(eurocities).columns)
    }
    assert "CULT4CLIM – Culture for climate action" in items["applications"]
    assert "TALCOR – Helsinki–Tallinn talent corridor" in items["eu_grants"]
    assert items["event_bids"] == ["World Circular Economy Forum"]
    assert sorted(items["activities"]) == [
        "Deputy mayor's EU advocacy visit to Brussels",
        "Eurocities annual conference",
    ]
    assert linked.from_model(Activity).count() == 2

    call_command("seed_demo")  # again: nothing added twice
    assert RecordLink.objects.to_record(eurocities).count() == 6
