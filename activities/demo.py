"""Demo planned activities: a trade mission led by the mayor, a study visit and a delegation in the
same weeks to the same city (so that the synergies show), a campaign online, a conference done and
waiting for its report, one reported and one cancelled, each with the timeline of its steps.

Dates are relative to today so that the calendar's current month has activities and the report
reminder has an activity to remind of; the places and names are illustrative.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from helsinki_intl.links.services import record_links_named
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

from .models import Activity, ActivityStatusChange

MEMBERSHIP, PARTNER, APPLICATION = "networks.membership", "partnerships.partner", "eu_projects.application"

Status = Activity.Status
# The steps of `activities.process` that lead to each status, in order.
PATH = {
    Status.PLANNED: [],
    Status.CONFIRMED: [Status.CONFIRMED],
    Status.DONE: [Status.CONFIRMED, Status.DONE],
    Status.REPORTED: [Status.CONFIRMED, Status.DONE, Status.REPORTED],
    Status.CANCELLED: [Status.CANCELLED],
}


@dataclass
class DemoActivity:
    title: str
    kind: str
    owner: str
    responsible: str
    status: str
    starts_in_days: int
    days: int
    city: str = ""
    country: str = ""
    online: bool = False
    participating: list[str] = field(default_factory=list)
    leadership: str = "none"
    target_groups: list[str] = field(default_factory=list)
    target_markets: str = ""
    description: str = ""
    report: tuple[str, str, str] = ("", "", "")
    priorities: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    serves: list[tuple[str, str]] = field(default_factory=list)
    """What it serves, as (model, name as the model's lookup reads it)."""


ACTIVITIES = [
    DemoActivity(
        "Helsinki business delegation to Stockholm Tech Week",
        "trade_mission",
        "elinkeino",
        "coordinator",
        "confirmed",
        starts_in_days=12,
        days=3,
        city="Stockholm",
        country="SE",
        participating=["helsinki-partners", "forum-virium"],
        leadership="mayor",
        target_groups=["for_companies", "for_talent"],
        target_markets="Sweden, the Nordic countries",
        description="The mayor opens the Helsinki day; growth companies meet Nordic investors.",
        serves=[(PARTNER, "Stockholm")],
        priorities=["economy", "talent"],
        sdgs=[8, 9],
    ),
    DemoActivity(
        "Study visit to Stockholm's climate-neutral districts",
        "study_visit",
        "kymp",
        "urban",
        "planned",
        starts_in_days=20,
        days=2,
        city="Stockholm",
        country="SE",
        target_groups=["for_decision_makers"],
        description="Planners see Norra Djurgårdsstaden and meet the city's climate office.",
        priorities=["climate"],
        sdgs=[11, 13],
    ),
    DemoActivity(
        "Delegation from Gothenburg on school catering",
        "incoming_delegation",
        "kasko",
        "jukka.lehtonen",
        "planned",
        starts_in_days=40,
        days=1,
        city="Gothenburg",
        country="SE",
        target_groups=["for_decision_makers"],
        priorities=["liveable"],
        sdgs=[2, 4],
    ),
    DemoActivity(
        "Work in Helsinki talent campaign",
        "campaign",
        "helsinki-partners",
        "sofia.andersson",
        "confirmed",
        starts_in_days=5,
        days=30,
        online=True,
        target_groups=["for_talent"],
        target_markets="India, Brazil, the EU",
        description="Online campaign for software and health-care professionals.",
        priorities=["talent"],
        sdgs=[8],
    ),
    DemoActivity(
        "Eurocities annual conference",
        "conference",
        "strategia",
        "coordinator",
        "done",
        starts_in_days=-20,
        days=3,
        city="Braga",
        country="PT",
        participating=["kymp"],
        leadership="deputy_mayor",
        target_groups=["for_decision_makers"],
        priorities=["climate", "liveable"],
        sdgs=[11, 17],
        serves=[
            (MEMBERSHIP, "Eurocities (strategia)"),
            (APPLICATION, "Culture for climate action (CULT4CLIM)"),
        ],
    ),
    DemoActivity(
        "Smart city mission to Seoul",
        "trade_mission",
        "forum-virium",
        "tuomas.salo",
        "reported",
        starts_in_days=-90,
        days=5,
        city="Seoul",
        country="KR",
        participating=["elinkeino"],
        target_groups=["for_companies", "for_decision_makers"],
        target_markets="South Korea",
        report=(
            "Two pilot agreements between Helsinki companies and Seoul's digital agency.",
            "Seoul Digital Foundation; KOTRA Helsinki office.",
            "Forum Virium hosts a return visit next spring.",
        ),
        priorities=["economy"],
        sdgs=[9, 11],
    ),
    DemoActivity(
        "Deputy mayor's EU advocacy visit to Brussels",
        "visit_abroad",
        "strategia",
        "coordinator",
        "planned",
        starts_in_days=35,
        days=2,
        city="Brussels",
        country="BE",
        leadership="deputy_mayor",
        target_groups=["for_decision_makers"],
        description="Meetings with the Commission and the Eurocities secretariat on the cohesion policy.",
        priorities=["economy"],
        sdgs=[17],
        serves=[(MEMBERSHIP, "Eurocities (strategia)")],
    ),
    DemoActivity(
        "Culture exchange tour to Reykjavik",
        "visit_abroad",
        "kuva",
        "culture",
        "cancelled",
        starts_in_days=60,
        days=4,
        city="Reykjavik",
        country="IS",
        target_groups=["for_visitors"],
        priorities=["liveable"],
        sdgs=[11],
    ),
]


def load() -> None:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    period = StrategyPeriod.objects.get(name="2021–2025")
    today = timezone.localdate()
    for demo in ACTIVITIES:
        if Activity.objects.filter(title=demo.title).exists():
            continue
        _create_activity(demo, units, period, today)


def _create_activity(demo: DemoActivity, units, period, today: datetime.date) -> None:
    starts_on = today + datetime.timedelta(days=demo.starts_in_days)
    outcomes, contacts, follow_up = demo.report
    activity = Activity(
        title=demo.title,
        kind=demo.kind,
        owner_unit=units[demo.owner],
        responsible_person=User.objects.get(username=demo.responsible),
        status=demo.status,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=demo.days - 1),
        city=demo.city,
        country=demo.country,
        online=demo.online,
        city_leadership=demo.leadership,
        target_markets=demo.target_markets,
        description=demo.description,
        report_outcomes=outcomes,
        report_contacts=contacts,
        report_follow_up=follow_up,
        **{name: name in demo.target_groups for name in Activity.TARGET_GROUP_FIELDS},
    )
    activity.full_clean()
    activity.save()
    _note_timeline(activity, today)
    activity.participating_units.set([units[code] for code in demo.participating])
    activity.priorities.set(Priority.objects.filter(period=period, code__in=demo.priorities))
    activity.sdgs.set(SDG.objects.filter(number__in=demo.sdgs))
    record_links_named(record=activity, named=demo.serves, by=activity.responsible_person)


def _note_timeline(activity: Activity, today: datetime.date) -> None:
    """The steps that brought the activity to its status: confirmed a month before it starts (or
    today), done on its last day, reported a week after."""
    days = {
        Status.CONFIRMED: min(activity.starts_on - datetime.timedelta(days=30), today),
        Status.DONE: min(activity.ends_on, today),
        Status.REPORTED: min(activity.ends_on + datetime.timedelta(days=7), today),
        Status.CANCELLED: today,
    }
    previous = Status.PLANNED
    ActivityStatusChange.objects.create(
        activity=activity,
        status=previous,
        changed_on=min(activity.starts_on - datetime.timedelta(days=60), today),
        changed_by=activity.responsible_person,
    )
    for status in PATH[activity.status]:
        ActivityStatusChange.objects.create(
            activity=activity,
            from_status=previous,
            status=status,
            changed_on=days[status],
            changed_by=activity.responsible_person,
        )
        previous = status
