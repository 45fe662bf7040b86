"""The reference data the generated records point at, growing with the scale.

Organisation units, people, networks, partners, programmes and calls are generated; the
strategy period with its priorities, the SDGs and the advocacy topics are the ones in the
database (the strategy demo data is loaded first when there is no period with priorities).
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from eu_projects.models import Call, Programme
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy import demo as strategy_demo
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, StrategyPeriod
from networks.models import Network, PriorityNetwork
from partnerships.models import Partner

from . import marks, words
from .context import Context

UNIT_KINDS = {"division": 25, "department": 35, "enterprise": 10, "company": 25, "other": 5}
LANGUAGES = {"fi": 70, "sv": 15, "en": 15}
NETWORK_KINDS = {
    "city_network": 70,
    "foundation": 8,
    "international_organisation": 12,
    "eu_body": 5,
    "other": 5,
}
SCOPES = {"global": 30, "europe": 40, "nordic": 10, "baltic_sea": 15, "other": 5}
DEADLINE_ZONES = {"Europe/Brussels": 85, "Europe/Helsinki": 10, "Europe/Paris": 5}
INACTIVE_UNIT_SHARE = 0.03
FORMER_STAFF_SHARE = 0.05
NETWORKS_PER_DESIGNATION = 20


@dataclass
class Reference:
    units: list[int]
    people: list[int]
    people_by_unit: dict[int, list[int]]
    priorities: list[int]
    sdgs: list[int]
    advocacy_topics: list[int]
    networks: list[int]
    partners: list[int]
    open_calls: list[Call]
    closed_calls: list[Call]

    def person_in(self, ctx: Context, unit: int) -> int:
        """Someone of the unit (anyone when the unit has nobody): responsible people belong to the owner."""
        return ctx.rng.choice(self.people_by_unit.get(unit) or self.people)


def generate(ctx: Context) -> Reference:
    period = _strategy_period()
    units = _units(ctx)
    people_by_unit = _people(ctx, units)
    networks = _networks(ctx, units, period)
    partners = _partners(ctx, units)
    open_calls, closed_calls = _calls(ctx, units)
    return Reference(
        units=units,
        people=[person for members in people_by_unit.values() for person in members],
        people_by_unit=people_by_unit,
        priorities=list(period.priorities.values_list("pk", flat=True)),
        sdgs=list(SDG.objects.values_list("pk", flat=True)),
        advocacy_topics=list(AdvocacyTopic.objects.values_list("pk", flat=True)),
        networks=networks,
        partners=partners,
        open_calls=open_calls,
        closed_calls=closed_calls,
    )


def _strategy_period() -> StrategyPeriod:
    period = StrategyPeriod.objects.current()
    if period is None or not period.priorities.exists():
        strategy_demo.load()
        period = StrategyPeriod.objects.current()
    return period


def _units(ctx: Context) -> list[int]:
    # Departments sit under the generated executive office, as the city's own do.
    head = ctx.writer.create(OrgUnit, [_unit(ctx, 1, "executive_office")])[0]
    units = []
    for number in range(2, ctx.plan.units + 1):
        unit = _unit(ctx, number, ctx.weighted(UNIT_KINDS))
        unit.parent = head if unit.kind == "department" else None
        unit.is_active = ctx.rng.random() >= INACTIVE_UNIT_SHARE
        units.append(unit)
    return [head.pk] + [unit.pk for unit in ctx.writer.create(OrgUnit, units)]


def _unit(ctx: Context, number: int, kind: str) -> OrgUnit:
    code = f"{marks.UNIT_CODE_PREFIX}{number:04d}"
    name_fi, name_sv, name_en = ctx.rng.choice(words.UNIT_TOPICS)
    return OrgUnit(
        code=code,
        abbreviation=f"L{number:04d}",
        name_fi=f"{marks.NAME_PREFIX}{name_fi} {number:04d}",
        name_sv=f"{marks.NAME_PREFIX}{name_sv} {number:04d}",
        name_en=f"{marks.NAME_PREFIX}{name_en} {number:04d}",
        kind=kind,
        contact_email=f"international.{code}@example.com",
    )


def _people(ctx: Context, units: list[int]) -> dict[int, list[int]]:
    people = []
    for number in range(1, ctx.plan.people + 1):
        username = f"{marks.USERNAME_PREFIX}{number:05d}"
        people.append(
            User(
                username=username,
                first_name=ctx.rng.choice(words.FIRST_NAMES),
                last_name=ctx.rng.choice(words.LAST_NAMES),
                email=f"{username}@example.com",
                language=ctx.weighted(LANGUAGES),
                is_active=ctx.rng.random() >= FORMER_STAFF_SHARE,
                password=make_password(None),
            )
        )
    people = ctx.writer.create(User, people)
    by_unit: dict[int, list[int]] = {}
    pairs = []
    for index, person in enumerate(people):
        unit = units[index % len(units)]
        by_unit.setdefault(unit, []).append(person.pk)
        pairs.append((person.pk, unit))
    ctx.writer.link(User, "units", pairs)
    return by_unit


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


def _partners(ctx: Context, units: list[int]) -> list[int]:
    partners = []
    for number in range(1, ctx.plan.partners + 1):
        if ctx.rng.random() < 0.85:
            name, country, region = ctx.rng.choice(words.CITIES)
            kind = "city"
        else:
            kind, name = ctx.rng.choice(words.ORGANISATIONS)
            country = region = ""
        partners.append(
            Partner(
                name=f"{marks.NAME_PREFIX}{name} {number:05d}",
                kind=kind,
                country=country,
                region=region,
                website=f"https://partner-{number}.example.org",
                owner_unit_id=ctx.rng.choice(units),
            )
        )
    return [partner.pk for partner in ctx.writer.create(Partner, partners)]


def _calls(ctx: Context, units: list[int]) -> tuple[list[Call], list[Call]]:
    programmes = ctx.writer.create(
        Programme,
        [
            Programme(name=f"{marks.NAME_PREFIX}{name}", short_name=short, website="https://example.org")
            for name, short in words.PROGRAMMES[: ctx.plan.calls]
        ],
    )
    calls = []
    for number in range(1, ctx.plan.calls + 1):
        programme = ctx.rng.choice(programmes)
        # Most calls have closed; some close within the dashboard's 60 days, some later.
        deadline_day = ctx.weighted(
            {(-3 * 365, -1): 70, (1, 60): 15, (61, 365): 15},
        )
        deadline_date = ctx.days_from_today(*deadline_day)
        zone = ctx.weighted(DEADLINE_ZONES)
        deadline = datetime.datetime.combine(deadline_date, datetime.time(17), zoneinfo.ZoneInfo(zone))
        calls.append(
            Call(
                identifier=f"{marks.CALL_PREFIX}{programme.short_name}-{deadline_date.year}-{number:05d}",
                title=ctx.rng.choice(words.CALL_TOPICS),
                programme=programme,
                opens_at=deadline - datetime.timedelta(days=ctx.rng.randint(45, 200)),
                deadline=deadline,
                deadline_timezone=zone,
                indicative_budget=Decimal(ctx.rng.randrange(1_000_000, 100_000_000, 500_000)),
                owner_unit_id=ctx.rng.choice(units),
            )
        )
    calls = ctx.writer.create(Call, calls)
    open_calls = [call for call in calls if call.deadline >= ctx.now]
    return open_calls, [call for call in calls if call.deadline < ctx.now]
