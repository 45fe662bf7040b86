"""Fixtures of the API's tests."""

import pytest

from tests.eu_projects.factories import CallFactory
from tests.factories import MembershipFactory, PriorityFactory


@pytest.fixture
def shared(strategy_user, strategy_unit):
    """Related records that `growth.grow_by` gives each row."""
    return {
        "unit": strategy_unit,
        "person": strategy_user,
        "priority": PriorityFactory(),
        "membership": MembershipFactory(owner_unit=strategy_unit),
        "call": CallFactory(owner_unit=strategy_unit),
    }
