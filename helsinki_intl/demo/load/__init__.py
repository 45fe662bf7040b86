"""Generated load data: the registers at N times the demo's size, for measuring the portal.

`generate(scale=100)` writes about 10,000 memberships, 30,000 partnerships, 20,000 EU
applications and 5,000 event bids with their goals, reviews, contact logs and status
timelines, and the reference data they need, each record with its "created" history. The
same seed gives the same data on the same day (dates are spread around today). Generated
rows are marked (see `marks`) so that `cleanup.delete_generated()` removes them alone.
"""

import random

from django.db import transaction

from . import applications, event_bids, memberships, partnerships, reference
from .bulk import BulkWriter
from .cleanup import delete_generated, is_present
from .context import Context
from .plan import Plan

DEFAULT_SEED = 2025

__all__ = ["DEFAULT_SEED", "Plan", "delete_generated", "generate", "is_present"]


def generate(*, scale: float, seed: int = DEFAULT_SEED) -> BulkWriter:
    """Writes the load data in one transaction; the returned writer counts the rows per model."""
    writer = BulkWriter()
    rng = random.Random(seed)  # nosec B311 # seeded test data, not security
    ctx = Context(rng=rng, plan=Plan.for_scale(scale), writer=writer)
    with transaction.atomic():
        ref = reference.generate(ctx)
        memberships.generate(ctx, ref)
        partnerships.generate(ctx, ref)
        applications.generate(ctx, ref)
        event_bids.generate(ctx, ref)
    return writer
