"""Demo partnership register: the key partners the policy names (Tallinn, the Nordic and Baltic
capitals), an Asian partner for economic goals and UN agencies, with owners, goals, journals of
contacts, visits and meetings, and review dates spread so that some reviews are due and two overdue.

Dates, goals and contacts are illustrative, not the city's records.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from helsinki_intl.journal.models import JournalEntry
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

from .models import Partner, Partnership

D = datetime.date

PARTNERS = [
    # name, kind, country, region, website, owner unit
    ("Tallinn", "city", "EE", "baltic", "https://www.tallinn.ee", "strategia"),
    ("Stockholm", "city", "SE", "nordic", "https://start.stockholm", "strategia"),
    ("Oslo", "city", "NO", "nordic", "https://www.oslo.kommune.no", "kymp"),
    ("Copenhagen", "city", "DK", "nordic", "https://www.kk.dk", "elinkeino"),
    ("Reykjavik", "city", "IS", "nordic", "https://reykjavik.is", "kuva"),
    ("Riga", "city", "LV", "baltic", "https://www.riga.lv", "strategia"),
    ("Vilnius", "city", "LT", "baltic", "https://vilnius.lt", "sote"),
    ("Seoul", "city", "KR", "asia", "https://english.seoul.go.kr", "elinkeino"),
    ("UN-Habitat", "un_agency", "", "", "https://unhabitat.org", "strategia"),
    ("UNICEF", "un_agency", "", "", "https://www.unicef.org", "kasko"),
]


@dataclass
class DemoPartnership:
    partner: str
    owner: str
    responsible: str
    type: str
    status: str
    cooperation: list[str]
    themes: str
    review_in_days: int | None
    start: datetime.date | None = None
    end: datetime.date | None = None
    description: str = ""
    priorities: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    goals: list[tuple[str, str, str]] = field(default_factory=list)
    # date (or days from today for a planned meeting), kind, participants, summary, follow-up
    contacts: list[tuple[datetime.date | int, str, str, str, str]] = field(default_factory=list)


PARTNERSHIPS = [
    DemoPartnership(
        "Tallinn",
        "strategia",
        "strategy",
        "twin_city",
        "active",
        ["information_exchange", "project_cooperation", "joint_advocacy"],
        "FinEst twin-city area: commuting, business, smart city, culture",
        review_in_days=25,
        start=D(2018, 1, 1),
        description=(
            "The twin-city agreement of 2018, renewed in April 2022, developed towards concrete joint "
            "projects: the FinEst twin-city cooperation of the two capitals across the Gulf of Finland."
        ),
        priorities=["economy", "talent", "liveable"],
        sdgs=[8, 9, 11, 17],
        goals=[
            (
                "Turn the twin-city relationship into concrete joint projects",
                "Two joint projects under way each year",
                "Joint projects running",
            ),
            (
                "Make commuting and doing business across the gulf easier",
                "Common measures in the FinEst twin-city action plan",
                "Measures carried out",
            ),
        ],
        contacts=[
            (
                D(2022, 4, 8),
                "meeting",
                "The mayors of Helsinki and Tallinn",
                "The twin-city agreement was renewed with a focus on joint projects.",
                "Draft a joint action plan.",
            ),
            (
                D(2023, 9, 14),
                "visit",
                "Strategy Department, Tallinn City Office",
                "Study visit on the cities' digital services and the FinEst smart city results.",
                "Share the results with Forum Virium.",
            ),
            (
                D(2024, 3, 5),
                "contact",
                "International affairs of both cities",
                "Agreed the themes of the year: commuting data and culture exchange.",
                "",
            ),
            (
                30,
                "meeting",
                "The mayors and deputy mayors of both cities",
                "Annual twin-city meeting: progress of the joint projects.",
                "Prepare a progress report.",
            ),
        ],
    ),
    DemoPartnership(
        "Stockholm",
        "strategia",
        "strategy",
        "thematic",
        "active",
        ["information_exchange", "joint_advocacy"],
        "Nordic capitals' cooperation on climate and talent attraction",
        review_in_days=-20,
        start=D(2015, 1, 1),
        priorities=["climate", "talent"],
        sdgs=[11, 13, 17],
        goals=[
            (
                "Joint Nordic capitals' messages to EU climate policy",
                "One joint statement a year",
                "Statements published",
            )
        ],
        contacts=[
            (
                D(2024, 8, 27),
                "meeting",
                "Mayors of the Nordic capitals",
                "Nordic capitals' mayors' meeting on climate neutrality and talent.",
                "Prepare a joint statement before the climate conference.",
            )
        ],
    ),
    DemoPartnership(
        "Oslo",
        "kymp",
        "urban",
        "thematic",
        "active",
        ["information_exchange", "project_cooperation"],
        "Emission-free construction sites and climate budgeting",
        review_in_days=90,
        start=D(2019, 6, 1),
        priorities=["climate"],
        sdgs=[9, 11, 13],
        goals=[
            (
                "Learn from Oslo's emission-free construction sites",
                "Criteria in the city's procurement",
                "Procurements with the criteria",
            )
        ],
        contacts=[
            (
                D(2024, 5, 16),
                "visit",
                "Urban Environment Division",
                "Visit to emission-free construction sites in Oslo.",
                "Pilot the criteria in two procurements.",
            )
        ],
    ),
    DemoPartnership(
        "Copenhagen",
        "elinkeino",
        "coordinator",
        "thematic",
        "active",
        ["information_exchange"],
        "International talent attraction and retention",
        review_in_days=15,
        start=D(2021, 9, 1),
        priorities=["talent", "economy"],
        sdgs=[8],
        goals=[
            (
                "Share ways to keep international talent in the capital",
                "Two exchanges a year",
                "Exchanges held",
            )
        ],
    ),
    DemoPartnership(
        "Reykjavik",
        "kuva",
        "culture",
        "thematic",
        "dormant",
        ["information_exchange"],
        "Libraries and city culture",
        review_in_days=-5,
        start=D(2017, 1, 1),
        description="Quiet since 2023; to be reviewed whether to revive or end.",
        priorities=["liveable"],
        sdgs=[4, 11],
        goals=[("Exchange on library services", "One exchange a year", "Exchanges held")],
    ),
    DemoPartnership(
        "Riga",
        "strategia",
        "strategy",
        "thematic",
        "active",
        ["information_exchange"],
        "Nordic-Baltic cooperation: Baltic Sea security",
        review_in_days=200,
        start=D(2022, 3, 15),
        description="Information exchange on security in the Baltic Sea region since the war in Ukraine.",
        priorities=["liveable"],
        sdgs=[16, 17],
        goals=[
            (
                "Regular information exchange on Baltic Sea security",
                "Quarterly contacts",
                "Contacts held",
            )
        ],
        contacts=[
            (
                D(2024, 10, 10),
                "meeting",
                "Nordic-Baltic capitals' mayors",
                "Nordic-Baltic mayors' meeting on preparedness and security of supply.",
                "",
            )
        ],
    ),
    DemoPartnership(
        "Vilnius",
        "sote",
        "laura.makinen",
        "thematic",
        "active",
        ["information_exchange", "joint_advocacy"],
        "Nordic-Baltic cooperation: the refugee crisis",
        review_in_days=40,
        start=D(2022, 4, 1),
        description="Reception and integration of people fleeing the war in Ukraine.",
        priorities=["segregation"],
        sdgs=[10, 16],
        goals=[
            (
                "Share practice in receiving refugees from Ukraine",
                "Two exchanges a year",
                "Exchanges held",
            )
        ],
    ),
    DemoPartnership(
        "Seoul",
        "elinkeino",
        "coordinator",
        "project_based",
        "explored",
        ["project_cooperation"],
        "Investment and talent attraction",
        review_in_days=None,
        description="A partner in Asia for economic goals, explored with Helsinki Partners.",
        priorities=["economy", "talent"],
        sdgs=[8, 9],
        contacts=[
            (
                D(2024, 11, 20),
                "contact",
                "Economic Development Department, Seoul Business Agency",
                "First talks on a joint start-up and investment programme.",
                "Propose a pilot project.",
            )
        ],
    ),
    DemoPartnership(
        "UN-Habitat",
        "strategia",
        "strategy",
        "project_based",
        "active",
        ["information_exchange", "joint_advocacy"],
        "Voluntary Local Review of the Agenda 2030",
        review_in_days=10,
        start=D(2019, 7, 1),
        description="Helsinki reports its local implementation of the SDGs in Voluntary Local Reviews.",
        priorities=["climate", "segregation"],
        sdgs=[11, 17],
        goals=[
            (
                "Publish the next Voluntary Local Review",
                "Review presented at the UN High-Level Political Forum",
                "Reviews published",
            )
        ],
    ),
    DemoPartnership(
        "UNICEF",
        "kasko",
        "jukka.lehtonen",
        "project_based",
        "active",
        ["project_cooperation"],
        "The Child Friendly City model",
        review_in_days=300,
        start=D(2020, 1, 1),
        priorities=["segregation", "liveable"],
        sdgs=[4, 10, 16],
        goals=[
            (
                "Keep the Child Friendly City recognition",
                "The model's measures carried out",
                "Measures carried out",
            )
        ],
    ),
]


def load() -> None:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    for name, kind, country, region, website, owner in PARTNERS:
        if Partner.objects.filter(name=name).exists():
            continue
        partner = Partner(
            name=name, kind=kind, country=country, region=region, website=website, owner_unit=units[owner]
        )
        partner.full_clean()
        partner.save()
    period = StrategyPeriod.objects.get(name="2021–2025")
    for demo in PARTNERSHIPS:
        _load_partnership(demo, units, period)


def _load_partnership(demo: DemoPartnership, units, period) -> None:
    partner = Partner.objects.get(name=demo.partner)
    if Partnership.objects.filter(partner=partner).exists():
        return
    today = timezone.localdate()
    partnership = Partnership(
        partner=partner,
        owner_unit=units[demo.owner],
        responsible_person=User.objects.get(username=demo.responsible),
        type=demo.type,
        themes=demo.themes,
        status=demo.status,
        start_date=demo.start,
        end_date=demo.end,
        description=demo.description,
        next_review_due=today + datetime.timedelta(days=demo.review_in_days)
        if demo.review_in_days is not None
        else None,
        **dict.fromkeys(demo.cooperation, True),
    )
    if demo.type == Partnership.Type.TWIN_CITY:
        # An existing relationship from before the policy: saved as it stands, then checked.
        partnership.save()
        partnership.full_clean()
    else:
        partnership.full_clean()
        partnership.save()
    partnership.priorities.set(Priority.objects.filter(period=period, code__in=demo.priorities))
    partnership.sdgs.set(SDG.objects.filter(number__in=demo.sdgs))
    _note_status(partnership, today)
    for order, (title, target, indicator) in enumerate(demo.goals):
        partnership.goals.create(title=title, target=target, indicator=indicator, order=order)
    content_type = ContentType.objects.get_for_model(Partnership)
    for when, kind, participants, summary, follow_up in demo.contacts:
        entry = JournalEntry(
            content_type=content_type,
            object_id=partnership.pk,
            date=today + datetime.timedelta(days=when) if isinstance(when, int) else when,
            kind=kind,
            participants=participants,
            text=f"{summary}\n\n→ {follow_up}" if follow_up else summary,
            author=partnership.responsible_person,
        )
        entry.full_clean()
        entry.save()


def _note_status(partnership: Partnership, today: datetime.date) -> None:
    """The partnership's timeline: one that is only explored began in the portal today; the others
    reached their status before the portal kept timelines, on their start or end date."""
    day = {"active": partnership.start_date, "ended": partnership.end_date}.get(partnership.status)
    partnership.status_changes.create(
        status=partnership.status,
        changed_on=day or today,
        changed_by=partnership.responsible_person
        if partnership.status == Partnership.Status.EXPLORED
        else None,
        predates_portal=partnership.status != Partnership.Status.EXPLORED,
    )
