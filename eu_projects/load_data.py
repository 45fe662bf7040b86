"""The EU funding register's part of the load data: programmes and calls, and applications with
their status timelines and the co-financing appropriations they draw on."""

import datetime
import math
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from helsinki_intl.demo.load import marks, words
from helsinki_intl.demo.load.cleanup import Generated, purge
from helsinki_intl.demo.load.context import Context
from helsinki_intl.demo.load.plan import RegisterLoad
from helsinki_intl.demo.load.reference import Reference

from .models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme

PER_SCALE_UNIT = {"calls": 20, "applications": 200}
DEADLINE_ZONES = {"Europe/Brussels": 85, "Europe/Helsinki": 10, "Europe/Paris": 5}

Status = Application.Status
CoFinancing = Application.CoFinancing
STATUSES = {
    Status.IDEA: 10,
    Status.PREPARING: 15,
    Status.SUBMITTED: 15,
    Status.GRANTED: 10,
    Status.REJECTED: 20,
    Status.WITHDRAWN: 5,
    Status.RUNNING: 15,
    Status.CLOSED: 10,
}
# The status before the current one, for the timeline's second row.
PREVIOUS = {
    Status.PREPARING: Status.IDEA,
    Status.SUBMITTED: Status.PREPARING,
    Status.GRANTED: Status.SUBMITTED,
    Status.REJECTED: Status.SUBMITTED,
    Status.WITHDRAWN: Status.PREPARING,
    Status.RUNNING: Status.GRANTED,
    Status.CLOSED: Status.RUNNING,
}
# Days from the previous status to the current one.
STEP_DAYS = {
    Status.PREPARING: (20, 200),
    Status.SUBMITTED: (30, 200),
    Status.GRANTED: (90, 200),
    Status.REJECTED: (90, 200),
    Status.WITHDRAWN: (10, 300),
    Status.RUNNING: (30, 120),
    Status.CLOSED: (700, 1100),
}
APPROPRIATION_HEADROOM = 1.25
APPROPRIATION_STEP = 100_000


@dataclass(frozen=True)
class Calls:
    open: list[Call]
    closed: list[Call]


def reference(ctx: Context, ref: Reference) -> Calls:
    return Calls(*_calls(ctx, ref.units))


def generate(ctx: Context, ref: Reference, calls: Calls) -> None:
    drawn = _AppropriationDraw(ctx)
    planned = [_application(ctx, ref, calls, number, drawn) for number in range(1, ctx.plan.applications + 1)]
    drawn.create_missing()
    applications = ctx.writer.create(Application, [application for application, _ in planned])
    changes = []
    for application, timeline in zip(applications, [timeline for _, timeline in planned], strict=True):
        changes += [
            ApplicationStatusChange(
                application=application,
                status=status,
                changed_on=day,
                changed_by_id=application.responsible_person_id,
            )
            for status, day in timeline
        ]
    ctx.writer.create(ApplicationStatusChange, changes)
    priorities, sdgs, topics = [], [], []
    for application in applications:
        priorities += [(application.pk, pk) for pk in ctx.sample(ref.priorities, most=2, least=1)]
        sdgs += [(application.pk, pk) for pk in ctx.sample(ref.sdgs, most=3, least=1)]
        if ctx.rng.random() < 0.3:
            topics += [(application.pk, pk) for pk in ctx.sample(ref.advocacy_topics, most=1, least=1)]
    ctx.writer.link(Application, "priorities", priorities)
    ctx.writer.link(Application, "sdgs", sdgs)
    ctx.writer.link(Application, "advocacy_topics", topics)


def _application(ctx: Context, ref: Reference, calls: Calls, number: int, drawn: "_AppropriationDraw"):
    status = ctx.weighted(STATUSES)
    submitted = status in Application.SUBMITTED_STATUSES
    # A submitted application names its call; one withdrawn may have been, so it names one too.
    if submitted or status == Status.WITHDRAWN:
        call = ctx.rng.choice(calls.closed or calls.open)
    else:
        call = ctx.rng.choice(calls.open or calls.closed) if ctx.rng.random() < 0.8 else None
    timeline = _timeline(ctx, status, call)
    year = min(max(timeline[-1][1].year, ctx.today.year - 4), ctx.today.year + 1)
    unit = ctx.rng.choice(ref.units)
    topic = ctx.rng.choice(words.CALL_TOPICS)
    application = Application(
        owner_unit_id=unit,
        responsible_person_id=ref.person_in(ctx, unit),
        project_name=f"{marks.NAME_PREFIX}{topic} {number:05d}",
        acronym="".join(word[0] for word in topic.split()).upper() + str(number),
        call=call,
        role=Application.Role.COORDINATOR if ctx.rng.random() < 0.3 else Application.Role.PARTNER,
        partner_organisations="\n".join(city for city, _, _ in ctx.sample(words.CITIES, most=4, least=1)),
        status=status,
    )
    _set_amounts(ctx, application, year, drawn)
    return application, timeline


def _timeline(ctx: Context, status: str, call) -> list[tuple[str, datetime.date]]:
    """The current status and the one before it, each with the day it was reached."""
    if status in (Status.SUBMITTED, Status.GRANTED, Status.REJECTED, Status.RUNNING, Status.CLOSED):
        # Applications are submitted in the last days before the call's deadline.
        submitted_on = call.deadline.date() - datetime.timedelta(days=ctx.rng.randint(0, 5))
        days = [(Status.SUBMITTED, min(submitted_on, ctx.today))]
        decided = Status.GRANTED if status in Application.GRANTED_STATUSES else Status.REJECTED
        while days[-1][0] != status:
            following = {
                Status.SUBMITTED: decided,
                Status.GRANTED: Status.RUNNING,
                Status.RUNNING: Status.CLOSED,
            }[days[-1][0]]
            step = datetime.timedelta(days=ctx.rng.randint(*STEP_DAYS[following]))
            days.append((following, min(days[-1][1] + step, ctx.today)))
        if len(days) == 1:
            step = datetime.timedelta(days=ctx.rng.randint(*STEP_DAYS[Status.SUBMITTED]))
            days.insert(0, (Status.PREPARING, days[0][1] - step))
        return days[-2:]
    current = ctx.days_from_today(-700 if status == Status.WITHDRAWN else -200, -1)
    if status not in PREVIOUS:
        return [(status, current)]
    before = current - datetime.timedelta(days=ctx.rng.randint(*STEP_DAYS[status]))
    return [(PREVIOUS[status], before), (status, current)]


def _round(amount: int) -> Decimal:
    return Decimal(amount // 1000 * 1000)


def _set_amounts(ctx: Context, application: Application, year: int, drawn: "_AppropriationDraw") -> None:
    """Budgets that keep the rules: granted within requested, the city's share within the total,
    the co-financing within the city's share and the year's appropriation."""
    if application.status == Status.IDEA and ctx.rng.random() < 0.5:
        return
    rng = ctx.rng
    total = rng.randrange(200_000, 20_000_000, 10_000)
    city = _round(total * rng.randint(5, 40) // 100)
    application.total_budget = Decimal(total)
    application.city_budget = city
    application.eu_grant_requested = _round(total * rng.randint(50, 80) // 100)
    if rng.random() < 0.7:
        application.cofinancing_requested = _round(int(city) * rng.randint(10, 30) // 100)
        application.cofinancing_year = year
    if application.cofinancing_requested is not None:
        declined = application.status == Status.REJECTED and rng.random() < 0.5
        application.cofinancing_decision = CoFinancing.DECLINED if declined else CoFinancing.REQUESTED
    if application.status not in Application.GRANTED_STATUSES:
        return
    application.eu_grant_granted = _round(int(application.eu_grant_requested) * rng.randint(80, 100) // 100)
    if application.cofinancing_requested is not None:
        granted = _round(int(application.cofinancing_requested) * rng.randint(50, 100) // 100)
        if drawn.draw(year, granted):
            application.cofinancing_granted = granted
            application.cofinancing_decision = CoFinancing.GRANTED
            application.decision_reference = ctx.decision_number(year)


class _AppropriationDraw:
    """What the generated grants take from each year's appropriation.

    A year that has an appropriation gives only what it has left; a year without one gets a
    generated appropriation large enough for what was granted from it.
    """

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.left = {row.year: row.left for row in CoFinancingAppropriation.objects.with_balance()}
        self.granted: dict[int, Decimal] = {}

    def draw(self, year: int, amount: Decimal) -> bool:
        if year in self.left:
            if amount > self.left[year]:
                return False
            self.left[year] -= amount
        self.granted[year] = self.granted.get(year, Decimal(0)) + amount
        return True

    def create_missing(self) -> None:
        # Every year an application may name: requested co-financing needs the year's appropriation too.
        years = set(range(self.ctx.today.year - 4, self.ctx.today.year + 2)) - set(self.left)
        appropriations = []
        for year in sorted(years):
            needed = float(self.granted.get(year, 0)) * APPROPRIATION_HEADROOM
            amount = max(10, math.ceil(needed / APPROPRIATION_STEP)) * APPROPRIATION_STEP
            appropriations.append(
                CoFinancingAppropriation(
                    year=year,
                    amount=Decimal(amount),
                    decision_reference=self.ctx.decision_number(year - 1),
                    notes=marks.APPROPRIATION_NOTE,
                )
            )
        self.ctx.writer.create(CoFinancingAppropriation, appropriations)


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


def generated_programmes_present() -> bool:
    return (
        Programme.objects.filter(name__startswith=marks.NAME_PREFIX).exists()
        or CoFinancingAppropriation.objects.filter(notes=marks.APPROPRIATION_NOTE).exists()
    )


def delete_generated(generated: Generated) -> None:
    owned = generated.owned
    programmes = Programme.objects.filter(name__startswith=marks.NAME_PREFIX)
    calls = Call.objects.filter(owned | Q(programme__in=programmes))
    applications = Application.objects.filter(owned | Q(call__in=calls))
    purge(ApplicationStatusChange, Q(application__in=applications))
    purge(Application, owned | Q(call__in=calls))
    # An appropriation made for a year that other applications have come to use stays.
    years_in_use = Application.objects.filter(cofinancing_year__isnull=False).values("cofinancing_year")
    purge(CoFinancingAppropriation, Q(notes=marks.APPROPRIATION_NOTE) & ~Q(year__in=years_in_use))
    purge(Call, owned | Q(programme__in=programmes))
    purge(Programme, Q(name__startswith=marks.NAME_PREFIX))


LOAD_DATA = RegisterLoad(
    per_scale_unit=PER_SCALE_UNIT,
    reference=reference,
    generate=generate,
    delete_generated=delete_generated,
    is_present=generated_programmes_present,
)
