from pathlib import Path

import pytest

from helsinki_intl.strategy.models import SDG
from tests.factories import MembershipFactory, NetworkFactory, PriorityFactory, UserFactory

FILES = Path(__file__).parent / "files"


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def register(culture_unit, urban_unit, strategy_unit):
    """What the sample files refer to, and one current membership they match."""
    person = UserFactory(username="anna.virtanen", email="anna.virtanen@hel.fi", units=[culture_unit])
    eurocities = NetworkFactory(name="Eurocities", owner_unit=strategy_unit)
    NetworkFactory(name="Covenant of Mayors", owner_unit=urban_unit)
    PriorityFactory(code="talent", name_en="Talent attraction")
    existing = MembershipFactory(
        network=eurocities, owner_unit=urban_unit, responsible_person=person, annual_fee="1000.00"
    )
    assert SDG.objects.filter(number__in=[11, 13]).count() == 2
    return {"person": person, "existing": existing}
