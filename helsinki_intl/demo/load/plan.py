"""How many of each thing the load data holds at a scale (1: about the demo's size, times a hundred)."""

import math
from dataclasses import dataclass

# Per scale unit. Each membership and partnership gets two goals, each partnership two
# contact-log entries, every third membership a role, and the active ones a review.
PER_SCALE_UNIT = {
    "units": 10,
    "people": 20,
    "networks": 20,
    "partners": 100,
    "calls": 20,
    "memberships": 100,
    "partnerships": 300,
    "applications": 200,
    "event_bids": 50,
}
GOALS_PER_RECORD = 2
CONTACTS_PER_PARTNERSHIP = 2
MEMBERSHIPS_PER_ROLE = 3
MIN_UNITS = 3


@dataclass(frozen=True)
class Plan:
    units: int
    people: int
    networks: int
    partners: int
    calls: int
    memberships: int
    partnerships: int
    applications: int
    event_bids: int

    @classmethod
    def for_scale(cls, scale: float) -> "Plan":
        counts = {name: max(1, round(per_unit * scale)) for name, per_unit in PER_SCALE_UNIT.items()}
        counts["units"] = max(MIN_UNITS, counts["units"])
        # One current membership per network and owner unit: leave room for each to have its own pair.
        counts["networks"] = max(counts["networks"], math.ceil(counts["memberships"] / counts["units"]))
        return cls(**counts)

    @property
    def roles(self) -> int:
        return math.ceil(self.memberships / MEMBERSHIPS_PER_ROLE)
