"""The EU funding panels of the dashboard: calls closing soon, and the year's central project
appropriation with what is requested and granted of it."""

from helsinki_intl.coordination.dashboard import CityReading, ListQuery, Panel, listing

from .models import CoFinancingAppropriation

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


PANELS = (
    Panel("eu_projects/dashboard_call_deadlines.html", call_deadlines, position=20),
    Panel(
        "eu_projects/dashboard_appropriation.html", appropriation, position=30, values=appropriation_values
    ),
)
