"""Latency figures: percentiles, requests per second and ratios to a floor."""

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` (0..1) percentile, interpolated between the two nearest ranks."""
    if not values:
        raise ValueError("A percentile of no values")
    if not 0 <= fraction <= 1:
        raise ValueError(f"The fraction {fraction} is not between 0 and 1")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def ratio(value: float | None, floor: float | None) -> float | None:
    """`value` as a multiple of `floor`; None when either is missing or the floor is zero."""
    if value is None or not floor:
        return None
    return value / floor


@dataclass
class Timings:
    """The figures of one page's timed requests (seconds)."""

    requests: int
    errors: int
    median: float | None
    p95: float | None
    requests_per_second: float | None

    @classmethod
    def of(cls, latencies: Sequence[float], *, errors: int = 0, elapsed: float | None = None) -> "Timings":
        """`latencies` of the successful requests; `elapsed` the wall time of all of them."""
        if not latencies:
            return cls(requests=errors, errors=errors, median=None, p95=None, requests_per_second=None)
        wall = elapsed if elapsed is not None else sum(latencies)
        return cls(
            requests=len(latencies) + errors,
            errors=errors,
            median=percentile(latencies, 0.5),
            p95=percentile(latencies, 0.95),
            requests_per_second=(len(latencies) / wall) if wall > 0 else None,
        )

    def as_dict(self) -> dict:
        return asdict(self)
