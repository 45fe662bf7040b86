"""The event register's part of the load data: bids for congresses and major events in Helsinki,
and events abroad, with their status timelines."""

import datetime
from decimal import Decimal

from django.db.models import Q

from helsinki_intl.demo.load import marks, words
from helsinki_intl.demo.load.cleanup import Generated, purge
from helsinki_intl.demo.load.context import Context
from helsinki_intl.demo.load.plan import RegisterLoad
from helsinki_intl.demo.load.reference import Reference

from .demo import PATH
from .models import EventBid, EventBidStatusChange

PER_SCALE_UNIT = {"event_bids": 50}

Status = EventBid.Status
Kind = EventBid.Kind
STATUSES = {
    Status.IDEA: 10,
    Status.FOR_DECISION: 10,
    Status.APPROVED: 10,
    Status.DECLINED: 10,
    Status.SUBMITTED: 15,
    Status.WON: 15,
    Status.LOST: 15,
    Status.HELD: 15,
}
KINDS = {Kind.CONGRESS: 60, Kind.MAJOR_EVENT: 15, Kind.ABROAD: 25}
DELEGATES = {Kind.CONGRESS: (200, 5000), Kind.MAJOR_EVENT: (5000, 100_000), Kind.ABROAD: (20, 300)}
# Events still to come: a bid is prepared years ahead.
UPCOMING_STATUSES = (Status.IDEA, Status.FOR_DECISION, Status.APPROVED, Status.SUBMITTED, Status.WON)


def generate(ctx: Context, ref: Reference, own: None) -> None:
    bids = ctx.writer.create(EventBid, [_bid(ctx, ref) for _ in range(ctx.plan.event_bids)])
    ctx.writer.create(EventBidStatusChange, [change for bid in bids for change in _timeline(ctx, bid)])
    priorities, sdgs = [], []
    for bid in bids:
        priorities += [(bid.pk, pk) for pk in ctx.sample(ref.priorities, most=2, least=1)]
        sdgs += [(bid.pk, pk) for pk in ctx.sample(ref.sdgs, most=3, least=1)]
    ctx.writer.link(EventBid, "priorities", priorities)
    ctx.writer.link(EventBid, "sdgs", sdgs)


def _bid(ctx: Context, ref: Reference) -> EventBid:
    rng = ctx.rng
    status, kind = ctx.weighted(STATUSES), ctx.weighted(KINDS)
    if status == Status.HELD:
        starts = ctx.days_from_today(-1000, 0)
    elif status in UPCOMING_STATUSES:
        starts = ctx.days_from_today(120, 1500)
    else:
        starts = ctx.days_from_today(-700, 1500)
    unit = ctx.rng.choice(ref.units)
    cost = rng.randrange(20_000, 3_000_000, 5_000)
    bid = EventBid(
        owner_unit_id=unit,
        responsible_person_id=ref.person_in(ctx, unit),
        name=_name(ctx, kind, starts.year),
        kind=kind,
        status=status,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=rng.randint(0, 6)),
        expected_delegates=rng.randint(*DELEGATES[kind]),
        daily_spend_estimate=Decimal(rng.randrange(150, 450, 10)),
        estimated_cost=Decimal(cost),
        city_resources=Decimal(cost * rng.randint(5, 40) // 100 // 1000 * 1000),
        expected_impact=rng.choice(words.BENEFITS),
    )
    if kind == Kind.ABROAD:
        # An event abroad is held with a local partner or as part of a larger conference.
        bid.city, bid.country, bid.host_conference = rng.choice(words.ABROAD)
        if not bid.host_conference or rng.random() < 0.5:
            bid.local_partner = rng.choice(words.LOCAL_PARTNERS)
        bid.daily_spend_estimate = Decimal(0)
    else:
        bid.venue = rng.choice(words.VENUES)
    if status in EventBid.DECIDED_STATUSES:
        # Decided before the event, and never after today.
        latest = min(starts, ctx.today)
        bid.decision_date = latest - datetime.timedelta(days=rng.randint(30, 700))
        bid.decision = "Approved by the major-events coordination group."
        if status == Status.DECLINED:
            bid.decision = "Declined: the expected impact does not justify the city resources asked."
        bid.minutes_reference = ctx.decision_number(bid.decision_date.year)
    return bid


def _timeline(ctx: Context, bid: EventBid) -> list[EventBidStatusChange]:
    """The steps that brought the bid to its status, each on a day after the one before."""
    decided = bid.decision_date or ctx.days_from_today(-60, -1)
    days = {
        Status.FOR_DECISION: decided - datetime.timedelta(days=ctx.rng.randint(14, 90)),
        Status.APPROVED: decided,
        Status.DECLINED: decided,
        Status.SUBMITTED: min(decided + datetime.timedelta(days=ctx.rng.randint(10, 60)), ctx.today),
    }
    outcome = min(days[Status.SUBMITTED] + datetime.timedelta(days=ctx.rng.randint(30, 200)), ctx.today)
    days |= {Status.WON: min(outcome, bid.starts_on), Status.LOST: outcome, Status.HELD: bid.starts_on}
    changes, previous = [], Status.IDEA
    for status in PATH[bid.status]:
        decision = status in (Status.APPROVED, Status.DECLINED)
        changes.append(
            EventBidStatusChange(
                bid_id=bid.pk,
                from_status=previous,
                status=status,
                changed_on=days[status],
                # The host unit's steps by its responsible person; the group's decision by nobody named.
                changed_by_id=None if decision else bid.responsible_person_id,
                deciding_body="major_events_group" if decision else "",
                decision_date=bid.decision_date if decision else None,
                decision_reference=bid.minutes_reference if decision else "",
                note=bid.decision if decision else "",
            )
        )
        previous = status
    return changes


def _name(ctx: Context, kind: str, year: int) -> str:
    if kind == Kind.MAJOR_EVENT:
        what, subject = ctx.rng.choice(words.MAJOR_EVENT_NAMES), ctx.rng.choice(words.SPORTS)
    else:
        what, subject = ctx.rng.choice(words.CONGRESS_NAMES), ctx.rng.choice(words.EVENT_TOPICS)
    return f"{marks.NAME_PREFIX}{what} {subject} {year}"


def delete_generated(generated: Generated) -> None:
    bids = EventBid.objects.filter(generated.owned)
    purge(EventBidStatusChange, Q(bid__in=bids))
    purge(EventBid, generated.owned)


LOAD_DATA = RegisterLoad(
    per_scale_unit=PER_SCALE_UNIT,
    generate=generate,
    delete_generated=delete_generated,
)
