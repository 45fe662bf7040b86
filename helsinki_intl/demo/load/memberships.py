"""Network memberships with their goals, roles, reviews and goal outcomes."""

import datetime
from decimal import Decimal

from networks.models import Membership, MembershipGoal, MembershipGoalOutcome, MembershipReview, Role

from . import reviews, words
from .context import Context
from .plan import GOALS_PER_RECORD, MEMBERSHIPS_PER_ROLE
from .reference import Reference

Status = Membership.Status
STATUSES = {
    Status.ACTIVE: 60,
    Status.ENDING: 5,
    Status.PROPOSED: 8,
    Status.ASSESSING: 7,
    Status.ENDED: 15,
    Status.DECLINED: 5,
}
STARTED_STATUSES = (Status.ACTIVE, Status.ENDING, Status.ENDED)
INTERVALS = {12: 70, 24: 20, 6: 10}


def generate(ctx: Context, ref: Reference) -> None:
    units, networks = ref.units, ref.networks
    # A distinct (network, unit) pair for each membership keeps to one current membership per pair.
    pairs = ctx.rng.sample(range(len(networks) * len(units)), ctx.plan.memberships)
    memberships = [
        _membership(ctx, ref, networks[pair // len(units)], units[pair % len(units)]) for pair in pairs
    ]
    memberships = ctx.writer.create(Membership, memberships)
    _link(ctx, ref, memberships)
    goals = ctx.writer.create(
        MembershipGoal, reviews.goals(ctx, MembershipGoal, memberships, "membership", GOALS_PER_RECORD)
    )
    ctx.writer.create(
        Role, [_role(ctx, ref, membership) for membership in memberships[::MEMBERSHIPS_PER_ROLE]]
    )
    reviewed = [
        MembershipReview(membership=membership, **reviews.review_fields(ctx, ref, membership))
        for membership in memberships
        if membership.status == Status.ACTIVE
    ]
    reviewed = ctx.writer.create(MembershipReview, reviewed)
    ctx.writer.create(
        MembershipGoalOutcome, reviews.outcomes(ctx, MembershipGoalOutcome, reviewed, goals, "membership")
    )


def _membership(ctx: Context, ref: Reference, network: int, unit: int) -> Membership:
    status = ctx.weighted(STATUSES)
    start = end = None
    if status in STARTED_STATUSES:
        start = ctx.days_from_today(-30 * 365, -60)
    if status == Status.ENDED:
        end = min(start + datetime.timedelta(days=ctx.rng.randint(365, 15 * 365)), ctx.today)
    has_fee = ctx.rng.random() < 0.7
    return Membership(
        network_id=network,
        owner_unit_id=unit,
        responsible_person_id=ref.person_in(ctx, unit),
        status=status,
        start_date=start,
        end_date=end,
        annual_fee=Decimal(ctx.rng.randrange(500, 60_000, 100)) if has_fee else None,
        decision_reference=ctx.decision_number(start.year) if start and ctx.rng.random() < 0.5 else "",
        benefits=ctx.rng.choice(words.BENEFITS),
        review_interval_months=ctx.weighted(INTERVALS),
        next_review_due=ctx.next_review_due() if status in Membership.REVIEWED_STATUSES else None,
    )


def _link(ctx: Context, ref: Reference, memberships: list[Membership]) -> None:
    priorities, sdgs, participants = [], [], []
    for membership in memberships:
        priorities += [(membership.pk, pk) for pk in ctx.sample(ref.priorities, most=3, least=1)]
        sdgs += [(membership.pk, pk) for pk in ctx.sample(ref.sdgs, most=3, least=1)]
        others = ctx.sample(ref.units, most=2)
        participants += [(membership.pk, pk) for pk in others if pk != membership.owner_unit_id]
    ctx.writer.link(Membership, "priorities", priorities)
    ctx.writer.link(Membership, "sdgs", sdgs)
    ctx.writer.link(Membership, "participating_units", participants)


def _role(ctx: Context, ref: Reference, membership: Membership) -> Role:
    holder = ref.person_in(ctx, membership.owner_unit_id) if ctx.rng.random() < 0.6 else None
    start = ctx.days_from_today(-4 * 365, -1)
    # Some terms end within the 60 days the holder is reminded of; a few run on without an end.
    end = start + datetime.timedelta(days=ctx.rng.randint(365, 4 * 365)) if ctx.rng.random() < 0.8 else None
    return Role(
        membership=membership,
        title=ctx.rng.choice(words.ROLE_TITLES),
        holder=f"{ctx.rng.choice(words.FIRST_NAMES)} {ctx.rng.choice(words.LAST_NAMES)}",
        holder_user_id=holder,
        start_date=start,
        end_date=end,
    )
