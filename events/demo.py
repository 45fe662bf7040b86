"""Demo event bids: congresses with realistic delegate numbers in each phase of the bid, a major
sports event, a music event idea and events abroad attached to larger international conferences,
each with the timeline of the steps that brought it there.

Dates are relative to today so that the pending decision, the won bid and the held event stay
where they belong; costs and decision numbers are illustrative, not the city's figures.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from helsinki_intl.links.services import record_links_named
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

from .models import EventBid, EventBidStatusChange

Status = EventBid.Status
DECIDER = "majorevents"
# The steps of `events.process` that lead to each status, in order.
PATH = {
    Status.IDEA: [],
    Status.FOR_DECISION: [Status.FOR_DECISION],
    Status.APPROVED: [Status.FOR_DECISION, Status.APPROVED],
    Status.DECLINED: [Status.FOR_DECISION, Status.DECLINED],
    Status.SUBMITTED: [Status.FOR_DECISION, Status.APPROVED, Status.SUBMITTED],
    Status.WON: [Status.FOR_DECISION, Status.APPROVED, Status.SUBMITTED, Status.WON],
    Status.LOST: [Status.FOR_DECISION, Status.APPROVED, Status.SUBMITTED, Status.LOST],
    Status.HELD: [Status.FOR_DECISION, Status.APPROVED, Status.SUBMITTED, Status.WON, Status.HELD],
}


@dataclass
class DemoBid:
    name: str
    kind: str
    host: str
    responsible: str
    status: str
    starts_in_days: int
    days: int
    delegates: int
    venue: str = ""
    city: str = "Helsinki"
    country: str = "FI"
    daily_spend: str = "300.00"
    cost: str | None = None
    city_resources: str | None = None
    impact: str = ""
    local_partner: str = ""
    host_conference: str = ""
    decided_days_ago: int | None = None
    decision: str = ""
    minutes: str = ""
    conditions: str = ""
    granted: str | None = None
    priorities: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    # A past event of a known date is given as dates, not days from today.
    starts: datetime.date | None = None
    decided: datetime.date | None = None
    came_through: list[tuple[str, str]] = field(default_factory=list)
    """The memberships and partners it came through: (model, name as its lookup reads it)."""


BIDS = [
    DemoBid(
        "SETAC Europe Annual Meeting",
        "congress",
        "helsinki-partners",
        "sofia.andersson",
        "for_decision",
        starts_in_days=900,
        days=5,
        delegates=2000,
        venue="Messukeskus Helsinki",
        cost="1400000.00",
        city_resources="120000.00",
        impact="Brings Europe's environmental toxicology and chemistry researchers to Helsinki; "
        "supports the city's circular economy and clean water work.",
        priorities=["climate", "economy"],
        sdgs=[6, 12, 14],
    ),
    DemoBid(
        "World Circular Economy Forum",
        "congress",
        "elinkeino",
        "coordinator",
        "won",
        starts_in_days=240,
        days=3,
        delegates=1500,
        venue="Finlandia Hall",
        cost="900000.00",
        city_resources="80000.00",
        impact="Shows Helsinki's circular economy roadmap to decision-makers from around the world.",
        decided_days_ago=420,
        decision="The group supports the bid with EUR 80,000 and the city's reception.",
        minutes="HEL 2025-008731",
        conditions="The Economic Development Department reports the delegates and the costs after the event.",
        granted="80000.00",
        priorities=["economy", "climate"],
        sdgs=[8, 12, 13],
        came_through=[("networks.membership", "Eurocities (strategia)")],
    ),
    DemoBid(
        "HIMSS Europe Health Conference",
        "congress",
        "helsinki-partners",
        "sofia.andersson",
        "lost",
        starts_in_days=180,
        days=3,
        delegates=3000,
        venue="Messukeskus Helsinki",
        cost="1800000.00",
        city_resources="150000.00",
        impact="Would have put Helsinki's health data and digital services in front of Europe's "
        "health technology buyers.",
        decided_days_ago=610,
        decision="The group supports the bid; the city's share at most EUR 150,000.",
        minutes="HEL 2024-014205",
        priorities=["economy", "talent"],
        sdgs=[3, 9],
    ),
    DemoBid(
        "EAIE Annual Conference",
        "congress",
        "kasko",
        "jukka.lehtonen",
        "held",
        starts_in_days=-80,
        days=4,
        delegates=6000,
        venue="Messukeskus Helsinki",
        cost="2500000.00",
        city_resources="200000.00",
        impact="Europe's largest international higher education conference: talent attraction and "
        "the visibility of Helsinki's universities.",
        decided_days_ago=900,
        decision="The group supports the bid; Helsinki Partners and the Education Division share the "
        "city's contribution.",
        minutes="HEL 2023-011980",
        priorities=["talent", "economy"],
        sdgs=[4, 8],
    ),
    DemoBid(
        "European Athletics Championships",
        "major_event",
        "kuva",
        "culture",
        "submitted",
        starts_in_days=1300,
        days=6,
        delegates=25000,
        venue="Helsinki Olympic Stadium",
        daily_spend="180.00",
        cost="12000000.00",
        city_resources="3500000.00",
        impact="A major sports event with wide European television coverage; renews the Olympic "
        "Stadium's international use.",
        decided_days_ago=150,
        decision="The group approves the bid together with the Finnish Athletics Federation.",
        minutes="HEL 2026-002415",
        conditions="The federation carries the event's financial risk; the city's share is fixed.",
        granted="3000000.00",
        priorities=["liveable", "economy"],
        sdgs=[3, 11],
    ),
    DemoBid(
        "Eurovision Song Contest",
        "major_event",
        "kuva",
        "culture",
        "idea",
        starts_in_days=540,
        days=7,
        delegates=15000,
        venue="Helsinki Halli",
        daily_spend="250.00",
        impact="The world's largest music event; would bring fans, media and a global TV audience.",
        priorities=["liveable"],
        sdgs=[11],
    ),
    DemoBid(
        "Helsinki reception at the European Week of Regions and Cities",
        "abroad",
        "strategia",
        "strategy",
        "approved",
        starts_in_days=310,
        days=1,
        delegates=250,
        venue="Helsinki EU Office",
        city="Brussels",
        country="BE",
        daily_spend="0.00",
        cost="25000.00",
        city_resources="25000.00",
        impact="EU advocacy: meeting the Commission and other cities on the city's EU priorities.",
        host_conference="European Week of Regions and Cities",
        decided_days_ago=30,
        decision="The group approves the reception as part of the European Week of Regions and Cities.",
        minutes="HEL 2026-010377",
        granted="25000.00",
        priorities=["economy", "climate"],
        sdgs=[11, 17],
    ),
    DemoBid(
        "Helsinki business day at Expo 2025 Osaka",
        "abroad",
        "helsinki-partners",
        "sofia.andersson",
        "held",
        starts_in_days=0,
        starts=datetime.date(2025, 9, 18),
        days=2,
        delegates=400,
        venue="Nordic Pavilion",
        city="Osaka",
        country="JP",
        daily_spend="0.00",
        cost="60000.00",
        city_resources="30000.00",
        impact="Investment and talent attraction in Japan together with Business Finland.",
        local_partner="Business Finland Japan",
        host_conference="Expo 2025 Osaka, Kansai",
        decided=datetime.date(2024, 11, 20),
        decision="The group approves the business day in the Nordic Pavilion together with Business Finland.",
        minutes="HEL 2024-006118",
        priorities=["talent", "economy"],
        sdgs=[8, 17],
    ),
    DemoBid(
        "Nordic Esports Finals",
        "major_event",
        "kuva",
        "culture",
        "declined",
        starts_in_days=400,
        days=3,
        delegates=8000,
        venue="Helsinki Halli",
        daily_spend="150.00",
        cost="2200000.00",
        city_resources="900000.00",
        impact="A gaming event for young audiences from the Nordic countries.",
        decided_days_ago=60,
        decision="Declined: the expected impact does not justify the city resources asked.",
        minutes="HEL 2026-009120",
        priorities=["liveable"],
        sdgs=[11],
    ),
]


def load() -> None:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    period = StrategyPeriod.objects.get(name="2021–2025")
    today = timezone.localdate()
    for demo in BIDS:
        if EventBid.objects.filter(name=demo.name).exists():
            continue
        _create_bid(demo, units, period, today)


def _create_bid(demo: DemoBid, units, period, today: datetime.date) -> None:
    starts_on = demo.starts or today + datetime.timedelta(days=demo.starts_in_days)
    decided = demo.decided
    if decided is None and demo.decided_days_ago is not None:
        decided = today - datetime.timedelta(days=demo.decided_days_ago)
    bid = EventBid(
        name=demo.name,
        kind=demo.kind,
        owner_unit=units[demo.host],
        responsible_person=User.objects.get(username=demo.responsible),
        status=demo.status,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=demo.days - 1),
        venue=demo.venue,
        city=demo.city,
        country=demo.country,
        expected_delegates=demo.delegates,
        daily_spend_estimate=Decimal(demo.daily_spend),
        estimated_cost=Decimal(demo.cost) if demo.cost else None,
        city_resources=Decimal(demo.city_resources) if demo.city_resources else None,
        expected_impact=demo.impact,
        local_partner=demo.local_partner,
        host_conference=demo.host_conference,
        decision_date=decided,
        decision=demo.decision,
        minutes_reference=demo.minutes,
        conditions=demo.conditions,
        resources_granted=Decimal(demo.granted) if demo.granted else None,
    )
    bid.full_clean()
    bid.save()
    _note_timeline(bid, today)
    bid.priorities.set(Priority.objects.filter(period=period, code__in=demo.priorities))
    bid.sdgs.set(SDG.objects.filter(number__in=demo.sdgs))
    record_links_named(record=bid, named=demo.came_through, by=bid.responsible_person)


def _note_timeline(bid: EventBid, today: datetime.date) -> None:
    """The steps that brought the bid to its status: submitted a month before the decision, the
    bid sent a month after it, the outcome four months after it, held on its first day."""
    decider = User.objects.get(username=DECIDER)
    decided = bid.decision_date or today
    days = {
        Status.FOR_DECISION: decided - datetime.timedelta(days=30),
        Status.APPROVED: decided,
        Status.DECLINED: decided,
        Status.SUBMITTED: min(decided + datetime.timedelta(days=30), today),
        Status.WON: min(decided + datetime.timedelta(days=120), today, bid.starts_on),
        Status.LOST: min(decided + datetime.timedelta(days=120), today),
        Status.HELD: bid.starts_on,
    }
    previous = Status.IDEA
    for status in PATH[bid.status]:
        is_decision = status in (Status.APPROVED, Status.DECLINED)
        EventBidStatusChange.objects.create(
            bid=bid,
            from_status=previous,
            status=status,
            changed_on=days[status],
            changed_by=decider if is_decision else bid.responsible_person,
            deciding_body="major_events_group" if is_decision else "",
            decision_date=bid.decision_date if is_decision else None,
            decision_reference=bid.minutes_reference if is_decision else "",
            note=bid.decision if is_decision else "",
        )
        previous = status
