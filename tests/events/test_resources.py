"""Import and export of event bids: units and people by their natural keys."""

import datetime

import pytest
import tablib

from events.models import EventBid
from events.resources import EventBidResource
from tests.events.factories import EventBidFactory

pytestmark = pytest.mark.django_db


def test_export_names_the_host_unit_and_person_by_their_keys(culture_unit, culture_user):
    bid = EventBidFactory(owner_unit=culture_unit, responsible_person=culture_user, name="EAIE")
    bid.sdgs.set([4, 8])

    [row] = EventBidResource().export().dict

    assert row["name"] == "EAIE"
    assert row["host_unit"] == "kuva"
    assert row["responsible_person"] == "culture"
    assert row["sdgs"] == "4,8"


def dataset_of(row: dict) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    return dataset


ABROAD_ROW = {
    "id": "",
    "name": "Helsinki reception",
    "kind": "abroad",
    "host_unit": "kuva",
    "responsible_person": "culture",
    "status": "idea",
    "starts_on": "2028-10-12",
    "ends_on": "2028-10-12",
    "city": "Brussels",
    "country": "BE",
    "expected_delegates": "250",
    "daily_spend_estimate": "0",
    "host_conference": "European Week of Regions and Cities",
    "sdgs": "11,17",
}


def test_import_creates_a_valid_bid(culture_unit, culture_user):
    result = EventBidResource().import_data(dataset_of(ABROAD_ROW), raise_errors=True)

    assert not result.has_validation_errors()
    bid = EventBid.objects.get()
    assert (bid.owner_unit, bid.responsible_person) == (culture_unit, culture_user)
    assert bid.starts_on == datetime.date(2028, 10, 12)
    assert sorted(bid.sdgs.values_list("number", flat=True)) == [11, 17]


def test_import_refuses_an_event_abroad_without_a_partner(culture_unit, culture_user):
    result = EventBidResource().import_data(dataset_of(ABROAD_ROW | {"host_conference": ""}))

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert "local_partner" in invalid.error_dict
    assert not EventBid.objects.exists()
