"""The network register's part of the load data: networks and their priority designations, and
memberships with their goals, roles, reviews and goal outcomes."""

import datetime
import math
from decimal import Decimal

from django.db.models import Q

from helsinki_intl.demo.load import marks, reviews, words
from helsinki_intl.demo.load.cleanup import Generated, purge, raw_delete
from helsinki_intl.demo.load.context import Context
from helsinki_intl.demo.load.plan import GOALS_PER_RECORD, RegisterLoad
from helsinki_intl.demo.load.reference import Reference
from helsinki_intl.strategy.models import StrategyPeriod

from .models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)

PER_SCALE_UNIT = {"networks": 20, "memberships": 100}
MEMBERSHIPS_PER_ROLE = 3
NETWORK_KINDS = {
    "city_network": 70,
    "foundation": 8,
    "international_organisation": 12,
    "eu_body": 5,
    "other": 5,
}
SCOPES = {"global": 30, "europe": 40, "nordic": 10, "baltic_sea": 15, "other": 5}
NETWORKS_PER_DESIGNATION = 20

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


def adjust(counts: dict[str, int]) -> None:
    # One current membership per network and owner unit: leave room for each to have its own pair.
    counts["networks"] = max(counts["networks"], math.ceil(counts["memberships"] / counts["units"]))
    counts["roles"] = math.ceil(counts["memberships"] / MEMBERSHIPS_PER_ROLE)


def reference(ctx: Context, ref: Reference) -> list[int]:
    return _networks(ctx, ref.units, ref.period)


def generate(ctx: Context, ref: Reference, networks: list[int]) -> None:
    units = ref.units
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


def _networks(ctx: Context, units: list[int], period: StrategyPeriod) -> list[int]:
    networks = []
    for number in range(1, ctx.plan.networks + 1):
        adjective = ctx.rng.choice(words.NETWORK_ADJECTIVES)
        noun = ctx.rng.choice(words.NETWORK_NOUNS)
        kind = ctx.rng.choice(words.NETWORK_KINDS)
        networks.append(
            Network(
                name=f"{marks.NAME_PREFIX}{adjective} {noun} {kind} {number:05d}",
                acronym=f"{adjective[0]}{noun[0]}{kind[0]}{number}",
                kind=ctx.weighted(NETWORK_KINDS),
                scope=ctx.weighted(SCOPES),
                website=f"https://network-{number}.example.org",
                themes=", ".join(ctx.sample(words.THEMES, most=3, least=1)),
                owner_unit_id=ctx.rng.choice(units),
            )
        )
    networks = ctx.writer.create(Network, networks)
    # Every twentieth network is a priority or target network of the period.
    designated = networks[::NETWORKS_PER_DESIGNATION]
    ctx.writer.create(
        PriorityNetwork,
        [
            PriorityNetwork(network=network, period=period, is_target=ctx.rng.random() < 0.3)
            for network in designated
        ],
    )
    return [network.pk for network in networks]


def delete_generated(generated: Generated) -> None:
    owned = generated.owned
    networks = Network.objects.filter(owned)
    memberships = Membership.objects.filter(owned | Q(network__in=networks))
    purge(MembershipGoalOutcome, Q(review__membership__in=memberships))
    for model in (MembershipReview, MembershipGoal, Role):
        purge(model, Q(membership__in=memberships))
    purge(Membership, owned | Q(network__in=networks))
    purge(PriorityNetwork, Q(network__in=networks))
    purge(Network, owned)
    # Memberships that stay may have a generated unit taking part.
    raw_delete(Membership.participating_units.through.objects.filter(orgunit__in=generated.units))


LOAD_DATA = RegisterLoad(
    per_scale_unit=PER_SCALE_UNIT,
    reference=reference,
    generate=generate,
    delete_generated=delete_generated,
    adjust=adjust,
)
