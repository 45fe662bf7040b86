"""A record whose every ranged value lies at an end of its range (the earliest or latest date
and time of the city's years, the largest amount and count) shows on every page that shows it.

The property tests of the forms ask the same pages after each save they make (`assert_pages_show`);
here the values are exactly at the limits, which random input seldom reaches, and stored as any
writer could store them (the database's checks alone judge them).
"""

import pytest

from tests.property.hostile import assert_pages_show, store_at_the_limits
from tests.property.test_forms import RECORDS, make_world


@pytest.fixture
def world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client):
    return make_world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client)


@pytest.mark.parametrize("end", [0, 1], ids=["lowest", "highest"])
def test_records_at_the_ends_of_their_ranges_show_on_every_page(world, end):
    store_at_the_limits(world.own.values(), end)
    store_at_the_limits(world.other.values(), 1 - end)
    client, user = world.roles["owner unit"]
    for model in RECORDS:
        assert_pages_show(world.own[model], world.viewers(client, user), world.admin_client)
