"""How many of each thing the load data holds at a scale (1: about the demo's size, times a hundred),
and what each register gives the generator (`RegisterLoad`, declared in its `register.py`)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from helsinki_intl.records.registers import registers

# Per scale unit; the registers add their own (`RegisterLoad.per_scale_unit`).
PER_SCALE_UNIT = {"units": 10, "people": 20}
GOALS_PER_RECORD = 2
MIN_UNITS = 3


def no_adjustment(counts: dict[str, int]) -> None:
    return None


def none_present() -> bool:
    return False


def no_reference(ctx, ref) -> None:
    return None


@dataclass(frozen=True)
class RegisterLoad:
    """A register's part of the load data, in its own `load_data.py`.

    The generator asks every register for its reference data first (`reference`), in the order
    of the registers, and then for its records (`generate`), so that one seed draws the same
    data every time.
    """

    per_scale_unit: dict[str, int]
    generate: Callable
    """(ctx, ref, own reference) -> None: writes the register's records."""
    delete_generated: Callable
    """(generated: cleanup.Generated) -> None: deletes what the generator made of the register."""
    reference: Callable = no_reference
    """(ctx, ref) -> the register's own reference data (networks, partners, calls), if it has any."""
    adjust: Callable[[dict[str, int]], None] = no_adjustment
    """Counts that follow from others (one role for every third membership)."""
    is_present: Callable[[], bool] = none_present
    """Whether generated rows the units' marks do not find are there (programmes)."""


def register_loads() -> list[RegisterLoad]:
    return [register.load_data for register in registers if register.load_data is not None]


@dataclass(frozen=True)
class Plan:
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_scale(cls, scale: float) -> "Plan":
        loads = register_loads()
        per_scale_unit = dict(PER_SCALE_UNIT)
        for load in loads:
            per_scale_unit.update(load.per_scale_unit)
        counts = {name: max(1, round(per_unit * scale)) for name, per_unit in per_scale_unit.items()}
        counts["units"] = max(MIN_UNITS, counts["units"])
        for load in loads:
            load.adjust(counts)
        return cls(counts)

    def __getattr__(self, name: str) -> int:
        """The count of `name` ("memberships")."""
        if name.startswith("__") or name == "counts":
            raise AttributeError(name)
        try:
            return self.counts[name]
        except KeyError:
            raise AttributeError(name) from None
