"""The filters of the event bid list, and the list's constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventBid
from tests.events.factories import EventBidFactory
from tests.events.test_views import url
from tests.factories import OrgUnitFactory, PriorityFactory, UserFactory


def bids(client, **params) -> list:
    response = client.get(url("eventbid-list"), params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def on(day: datetime.date, **fields) -> EventBid:
    return EventBidFactory(starts_on=day, ends_on=day, **fields)


@pytest.mark.parametrize(
    ("fields", "term"),
    [
        ({"name": "SETAC Europe Annual Meeting"}, "setac"),
        ({"venue": "Finlandia Hall"}, "finlandia"),
        ({"abroad": True, "city": "Brussels"}, "BRUSSELS"),
        ({"abroad": True, "local_partner": "Business Finland Japan"}, "business finland"),
        ({"abroad": True, "host_conference": "European Week of Regions and Cities"}, "week regions"),
    ],
    ids=["name", "venue", "city", "local-partner", "host-conference"],
)
def test_search_finds_each_searched_field(culture_client, fields, term):
    match = EventBidFactory(**fields)
    EventBidFactory(name="Other congress", venue="Paasitorni")

    assert bids(culture_client, q=term) == [match]


def test_search_needs_every_word(culture_client):
    both = EventBidFactory(name="World Circular Economy Forum", venue="Finlandia Hall")
    EventBidFactory(name="World Athletics", venue="Olympic Stadium")

    assert bids(culture_client, q="world finlandia") == [both]


def test_filter_by_status(culture_client):
    idea = on(datetime.date(2028, 1, 1), status="idea")
    waiting = on(datetime.date(2028, 2, 1), status="for_decision")
    won = on(datetime.date(2028, 3, 1), status="won", decided=True)

    assert bids(culture_client, status="idea") == [idea]
    assert bids(culture_client, status="for_decision") == [waiting]
    assert bids(culture_client, status="won") == [won]
    assert bids(culture_client, status="lost") == []


def test_filter_by_kind(culture_client):
    congress = on(datetime.date(2028, 1, 1))
    major = on(datetime.date(2028, 2, 1), kind="major_event")
    abroad = on(datetime.date(2028, 3, 1), abroad=True)

    assert bids(culture_client, kind="congress") == [congress]
    assert bids(culture_client, kind="major_event") == [major]
    assert bids(culture_client, kind="abroad") == [abroad]


def test_filter_by_host_unit(culture_client, culture_unit, urban_unit):
    culture = EventBidFactory(owner_unit=culture_unit)
    urban = EventBidFactory(owner_unit=urban_unit)

    assert bids(culture_client, owner_unit=culture_unit.pk) == [culture]
    assert bids(culture_client, owner_unit=urban_unit.pk) == [urban]
    assert culture_client.get(url("eventbid-list")).context["filter"].form["owner_unit"].label == "Host unit"


def test_filter_by_priority_and_sdg(culture_client):
    talent, climate = PriorityFactory.create_batch(2)
    first = on(datetime.date(2028, 1, 1))
    first.priorities.set([talent])
    first.sdgs.set([4])
    second = on(datetime.date(2028, 2, 1))
    second.priorities.set([talent, climate])
    second.sdgs.set([4, 13])
    on(datetime.date(2028, 3, 1))

    assert bids(culture_client, priority=talent.pk) == [first, second]
    assert bids(culture_client, priority=climate.pk) == [second]
    assert bids(culture_client, sdg=4) == [first, second]
    assert bids(culture_client, sdg=13) == [second]
    assert bids(culture_client, sdg=1) == []


def test_filter_by_start_dates(culture_client):
    march = on(datetime.date(2028, 3, 1))
    april = on(datetime.date(2028, 4, 1))
    may = on(datetime.date(2028, 5, 1))

    assert bids(culture_client, starts_after="2028-04-01") == [april, may]
    assert bids(culture_client, starts_before="2028-04-01") == [march, april]
    assert bids(culture_client, starts_after="2028-03-02", starts_before="2028-04-30") == [april]


def test_filter_by_decision_pending(culture_client):
    waiting = on(datetime.date(2028, 1, 1), status="for_decision")
    idea = on(datetime.date(2028, 2, 1), status="idea")
    approved = on(datetime.date(2028, 3, 1), status="approved", decided=True)

    assert bids(culture_client, decision_pending="true") == [waiting]
    assert bids(culture_client, decision_pending="false") == [idea, approved]
    assert bids(culture_client, decision_pending="") == [waiting, idea, approved]


def test_the_list_takes_the_same_number_of_queries_for_5_and_50_bids(culture_client):
    person = UserFactory()
    priorities = PriorityFactory.create_batch(2)

    def make(count):
        for _ in range(count):
            bid = EventBidFactory(owner_unit=OrgUnitFactory(), responsible_person=person)
            bid.priorities.set(priorities)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = culture_client.get(url("eventbid-list"), {"sort": "resources"})
        assert response.status_code == 200
        return len(captured)

    make(5)
    with_5 = queries()
    make(45)
    assert EventBid.objects.count() == 50
    assert queries() == with_5
