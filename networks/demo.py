"""Demo network register: real networks a European capital belongs to, with owners, goals,
roles and review dates spread so that some reviews are due and some overdue.

Fees and decision numbers are illustrative, not the city's figures.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import SDG, Priority, StrategyPeriod

from .models import Membership, Network, PriorityNetwork

D = datetime.date

NETWORKS = [
    # name, acronym, kind, scope, website, themes, owner unit
    (
        "Eurocities",
        "EC",
        "city_network",
        "europe",
        "https://eurocities.eu",
        "EU policy, economy, climate, culture, social affairs",
        "strategia",
    ),
    (
        "C40 Cities Climate Leadership Group",
        "C40",
        "city_network",
        "global",
        "https://www.c40.org",
        "Climate action",
        "kymp",
    ),
    (
        "Bloomberg Philanthropies",
        "",
        "foundation",
        "global",
        "https://www.bloomberg.org",
        "Innovation, public health, climate",
        "strategia",
    ),
    (
        "Union of Capitals of the European Union",
        "UCUE",
        "city_network",
        "europe",
        "https://www.ucue.eu",
        "Capital cities' cooperation",
        "strategia",
    ),
    (
        "Baltic Metropoles Network",
        "BaltMet",
        "city_network",
        "baltic_sea",
        "https://www.baltmet.org",
        "Innovation and attractiveness of Baltic Sea capitals",
        "elinkeino",
    ),
    (
        "Carbon Neutral Cities Alliance",
        "CNCA",
        "city_network",
        "global",
        "https://carbonneutralcities.org",
        "Deep decarbonisation",
        "kymp",
    ),
    (
        "Partnership for Healthy Cities",
        "",
        "foundation",
        "global",
        "https://partnershipforhealthycities.bloomberg.org",
        "Non-communicable disease and injury prevention",
        "sote",
    ),
    (
        "WHO European Healthy Cities Network",
        "",
        "international_organisation",
        "europe",
        "https://www.who.int/europe/groups/who-european-healthy-cities-network",
        "Health and well-being",
        "sote",
    ),
    (
        "Urban 20",
        "U20",
        "international_organisation",
        "global",
        "https://www.urban20.org",
        "Cities' voice in the G20",
        "strategia",
    ),
    (
        "ICLEI – Local Governments for Sustainability",
        "ICLEI",
        "city_network",
        "global",
        "https://iclei.org",
        "Sustainability",
        "kymp",
    ),
    (
        "Union of the Baltic Cities",
        "UBC",
        "city_network",
        "baltic_sea",
        "https://www.ubc.net",
        "Baltic Sea cities' cooperation",
        "strategia",
    ),
    (
        "European Cities Marketing",
        "ECM",
        "city_network",
        "europe",
        "https://www.europeancitiesmarketing.com",
        "City marketing, meetings and tourism",
        "helsinki-partners",
    ),
    (
        "Open & Agile Smart Cities",
        "OASC",
        "city_network",
        "global",
        "https://oascities.org",
        "Digital services and data",
        "forum-virium",
    ),
    (
        "Cities Coalition for Digital Rights",
        "CC4DR",
        "city_network",
        "global",
        "https://citiesfordigitalrights.org",
        "Digital rights",
        "strategia",
    ),
    (
        "Public Libraries 2030",
        "PL2030",
        "other",
        "europe",
        "https://publiclibraries2030.eu",
        "Libraries and EU policy",
        "kuva",
    ),
    (
        "International Association of Educating Cities",
        "IAEC",
        "city_network",
        "global",
        "https://www.edcities.org",
        "Education",
        "kasko",
    ),
    (
        "Strong Cities Network",
        "SCN",
        "city_network",
        "global",
        "https://strongcitiesnetwork.org",
        "Preventing polarisation and violent extremism",
        "sote",
    ),
    (
        "Metropolis",
        "",
        "city_network",
        "global",
        "https://www.metropolis.org",
        "Metropolitan governance",
        "strategia",
    ),
]

# Where the networks' offices are: an activity in that country is shown their memberships.
NETWORK_OFFICES = {
    "Eurocities": "BE",
    "Union of Capitals of the European Union": "BE",
    "C40 Cities Climate Leadership Group": "GB",
    "Carbon Neutral Cities Alliance": "US",
    "WHO European Healthy Cities Network": "DK",
}

PRIORITY_NETWORKS = [
    # network name, target to join, note
    ("Eurocities", False, "The main channel of EU advocacy."),
    ("Bloomberg Philanthropies", False, "Funding and city innovation programmes."),
    ("C40 Cities Climate Leadership Group", True, "Goal: membership by the end of the strategy period."),
]


@dataclass
class DemoMembership:
    network: str
    owner: str
    responsible: str
    status: str
    review_in_days: int | None
    start: datetime.date | None = None
    end: datetime.date | None = None
    fee: str | None = None
    decision: str = ""
    benefits: str = ""
    priorities: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    goals: list[tuple[str, str, str]] = field(default_factory=list)
    roles: list[tuple[str, str, str | None, datetime.date | None, datetime.date | None]] = field(
        default_factory=list
    )


MEMBERSHIPS = [
    DemoMembership(
        "Eurocities",
        "strategia",
        "strategy",
        "active",
        review_in_days=-45,
        start=D(1994, 1, 1),
        fee="38500.00",
        decision="HEL 2019-012572",
        benefits="EU advocacy, peer learning in the forums, partners for EU-funded projects.",
        priorities=["economy", "climate", "talent"],
        sdgs=[8, 11, 17],
        participants=["elinkeino", "kuva", "kymp", "sote", "kasko"],
        goals=[
            (
                "Bring the city's positions into EU urban policy",
                "Positions adopted in two EU consultations a year",
                "Consultation replies with Helsinki's input",
            ),
            (
                "Find partners for EU-funded projects",
                "Three new project consortia a year",
                "Applications with Eurocities partners",
            ),
        ],
        roles=[
            (
                "Chair of the Economic Development Forum",
                "Economic Development Department",
                "coordinator",
                D(2022, 1, 1),
                D(2023, 6, 30),
            ),
            ("Member of the Executive Committee", "Mayor of Helsinki", None, D(2024, 11, 1), D(2026, 12, 31)),
        ],
    ),
    DemoMembership(
        "C40 Cities Climate Leadership Group",
        "kymp",
        "urban",
        "assessing",
        review_in_days=None,
        benefits="Influence in global climate policy and peer support for the carbon-neutral Helsinki goal.",
        priorities=["climate"],
        sdgs=[11, 13],
        goals=[("Decide on joining C40", "A proposal to the City Board", "Decision made")],
    ),
    DemoMembership(
        "Bloomberg Philanthropies",
        "strategia",
        "strategy",
        "active",
        review_in_days=20,
        start=D(2020, 3, 1),
        benefits="Funding and coaching for city innovation (i-team) and leadership programmes.",
        priorities=["economy", "liveable"],
        sdgs=[11, 16, 17],
        participants=["forum-virium"],
        goals=[
            (
                "Use the foundation's programmes to build innovation capacity",
                "One programme a year",
                "Programmes joined",
            )
        ],
    ),
    DemoMembership(
        "Union of Capitals of the European Union",
        "strategia",
        "strategy",
        "active",
        review_in_days=140,
        start=D(2001, 1, 1),
        fee="5000.00",
        priorities=["economy"],
        sdgs=[17],
        goals=[
            ("Keep contact with the other EU capitals", "Attend the annual assembly", "Assemblies attended")
        ],
    ),
    DemoMembership(
        "Baltic Metropoles Network",
        "elinkeino",
        "coordinator",
        "ending",
        review_in_days=-10,
        start=D(2000, 1, 1),
        fee="7500.00",
        benefits="Innovation and talent attraction in the Baltic Sea region.",
        priorities=["talent", "economy"],
        sdgs=[8, 9],
        goals=[("Joint talent attraction with Baltic capitals", "One joint campaign", "Campaigns run")],
    ),
    DemoMembership(
        "Carbon Neutral Cities Alliance",
        "kymp",
        "urban",
        "active",
        review_in_days=5,
        start=D(2019, 5, 1),
        fee="25000.00",
        decision="HEL 2019-004412",
        benefits="Peer learning on deep decarbonisation; funding from the Game Changer Fund.",
        priorities=["climate"],
        sdgs=[7, 11, 13],
        goals=[
            (
                "Learn from leading cities on heating decarbonisation",
                "Two study exchanges a year",
                "Exchanges held",
            ),
            ("Win funding from the Game Changer Fund", "One project funded", "Projects funded"),
        ],
    ),
    DemoMembership(
        "Partnership for Healthy Cities",
        "sote",
        "laura.makinen",
        "active",
        review_in_days=-120,
        start=D(2019, 9, 1),
        priorities=["liveable", "segregation"],
        sdgs=[3, 11],
        goals=[("Reduce road traffic injuries", "Measures in the traffic safety plan", "Injuries per year")],
    ),
    DemoMembership(
        "WHO European Healthy Cities Network",
        "sote",
        "laura.makinen",
        "active",
        review_in_days=75,
        start=D(2019, 1, 1),
        fee="5600.00",
        priorities=["liveable", "segregation"],
        sdgs=[3, 10],
        goals=[("Report on the phase VII goals", "Annual report delivered", "Reports delivered")],
    ),
    DemoMembership(
        "Urban 20",
        "strategia",
        "matti.virtanen",
        "active",
        review_in_days=300,
        start=D(2019, 1, 1),
        priorities=["climate", "economy"],
        sdgs=[11, 13, 17],
        goals=[("Bring cities' messages to the G20", "Sign the annual communiqué", "Communiqués signed")],
    ),
    DemoMembership(
        "ICLEI – Local Governments for Sustainability",
        "kymp",
        "urban",
        "active",
        review_in_days=28,
        start=D(1995, 1, 1),
        fee="11000.00",
        priorities=["climate"],
        sdgs=[11, 12, 13, 15],
        goals=[
            (
                "Use ICLEI's tools for the Voluntary Local Review",
                "VLR indicators updated",
                "Indicators reported",
            )
        ],
    ),
    DemoMembership(
        "Union of the Baltic Cities",
        "strategia",
        "strategy",
        "active",
        review_in_days=-3,
        start=D(1991, 9, 1),
        fee="9800.00",
        priorities=["climate", "segregation"],
        sdgs=[11, 14, 17],
        participants=["kymp"],
        goals=[
            (
                "Nordic-Baltic cooperation on security and refugees",
                "Regular information exchange",
                "Meetings held",
            )
        ],
    ),
    DemoMembership(
        "European Cities Marketing",
        "helsinki-partners",
        "sofia.andersson",
        "active",
        review_in_days=200,
        start=D(2012, 1, 1),
        fee="3500.00",
        priorities=["talent", "economy"],
        sdgs=[8],
        goals=[("Win congresses for Helsinki", "Five congress leads a year", "Leads received")],
    ),
    DemoMembership(
        "Open & Agile Smart Cities",
        "forum-virium",
        "tuomas.salo",
        "active",
        review_in_days=-60,
        start=D(2015, 1, 1),
        priorities=["economy"],
        sdgs=[9, 11],
        goals=[("Shape open standards for city data", "Contribute to two standards", "Contributions made")],
    ),
    DemoMembership(
        "Cities Coalition for Digital Rights",
        "strategia",
        "strategy",
        "active",
        review_in_days=400,
        start=D(2018, 11, 1),
        priorities=["liveable"],
        sdgs=[16],
        goals=[
            (
                "Promote digital rights in city services",
                "Principles applied in new services",
                "Services assessed",
            )
        ],
    ),
    DemoMembership(
        "Public Libraries 2030",
        "kuva",
        "culture",
        "active",
        review_in_days=12,
        start=D(2018, 1, 1),
        fee="2000.00",
        priorities=["liveable", "segregation"],
        sdgs=[4, 10],
        goals=[
            (
                "Bring Oodi's lessons to EU library policy",
                "Speak at two European events",
                "Events with Helsinki speakers",
            )
        ],
        roles=[("Board member", "Director of the City Library", "culture", D(2023, 1, 1), D(2027, 1, 31))],
    ),
    DemoMembership(
        "International Association of Educating Cities",
        "kasko",
        "jukka.lehtonen",
        "proposed",
        review_in_days=None,
        benefits="Exchange on education policy with cities worldwide.",
        priorities=["segregation"],
        sdgs=[4],
    ),
    DemoMembership(
        "Strong Cities Network",
        "sote",
        "laura.makinen",
        "declined",
        review_in_days=None,
        benefits="Assessed in 2022: overlapping with existing national cooperation.",
        priorities=["segregation"],
        sdgs=[16],
    ),
    DemoMembership(
        "Strong Cities Network",
        "kymp",
        "urban",
        "assessed",
        review_in_days=None,
        fee="0.00",
        benefits="Shared practice on preventing polarisation in neighbourhoods.",
        priorities=["segregation"],
        sdgs=[16],
        goals=[("Learn from cities that prevent polarisation", "Two practices piloted", "Pilots started")],
    ),
    DemoMembership(
        "Metropolis",
        "strategia",
        "strategy",
        "ended",
        review_in_days=None,
        start=D(2008, 1, 1),
        end=D(2020, 12, 31),
        fee="12000.00",
        benefits="Left in 2020: little benefit for a city of Helsinki's size.",
        sdgs=[11],
        goals=[("Exchange on metropolitan governance", "", "")],
    ),
]


def load() -> None:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    for name, acronym, kind, scope, website, themes, owner in NETWORKS:
        Network.objects.get_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "scope": scope,
                "country": NETWORK_OFFICES.get(name, ""),
                "website": website,
                "themes": themes,
                "owner_unit": units[owner],
            },
        )
    period = StrategyPeriod.objects.get(name="2021–2025")
    for name, is_target, note in PRIORITY_NETWORKS:
        PriorityNetwork.objects.get_or_create(
            network=Network.objects.get(name=name),
            period=period,
            defaults={"is_target": is_target, "note": note},
        )
    for demo in MEMBERSHIPS:
        _load_membership(demo, units, period)


def _load_membership(demo: DemoMembership, units, period) -> None:
    network = Network.objects.get(name=demo.network)
    if Membership.objects.filter(network=network, owner_unit=units[demo.owner]).exists():
        return
    today = timezone.localdate()
    membership = Membership(
        network=network,
        owner_unit=units[demo.owner],
        responsible_person=User.objects.get(username=demo.responsible),
        status=demo.status,
        start_date=demo.start,
        end_date=demo.end,
        annual_fee=Decimal(demo.fee) if demo.fee else None,
        decision_reference=demo.decision,
        benefits=demo.benefits,
        next_review_due=today + datetime.timedelta(days=demo.review_in_days)
        if demo.review_in_days is not None
        else None,
    )
    membership.full_clean()
    membership.save()
    _note_timeline(membership)
    membership.priorities.set(Priority.objects.filter(period=period, code__in=demo.priorities))
    membership.sdgs.set(SDG.objects.filter(number__in=demo.sdgs))
    membership.participating_units.set([units[code] for code in demo.participants])
    for order, (title, target, indicator) in enumerate(demo.goals):
        membership.goals.create(title=title, target=target, indicator=indicator, order=order)
    for title, holder, holder_username, start, end in demo.roles:
        membership.roles.create(
            title=title,
            holder=holder,
            holder_user=User.objects.filter(username=holder_username).first() if holder_username else None,
            start_date=start,
            end_date=end,
        )


def _note_timeline(membership: Membership) -> None:
    """A demo membership's timeline: the steps of a proposal in the portal's process, and for an
    older membership one entry saying its status was reached before the portal recorded decisions."""
    Status = Membership.Status
    responsible = membership.responsible_person
    if membership.status in (Status.ASSESSING, Status.ASSESSED):
        membership.one_in_one_out = "A new theme for the unit: no current membership covers it."
        membership.status_changes.create(from_status="", status=Status.PROPOSED, changed_by=responsible)
        membership.status_changes.create(
            from_status=Status.PROPOSED, status=Status.ASSESSING, changed_by=responsible
        )
    if membership.status == Status.ASSESSED:
        membership.assessment_recommendation = "join"
        membership.assessment_statement = "Clear benefit for the priority at no fee; recommended."
        membership.status_changes.create(
            from_status=Status.ASSESSING,
            status=Status.ASSESSED,
            changed_by=User.objects.filter(username="coordinator").first(),
            note=membership.assessment_statement,
        )
    if membership.status in (Status.ASSESSING, Status.ASSESSED):
        membership.save()
    elif membership.status != Status.PROPOSED:
        was_active = membership.status in (Status.ENDING, Status.ENDED) and membership.start_date
        if was_active:
            membership.status_changes.create(
                status=Status.ACTIVE,
                changed_on=membership.start_date,
                decision_reference=membership.decision_reference,
                predates_portal=True,
            )
        membership.status_changes.create(
            from_status=Status.ACTIVE if was_active else "",
            status=membership.status,
            changed_on=(membership.end_date if membership.status == Status.ENDED else membership.start_date)
            or timezone.localdate(),
            decision_reference=membership.decision_reference if membership.status == Status.ACTIVE else "",
            predates_portal=True,
        )
