"""Demo EU funding register: the programmes the city follows, a dozen calls with deadlines
around today, the central project appropriations of this year and last, and applications in
every status with their status timelines; one of them, without a call, names a programme the
register lacks, for international affairs' panel on the dashboard.

Call identifiers follow the EU funding portal's style; budgets, grants and decision numbers
are illustrative, not the city's figures.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from helsinki_intl.links.services import record_links_named
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, Priority, StrategyPeriod

from .models import (
    Application,
    ApplicationStatusChange,
    Call,
    CoFinancingAppropriation,
    CoFinancingChange,
    Programme,
)

PROGRAMMES = [
    # name, short name, website, description
    (
        "Horizon Europe",
        "HE",
        "https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/funding-programmes-and-open-calls/horizon-europe_en",
        "The EU's research and innovation programme, including the mission for 100 climate-neutral cities.",
    ),
    ("LIFE", "LIFE", "https://cinea.ec.europa.eu/programmes/life_en", "Environment and climate action."),
    (
        "Interreg Baltic Sea Region",
        "BSR",
        "https://interreg-baltic.eu",
        "Transnational cooperation around the Baltic Sea.",
    ),
    (
        "Interreg Central Baltic",
        "CB",
        "https://centralbaltic.eu",
        "Cross-border cooperation of Finland, Estonia, Latvia and Sweden; up to 4 M€ a project.",
    ),
    ("URBACT IV", "URBACT", "https://urbact.eu", "Networks of cities for integrated urban development."),
    (
        "European Urban Initiative",
        "EUI",
        "https://www.urban-initiative.eu",
        "Innovative actions and capacity building for cities.",
    ),
    (
        "Digital Europe",
        "DIGITAL",
        "https://digital-strategy.ec.europa.eu/en/activities/digital-programme",
        "Digital capacity: data spaces, AI, local digital twins.",
    ),
    (
        "Connecting Europe Facility",
        "CEF",
        "https://cinea.ec.europa.eu/programmes/connecting-europe-facility_en",
        "Transport, energy and digital infrastructure.",
    ),
    ("Erasmus+", "Erasmus+", "https://erasmus-plus.ec.europa.eu", "Education, training, youth and sport."),
    (
        "Citizens, Equality, Rights and Values",
        "CERV",
        "https://commission.europa.eu/funding-tenders/find-funding/eu-funding-programmes/citizens-equality-rights-and-values-programme_en",
        "Town twinning, networks of towns, citizens' engagement.",
    ),
    (
        "Asylum, Migration and Integration Fund",
        "AMIF",
        "https://home-affairs.ec.europa.eu/funding/asylum-migration-and-integration-funds_en",
        "Integration of third-country nationals.",
    ),
    (
        "European Social Fund Plus",
        "ESF+",
        "https://european-social-fund-plus.ec.europa.eu",
        "Employment, skills and social inclusion.",
    ),
    (
        "EU4Health",
        "EU4H",
        "https://health.ec.europa.eu/funding/eu4health-programme-2021-2027_en",
        "Public health.",
    ),
]


@dataclass
class DemoCall:
    identifier: str
    title: str
    programme: str
    opens_in_days: int
    deadline_in_days: int
    budget: str | None = None
    owner: str = "strategia"
    deadline_timezone: str = "Europe/Brussels"


CALLS = [
    DemoCall(
        "HORIZON-CL5-2026-09-D4-03",
        "Positive energy districts in climate-neutral cities",
        "Horizon Europe",
        -75,
        45,
        "30000000",
        "kymp",
    ),
    DemoCall(
        "HORIZON-MISS-2026-01-CIT-02",
        "Climate-neutral and smart cities: pilot cities for systemic transformation",
        "Horizon Europe",
        -60,
        20,
        "36000000",
        "kymp",
    ),
    DemoCall(
        "LIFE-2026-CET-LOCAL",
        "Technical assistance for local clean energy transition plans",
        "LIFE",
        -30,
        58,
        "12000000",
        "kymp",
    ),
    DemoCall(
        "EUI-IA-2026-04",
        "European Urban Initiative – Innovative Actions, fourth call",
        "European Urban Initiative",
        -40,
        35,
        "120000000",
    ),
    DemoCall(
        "ERASMUS-EDU-2026-PEX-COVE",
        "Partnerships for Excellence – Centres of Vocational Excellence",
        "Erasmus+",
        -90,
        10,
        "55000000",
        "kasko",
    ),
    DemoCall(
        "EU4H-2026-PJ-03",
        "Mental health of children and young people in cities",
        "EU4Health",
        -20,
        55,
        "8000000",
        "sote",
    ),
    DemoCall(
        "CB-2026-4",
        "Interreg Central Baltic, fourth call for regular projects",
        "Interreg Central Baltic",
        30,
        120,
        "25000000",
        "elinkeino",
        "Europe/Helsinki",
    ),
    DemoCall(
        "CERV-2026-CITIZENS-TOWN-NT",
        "Networks of towns",
        "Citizens, Equality, Rights and Values",
        15,
        90,
        "5000000",
    ),
    DemoCall(
        "CB-2025-3",
        "Interreg Central Baltic, third call for regular projects",
        "Interreg Central Baltic",
        -420,
        -300,
        "30000000",
        "elinkeino",
        "Europe/Helsinki",
    ),
    DemoCall(
        "BSR-2025-CORE-4",
        "Interreg Baltic Sea Region, fourth call for core projects",
        "Interreg Baltic Sea Region",
        -330,
        -240,
        "40000000",
        "kymp",
    ),
    DemoCall(
        "URBACT-IV-APN-2024",
        "URBACT IV Action Planning Networks",
        "URBACT IV",
        -760,
        -640,
        "25000000",
        "strategia",
        "Europe/Paris",
    ),
    DemoCall(
        "DIGITAL-2025-CLOUD-AI-08-DATACITIES",
        "Data spaces for smart communities and local digital twins",
        "Digital Europe",
        -540,
        -450,
        "30000000",
        "forum-virium",
    ),
    DemoCall(
        "CEF-T-2025-AFIFGEN",
        "Alternative Fuels Infrastructure Facility",
        "Connecting Europe Facility",
        -300,
        -150,
        "1000000000",
        "kymp",
    ),
    DemoCall(
        "AMIF-2025-TF2-AG-INTE",
        "Integration and inclusion of third-country nationals",
        "Asylum, Migration and Integration Fund",
        -200,
        -90,
        "20000000",
        "sote",
    ),
]

APPROPRIATIONS = [
    # years before this one, amount, decision
    (1, "1200000.00", "HEL 2024-013562", "Approved in the city's budget for the year."),
    (0, "1500000.00", "HEL 2025-012930", "Approved in the city's budget for the year."),
]


@dataclass
class DemoApplication:
    project_name: str
    acronym: str
    call: str | None
    role: str
    owner: str
    responsible: str
    status: str
    timeline: list[tuple[str, int]]
    partners: list[str] = field(default_factory=list)
    total: str | None = None
    city: str | None = None
    eu_requested: str | None = None
    eu_granted: str | None = None
    cofinancing_requested: str | None = None
    cofinancing_granted: str | None = None
    years_ago: int = 0
    decision: str = ""
    cofinancing: str = ""
    """The co-financing decision; left empty, granted where an amount is granted, else requested."""
    priorities: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    programme: str = ""
    """The programme named by an application without a call, one that the register lacks."""
    came_through: list[tuple[str, str]] = field(default_factory=list)
    """The memberships and partners it came through: (model, name as its lookup reads it)."""


MEMBERSHIP, PARTNER = "networks.membership", "partnerships.partner"
FUNDING = "Cities' direct access to EU funding"
TALENT = "Mobility and integration of talent"
CLIMATE = "Climate-neutral and smart cities"

APPLICATIONS = [
    DemoApplication(
        "Nature-based stormwater solutions for Kalasatama",
        "KALA-NBS",
        "HORIZON-MISS-2026-01-CIT-02",
        "partner",
        "kymp",
        "urban",
        "idea",
        [("idea", -12)],
        partners=["Aarhus Kommune", "Gemeente Rotterdam"],
        priorities=["climate", "liveable"],
        sdgs=[6, 11, 13],
        topics=[CLIMATE],
    ),
    DemoApplication(
        "Networks of towns against loneliness",
        "",
        None,
        "partner",
        "kuva",
        "culture",
        "idea",
        [("idea", -5)],
        partners=["Tallinna Linnavalitsus", "Riga City Council"],
        priorities=["segregation"],
        sdgs=[10, 11],
    ),
    DemoApplication(
        "Positive energy district Malmi",
        "PED-Malmi",
        "HORIZON-CL5-2026-09-D4-03",
        "coordinator",
        "kymp",
        "urban",
        "preparing",
        [("idea", -120), ("preparing", -60)],
        partners=["VTT Technical Research Centre of Finland", "Helen Oy", "Stad Gent", "TU Delft"],
        total="9800000.00",
        city="1450000.00",
        eu_requested="7500000.00",
        cofinancing_requested="290000.00",
        priorities=["climate"],
        sdgs=[7, 11, 13],
        topics=[CLIMATE],
    ),
    DemoApplication(
        "Mental health first aid for young people",
        "YOUMIND",
        "EU4H-2026-PJ-03",
        "partner",
        "sote",
        "laura.makinen",
        "preparing",
        [("idea", -90), ("preparing", -30)],
        partners=["Region Stockholm", "Oslo kommune", "Mental Health Europe"],
        total="2400000.00",
        city="310000.00",
        eu_requested="1440000.00",
        cofinancing_requested="62000.00",
        years_ago=-1,  # next year's appropriation is not set yet: the request waits for it
        priorities=["liveable", "segregation"],
        sdgs=[3],
    ),
    DemoApplication(
        "Vocational excellence in green construction",
        "GREENCOVE",
        "ERASMUS-EDU-2026-PEX-COVE",
        "partner",
        "kasko",
        "jukka.lehtonen",
        "preparing",
        [("idea", -150), ("preparing", -70)],
        partners=[
            "Stadin ammatti- ja aikuisopisto",
            "Tallinn Polytechnic School",
            "Hamburg Institute for VET",
        ],
        total="4000000.00",
        city="380000.00",
        eu_requested="3200000.00",
        cofinancing_requested="76000.00",
        priorities=["talent", "climate"],
        sdgs=[4, 8],
        topics=[TALENT],
    ),
    DemoApplication(
        "Inclusive neighbourhoods through urban innovation",
        "INNOHOOD",
        "EUI-IA-2026-04",
        "coordinator",
        "strategia",
        "strategy",
        "submitted",
        [("idea", -200), ("preparing", -140), ("submitted", -3)],
        partners=["University of Helsinki", "Forum Virium Helsinki", "Y-Foundation"],
        total="5500000.00",
        city="5500000.00",
        eu_requested="4400000.00",
        cofinancing_requested="400000.00",
        priorities=["segregation", "liveable"],
        sdgs=[10, 11],
        topics=[FUNDING],
    ),
    DemoApplication(
        "Integration pathways for newcomers",
        "PATHWAYS",
        "AMIF-2025-TF2-AG-INTE",
        "partner",
        "sote",
        "laura.makinen",
        "submitted",
        [("idea", -260), ("preparing", -180), ("submitted", -92)],
        partners=["Stadt Wien", "Ajuntament de Barcelona", "Eurocities"],
        came_through=[(MEMBERSHIP, "Eurocities (strategia)")],
        total="1900000.00",
        city="240000.00",
        eu_requested="1710000.00",
        cofinancing_requested="24000.00",
        priorities=["talent", "segregation"],
        sdgs=[10, 16],
        topics=[TALENT],
    ),
    DemoApplication(
        "Green ports of Baltic Sea cities",
        "GREENPORTS",
        "BSR-2025-CORE-4",
        "partner",
        "kymp",
        "urban",
        "granted",
        [("idea", -400), ("preparing", -330), ("submitted", -240), ("granted", -40)],
        partners=["Port of Tallinn", "Stockholms Hamn", "City of Gdańsk", "Port of Helsinki"],
        total="3600000.00",
        city="420000.00",
        eu_requested="2880000.00",
        eu_granted="2880000.00",
        cofinancing_requested="84000.00",
        cofinancing_granted="84000.00",
        decision="HEL 2026-002154",
        priorities=["climate", "economy"],
        sdgs=[9, 13, 14],
        topics=[CLIMATE],
    ),
    DemoApplication(
        "Helsinki–Tallinn talent corridor",
        "TALCOR",
        "CB-2025-3",
        "coordinator",
        "elinkeino",
        "coordinator",
        "granted",
        [("idea", -520), ("preparing", -430), ("submitted", -300), ("granted", -25)],
        partners=["Tallinn Strategic Management Office", "Work in Estonia", "Helsinki Partners"],
        came_through=[(MEMBERSHIP, "Eurocities (strategia)"), (PARTNER, "Tallinn")],
        total="3900000.00",
        city="1150000.00",
        eu_requested="3120000.00",
        eu_granted="3000000.00",
        cofinancing_requested="230000.00",
        cofinancing_granted="220000.00",
        decision="HEL 2026-001187",
        priorities=["talent", "economy"],
        sdgs=[8, 17],
        topics=[TALENT, FUNDING],
    ),
    DemoApplication(
        "Culture for climate action",
        "CULT4CLIM",
        "URBACT-IV-APN-2024",
        "coordinator",
        "kuva",
        "culture",
        "running",
        [("idea", -820), ("preparing", -720), ("submitted", -640), ("granted", -520), ("running", -480)],
        partners=["Comune di Bologna", "Ciudad de Valencia", "Stad Leuven", "Grad Rijeka", "Tartu linn"],
        came_through=[(MEMBERSHIP, "Eurocities (strategia)")],
        total="780000.00",
        city="260000.00",
        eu_requested="624000.00",
        eu_granted="624000.00",
        cofinancing_requested="52000.00",
        cofinancing_granted="52000.00",
        years_ago=1,
        decision="HEL 2025-004471",
        priorities=["climate", "liveable"],
        sdgs=[11, 13],
    ),
    DemoApplication(
        "Smart communities data space",
        "DATACITIES",
        "DIGITAL-2025-CLOUD-AI-08-DATACITIES",
        "partner",
        "forum-virium",
        "tuomas.salo",
        "running",
        [("idea", -640), ("preparing", -560), ("submitted", -450), ("granted", -330), ("running", -300)],
        partners=["Open & Agile Smart Cities", "Gemeente Amsterdam", "Tampereen kaupunki"],
        total="8000000.00",
        city="600000.00",
        eu_requested="4000000.00",
        eu_granted="4000000.00",
        cofinancing_requested="120000.00",
        cofinancing_granted="120000.00",
        years_ago=1,
        decision="HEL 2025-006803",
        priorities=["economy"],
        sdgs=[9, 11],
        topics=[CLIMATE],
    ),
    DemoApplication(
        "Charging hubs for heavy transport",
        "HEAVYCHARGE",
        "CEF-T-2025-AFIFGEN",
        "partner",
        "kymp",
        "urban",
        "rejected",
        [("idea", -380), ("preparing", -300), ("submitted", -150), ("rejected", -30)],
        partners=["Finnish Transport Infrastructure Agency", "Helen Oy"],
        total="12000000.00",
        city="2000000.00",
        eu_requested="6000000.00",
        cofinancing_requested="400000.00",
        priorities=["climate"],
        sdgs=[7, 9],
    ),
    DemoApplication(
        "Local digital twin for energy renovation",
        "TWINRENO",
        "DIGITAL-2025-CLOUD-AI-08-DATACITIES",
        "partner",
        "forum-virium",
        "tuomas.salo",
        "rejected",
        [("idea", -620), ("preparing", -540), ("submitted", -450), ("rejected", -360)],
        partners=["Gemeente Utrecht", "Fraunhofer IGD"],
        total="3000000.00",
        city="300000.00",
        eu_requested="1500000.00",
        cofinancing_requested="60000.00",
        cofinancing="declined",
        years_ago=1,
        priorities=["climate", "economy"],
        sdgs=[7, 11],
    ),
    DemoApplication(
        "Libraries of things for circular neighbourhoods",
        "LIBTHINGS",
        None,
        "partner",
        "kuva",
        "culture",
        "idea",
        [("idea", -9)],
        partners=["Aarhus Kommune", "Stadt Wien"],
        priorities=["climate", "liveable"],
        sdgs=[11, 12],
        programme="Creative Europe",
    ),
    DemoApplication(
        "Heat pumps in protected buildings",
        "",
        None,
        "partner",
        "kymp",
        "urban",
        "withdrawn",
        [("idea", -210), ("withdrawn", -150)],
        partners=["Museovirasto"],
        priorities=["climate"],
        sdgs=[7],
    ),
    DemoApplication(
        "Welcoming cities for international families",
        "WELCOME",
        "AMIF-2025-TF2-AG-INTE",
        "partner",
        "helsinki-partners",
        "sofia.andersson",
        "withdrawn",
        [("idea", -250), ("preparing", -190), ("submitted", -91), ("withdrawn", -60)],
        partners=["Københavns Kommune", "Stadt Hamburg"],
        total="1200000.00",
        city="150000.00",
        eu_requested="1080000.00",
        priorities=["talent"],
        sdgs=[8, 10],
    ),
    DemoApplication(
        "Playful libraries network",
        "PLAYLIB",
        "URBACT-IV-APN-2024",
        "partner",
        "kuva",
        "culture",
        "closed",
        [("idea", -800), ("submitted", -640), ("granted", -520), ("running", -500), ("closed", -20)],
        partners=["Aarhus Kommune", "Comune di Milano"],
        total="600000.00",
        city="90000.00",
        eu_requested="480000.00",
        eu_granted="480000.00",
        cofinancing_requested="18000.00",
        cofinancing_granted="18000.00",
        years_ago=1,
        decision="HEL 2025-003390",
        priorities=["liveable"],
        sdgs=[4, 11],
    ),
    DemoApplication(
        "Baltic Sea smart city accelerator",
        "BSR-ACCEL",
        "BSR-2025-CORE-4",
        "partner",
        "elinkeino",
        "coordinator",
        "closed",
        [("idea", -700), ("submitted", -600), ("granted", -500), ("running", -480), ("closed", -10)],
        partners=["Tallinn Science Park Tehnopol", "Riga Planning Region"],
        total="2500000.00",
        city="200000.00",
        eu_requested="1600000.00",
        eu_granted="1500000.00",
        cofinancing_requested="40000.00",
        cofinancing_granted="40000.00",
        years_ago=1,
        decision="HEL 2025-001904",
        priorities=["economy"],
        sdgs=[8, 9],
    ),
]


def _money(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def load() -> None:
    for name, short_name, website, description in PROGRAMMES:
        Programme.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "website": website, "description": description}
        )
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    for demo in CALLS:
        _load_call(demo, units)
    this_year = timezone.localdate().year
    for years_ago, amount, decision, notes in APPROPRIATIONS:
        CoFinancingAppropriation.objects.get_or_create(
            year=this_year - years_ago,
            defaults={"amount": Decimal(amount), "decision_reference": decision, "notes": notes},
        )
    period = StrategyPeriod.objects.get(name="2021–2025")
    for demo in APPLICATIONS:
        _load_application(demo, units, period, this_year)


def _load_call(demo: DemoCall, units) -> None:
    if Call.objects.filter(identifier=demo.identifier).exists():
        return
    zone = zoneinfo.ZoneInfo(demo.deadline_timezone)
    today = timezone.localdate()

    def at(days: int, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=zone
        )

    call = Call(
        identifier=demo.identifier,
        title=demo.title,
        programme=Programme.objects.get(name=demo.programme),
        opens_at=at(demo.opens_in_days, 9),
        deadline=at(demo.deadline_in_days, 17),
        deadline_timezone=demo.deadline_timezone,
        link=f"https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/{demo.identifier.lower()}",
        indicative_budget=_money(demo.budget),
        owner_unit=units[demo.owner],
    )
    call.full_clean()
    call.save()


def _cofinancing_decision(demo: DemoApplication) -> str:
    if demo.cofinancing:
        return demo.cofinancing
    if demo.cofinancing_granted is not None:
        return Application.CoFinancing.GRANTED
    if demo.cofinancing_requested is not None:
        return Application.CoFinancing.REQUESTED
    return Application.CoFinancing.NOT_REQUESTED


def _cofinancing_steps(demo: DemoApplication, application: Application, today) -> list[CoFinancingChange]:
    """The request a few days after the application's first status, and the decision on it
    (by international affairs) the day its current status was reached."""
    if demo.cofinancing_requested is None:
        return []
    requested_on = today + datetime.timedelta(days=demo.timeline[0][1] + 7)
    steps = [
        CoFinancingChange(
            application=application,
            status=Application.CoFinancing.REQUESTED,
            amount=_money(demo.cofinancing_requested),
            year=application.cofinancing_year,
            changed_on=min(requested_on, today),
            changed_by=application.responsible_person,
        )
    ]
    decision = application.cofinancing_decision
    if decision in (Application.CoFinancing.GRANTED, Application.CoFinancing.DECLINED):
        steps.append(
            CoFinancingChange(
                application=application,
                from_status=Application.CoFinancing.REQUESTED,
                status=decision,
                amount=application.cofinancing_granted,
                year=application.cofinancing_year,
                changed_on=today + datetime.timedelta(days=demo.timeline[-1][1]),
                changed_by=User.objects.filter(username="strategy").first(),
                decision_reference=demo.decision,
                note=""
                if decision == Application.CoFinancing.GRANTED
                else "Outside the appropriation's focus.",
            )
        )
    return steps


def _load_application(demo: DemoApplication, units, period, this_year: int) -> None:
    if Application.objects.filter(project_name=demo.project_name).exists():
        return
    has_cofinancing = demo.cofinancing_requested is not None
    application = Application(
        project_name=demo.project_name,
        acronym=demo.acronym,
        call=Call.objects.get(identifier=demo.call) if demo.call else None,
        named_programme=demo.programme,
        role=demo.role,
        owner_unit=units[demo.owner],
        responsible_person=User.objects.get(username=demo.responsible),
        partner_organisations="\n".join(demo.partners),
        status=demo.status,
        total_budget=_money(demo.total),
        city_budget=_money(demo.city),
        eu_grant_requested=_money(demo.eu_requested),
        eu_grant_granted=_money(demo.eu_granted),
        cofinancing_requested=_money(demo.cofinancing_requested),
        cofinancing_granted=_money(demo.cofinancing_granted),
        cofinancing_year=this_year - demo.years_ago if has_cofinancing else None,
        cofinancing_decision=_cofinancing_decision(demo),
        decision_reference=demo.decision,
    )
    application.full_clean()
    application.save()
    application.priorities.set(Priority.objects.filter(period=period, code__in=demo.priorities))
    application.sdgs.set(SDG.objects.filter(number__in=demo.sdgs))
    application.advocacy_topics.set(AdvocacyTopic.objects.filter(name_en__in=demo.topics))
    today = timezone.localdate()
    changed_by = application.responsible_person
    previous = ""
    for status, days in demo.timeline:
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=previous,
            status=status,
            changed_on=today + datetime.timedelta(days=days),
            changed_by=changed_by,
        )
        previous = status
    CoFinancingChange.objects.bulk_create(_cofinancing_steps(demo, application, today))
    record_links_named(record=application, named=demo.came_through, by=application.responsible_person)
