"""The EU funding panels of the dashboard: calls closing soon, the year's central project
appropriation with what is requested and granted of it, and for international affairs the
programmes that units have named and the register does not hold yet."""

from dataclasses import dataclass

from django.db.models import Count, Window
from django.db.models.functions import Lower

from helsinki_intl.coordination.dashboard import CityReading, Listing, ListQuery, Panel, first_rows, listing
from helsinki_intl.permissions import manages

from .models import Application, CoFinancingAppropriation, Programme

CALL_DEADLINE_WINDOW_DAYS = 60
"""How far ahead the dashboard lists EU call deadlines."""

APPROPRIATION_FIELDS = ("pk", "amount", "requested", "granted")


def call_deadlines(reading: CityReading) -> dict:
    query = ListQuery.named("eu_projects:call-list", deadline_within=CALL_DEADLINE_WINDOW_DAYS)
    return {"call_deadlines": listing(query), "call_deadline_window_days": CALL_DEADLINE_WINDOW_DAYS}


def appropriation_values(year: int) -> dict:
    """The year's appropriation and its balance, as single values read in the city's query."""
    appropriation = CoFinancingAppropriation.objects.with_balance().filter(year=year)
    return {f"appropriation_{name}": appropriation.values(name)[:1] for name in APPROPRIATION_FIELDS}


def appropriation(reading: CityReading) -> dict:
    year = reading.today.year
    values = reading.values
    found = appropriation_of(values, year) if values["appropriation_pk"] else None
    return {"appropriation": found, "appropriation_year": year}


def appropriation_of(values: dict, year: int) -> CoFinancingAppropriation:
    """The appropriation with its balance, from the values read (a database's raw numbers)."""
    euros = CoFinancingAppropriation._meta.get_field("amount").to_python
    found = CoFinancingAppropriation(
        pk=values["appropriation_pk"], year=year, amount=euros(values["appropriation_amount"])
    )
    found.requested = euros(values["appropriation_requested"])
    found.granted = euros(values["appropriation_granted"])
    found.left = found.amount - found.granted
    return found


@dataclass(frozen=True)
class UnlistedProgramme:
    """A programme named by applications without a call, which the register does not hold: the
    first of those applications, how many there are, their list, and the form to add it."""

    name: str
    applications: list
    total: int
    list_url: str
    add_url: str

    @property
    def has_more(self) -> bool:
        return self.total > len(self.applications)


def unlisted_programmes(reading: CityReading) -> dict:
    """The applications naming a programme not in the register, grouped by the programme (its
    name whatever the case), in one query; a programme added to the register leaves the panel."""
    query = ListQuery.named("eu_projects:application-list", unlisted_programme="true")
    programme = Lower("named_programme")
    rows = query.rows(
        queryset=Application.objects.select_related("owner_unit").annotate(
            naming=Window(Count("pk"), partition_by=programme)
        )
    ).order_by(programme, "project_name", "pk")
    shown, total = first_rows(rows)
    grouped: dict[str, list] = {}
    for application in shown:
        grouped.setdefault(application.named_programme.casefold(), []).append(application)
    programmes = [
        UnlistedProgramme(
            # Of the ways it is written, the one capitalised first ("Creative Europe").
            name=(name := min(application.named_programme for application in applications)),
            applications=applications,
            total=applications[0].naming,
            list_url=ListQuery(query.path, **query.params, programme=name).url,
            add_url=Programme.add_url(name),
        )
        for applications in grouped.values()
    ]
    return {
        "unlisted_programmes": programmes,
        "unlisted_programme_applications": Listing(shown, total, query.url),
    }


PANELS = (
    Panel("eu_projects/dashboard_call_deadlines.html", call_deadlines, position=20),
    Panel(
        "eu_projects/dashboard_appropriation.html", appropriation, position=30, values=appropriation_values
    ),
    # International affairs adds the programmes to the register (`register.py`, managed).
    Panel("eu_projects/dashboard_unlisted_programmes.html", unlisted_programmes, position=35, who=manages),
)
