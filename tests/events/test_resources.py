"""Export of event bids: units and people by their natural keys, under the import's headers."""

import pytest

from events.resources import EventBidResource
from helsinki_intl.records.imports.service import import_file
from tests.events.factories import EventBidFactory

pytestmark = pytest.mark.django_db


def test_export_names_the_host_unit_and_person_by_their_keys(culture_unit, culture_user):
    bid = EventBidFactory(owner_unit=culture_unit, responsible_person=culture_user, name="EAIE")
    bid.sdgs.set([4, 8])

    [row] = EventBidResource().export().dict

    assert row["Name"] == "EAIE"
    assert row["Host unit"] == "kuva"
    assert row["Responsible person"] == "culture"
    assert row["Sustainable development goals"] == "4; 8"


def test_an_export_imports_back_unchanged(culture_unit, culture_user, strategy_user):
    bid = EventBidFactory(owner_unit=culture_unit, responsible_person=culture_user, abroad=True)
    bid.sdgs.set([11, 17])
    exported = EventBidResource().export()

    report = import_file(
        resource="bids", data=exported.csv.encode(), file_name="bids.csv", user=strategy_user, dry_run=True
    )

    assert [(row.status, row.errors) for row in report.rows] == [("unchanged", [])]
