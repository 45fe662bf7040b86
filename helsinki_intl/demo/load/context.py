"""What every part of the generator draws on: the seeded random source, today and the writer."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from .bulk import BulkWriter
from .plan import Plan

# Where the next review of a record under review falls: (share, first day, last day from today).
REVIEW_DUE_SPREAD = [(0.12, -400, -1), (0.13, 0, 30), (0.75, 31, 730)]


@dataclass
class Context:
    rng: random.Random
    plan: Plan
    writer: BulkWriter
    today: datetime.date = field(default_factory=timezone.localdate)
    now: datetime.datetime = field(default_factory=timezone.now)

    def weighted(self, weights: dict):
        """One of the keys, drawn in proportion to its weight."""
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def days_from_today(self, first: int, last: int) -> datetime.date:
        return self.today + datetime.timedelta(days=self.rng.randint(first, last))

    def next_review_due(self) -> datetime.date:
        """Some overdue, some due within a month, most later: every queue has work at every scale."""
        spread = {(first, last): share for share, first, last in REVIEW_DUE_SPREAD}
        first, last = self.weighted(spread)
        return self.days_from_today(first, last)

    def decision_number(self, year: int) -> str:
        return f"HEL {year}-{self.rng.randint(1, 20000):06d}"

    def sample(self, population: list, most: int, least: int = 0) -> list:
        return self.rng.sample(population, min(len(population), self.rng.randint(least, most)))
