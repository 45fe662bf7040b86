"""Rows of every endpoint's model, each with every kind of related record it has."""

import pytest

from activities.models import Activity
from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from events.models import EventBid
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, Priority, StrategyPeriod
from networks.models import Membership, Network
from partnerships.models import Partner, Partnership
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import (
    AdvocacyTopicFactory,
    MembershipFactory,
    NetworkFactory,
    OrgUnitFactory,
    PriorityFactory,
    StrategyPeriodFactory,
)
from tests.partnerships.factories import PartnerFactory, PartnershipFactory


def grow_by(model, shared: dict):
    """A function adding `n` rows of the model, each with every kind of related record it has."""
    unit, person, priority = shared["unit"], shared["person"], shared["priority"]
    sdg = SDG.objects.get(number=11)
    mine = {"owner_unit": unit, "responsible_person": person}

    def tagged(record, *, participants=False):
        record.priorities.set([priority])
        record.sdgs.set([sdg])
        if participants:
            record.participating_units.set([unit])
        return record

    makers = {
        Membership: lambda i: tagged(
            MembershipFactory(network__owner_unit=unit, ends_membership=shared["membership"], **mine),
            participants=True,
        ),
        Network: lambda i: NetworkFactory(owner_unit=unit),
        Partnership: lambda i: tagged(PartnershipFactory(partner__owner_unit=unit, **mine)),
        Partner: lambda i: PartnerFactory(owner_unit=unit),
        Application: lambda i: ApplicationFactory(call=shared["call"], **mine).priorities.set([priority]),
        Call: lambda i: CallFactory(programme=shared["call"].programme, owner_unit=unit),
        Programme: lambda i: ProgrammeFactory(),
        # The years an appropriation may have are fewer than 500.
        CoFinancingAppropriation: lambda i: (
            CoFinancingAppropriationFactory(year=2000 + i % 100)
            if not CoFinancingAppropriation.objects.filter(year=2000 + i % 100).exists()
            else None
        ),
        EventBid: lambda i: tagged(EventBidFactory(**mine)),
        Activity: lambda i: tagged(ActivityFactory(**mine), participants=True),
        OrgUnit: lambda i: OrgUnitFactory(parent=unit),
        StrategyPeriod: lambda i: StrategyPeriodFactory(name=f"Period {i}"),
        Priority: lambda i: PriorityFactory(period=priority.period),
        AdvocacyTopic: lambda i: AdvocacyTopicFactory(),
        SDG: lambda i: None,  # seventeen, always
    }
    if model not in makers:
        pytest.fail(f"{model.__name__}: teach grow_by to add its rows")
    counter = iter(range(10**6))

    def grow(n: int) -> None:
        for _ in range(n):
            makers[model](next(counter))

    return grow
