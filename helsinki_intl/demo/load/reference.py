"""The reference data every register's generated records point at, growing with the scale.

Organisation units and people are generated; the strategy period with its priorities, the SDGs
and the advocacy topics are the ones in the database (the strategy demo data is loaded first
when there is no period with priorities). The registers generate their own reference data
(networks, partners, programmes and calls) in their `load_data.py`.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy import demo as strategy_demo
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, StrategyPeriod

from . import marks, words
from .context import Context

UNIT_KINDS = {"division": 25, "department": 35, "enterprise": 10, "company": 25, "other": 5}
LANGUAGES = {"fi": 70, "sv": 15, "en": 15}
INACTIVE_UNIT_SHARE = 0.03
FORMER_STAFF_SHARE = 0.05


@dataclass
class Reference:
    units: list[int]
    people: list[int]
    people_by_unit: dict[int, list[int]]
    priorities: list[int]
    sdgs: list[int]
    advocacy_topics: list[int]
    period: StrategyPeriod

    def person_in(self, ctx: Context, unit: int) -> int:
        """Someone of the unit (anyone when the unit has nobody): responsible people belong to the owner."""
        return ctx.rng.choice(self.people_by_unit.get(unit) or self.people)


def generate(ctx: Context) -> Reference:
    period = _strategy_period()
    units = _units(ctx)
    people_by_unit = _people(ctx, units)
    return Reference(
        units=units,
        people=[person for members in people_by_unit.values() for person in members],
        people_by_unit=people_by_unit,
        priorities=list(period.priorities.values_list("pk", flat=True)),
        sdgs=list(SDG.objects.values_list("pk", flat=True)),
        advocacy_topics=list(AdvocacyTopic.objects.values_list("pk", flat=True)),
        period=period,
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
