"""Generated load data: the registers at N times the demo's size, for measuring the portal.

`generate(scale=100)` writes about 10,000 memberships, 30,000 partnerships, 20,000 EU
applications and 5,000 event bids with their goals, reviews, contact logs and status
timelines, and the reference data they need, each record with its "created" history. The
same seed gives the same data on the same day (dates are spread around today). Generated
rows are marked (see `marks`) so that `cleanup.delete_generated()` removes them alone.

Each register generates its own rows in its `load_data.py`, declared in its `register.py`
(`RegisterLoad`); this package has what they share: the units and people, the writer, the
plan, the words the names are made of, and the reviews.
"""

import random

from django.db import transaction

from . import reference
from .bulk import BulkWriter
from .cleanup import delete_generated, is_present
from .context import Context
from .plan import Plan, register_loads

DEFAULT_SEED = 2025

__all__ = ["DEFAULT_SEED", "Plan", "delete_generated", "generate", "is_present"]


def generate(*, scale: float, seed: int = DEFAULT_SEED) -> BulkWriter:
    """Writes the load data in one transaction; the returned writer counts the rows per model."""
    writer = BulkWriter()
    rng = random.Random(seed)  # nosec B311 # seeded test data, not security
    ctx = Context(rng=rng, plan=Plan.for_scale(scale), writer=writer)
    with transaction.atomic():
        ref = reference.generate(ctx)
        loads = register_loads()
        # Every register's reference data first, then the records: the order the seed draws in.
        own = [load.reference(ctx, ref) for load in loads]
        for load, own_reference in zip(loads, own, strict=True):
            load.generate(ctx, ref, own_reference)
    return writer
