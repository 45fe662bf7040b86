"""The imports of the other registers: Finnish headers, natural keys, the model's rules."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from events.models import EventBid
from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file
from partnerships.models import Partner, Partnership
from tests.factories import PriorityFactory, UserFactory
from tests.partnerships.factories import PartnerFactory

from .conftest import sample

pytestmark = pytest.mark.django_db


def run(resource: str, name: str, user, *, dry_run: bool = False):
    return import_file(resource=resource, data=sample(name), file_name=name, user=user, dry_run=dry_run)


def statuses(report) -> list[tuple[int, str]]:
    return [(row.number, row.status) for row in report.rows]


def wrong_rows(report) -> list[tuple]:
    return [
        (row.number, [(error.column, error.message) for error in row.errors])
        for row in report.rows
        if row.status == "wrong"
    ]


@pytest.fixture
def partners(culture_unit, strategy_unit):
    person = UserFactory(username="anna.virtanen", email="anna.virtanen@hel.fi", units=[culture_unit])
    PriorityFactory(code="talent", name_en="Talent attraction")
    tallinn = PartnerFactory(name="Tallinna", country="EE", region="baltic", owner_unit=strategy_unit)
    return {"person": person, "tallinn": tallinn}


def test_partners_import_then_the_same_file_is_unchanged(strategy_user, strategy_unit, culture_unit):
    report = run("partners", "partners_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    riga = Partner.objects.get(name="Riika")
    assert (riga.kind, riga.country, riga.region, riga.owner_unit) == ("city", "LV", "baltic", strategy_unit)
    habitat = Partner.objects.get(name="UN-Habitat")
    assert (habitat.kind, habitat.owner_unit) == ("un_agency", culture_unit)
    assert riga.history.earliest().history_user == strategy_user

    again = run("partners", "partners_fi.csv", strategy_user)

    assert statuses(again) == [(2, "unchanged"), (3, "unchanged")]
    assert Partner.objects.count() == 2


def test_a_city_without_a_country_is_refused(strategy_user, strategy_unit, culture_unit):
    data = sample("partners_fi.csv").replace(b";LV;", b";;")

    report = import_file(resource="partners", data=data, file_name="p.csv", user=strategy_user, dry_run=False)

    assert wrong_rows(report) == [(2, [("Country", "A city needs a country.")])]
    assert not Partner.objects.exists()


def test_partnerships_import_then_the_same_file_is_unchanged(strategy_user, partners, culture_unit):
    report = run("partnerships", "partnerships_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    culture = Partnership.objects.get(owner_unit=culture_unit)
    assert (culture.partner, culture.responsible_person, culture.type) == (
        partners["tallinn"],
        partners["person"],
        "thematic",
    )
    assert (culture.information_exchange, culture.project_cooperation, culture.joint_advocacy) == (
        True,
        False,
        False,
    )
    assert [priority.code for priority in culture.priorities.all()] == ["talent"]
    assert sorted(sdg.number for sdg in culture.sdgs.all()) == [11, 13]
    strategy = Partnership.objects.get(owner_unit__code="strategia")
    assert (strategy.type, strategy.project_cooperation, strategy.review_interval_months) == (
        "project_based",
        True,
        24,
    )

    again = run("partnerships", "partnerships_fi.csv", strategy_user)

    assert statuses(again) == [(2, "unchanged"), (3, "unchanged")]
    assert Partnership.objects.count() == 2


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_unknown_partner_is_named_and_nothing_is_saved(strategy_user, partners, dry_run):
    report = run("partnerships", "unknown_partner.csv", strategy_user, dry_run=dry_run)

    assert wrong_rows(report) == [(3, [("Partner", "There is no partner “Tukholma”.")])]
    assert not report.saved
    assert not Partnership.objects.exists()


def test_an_unknown_unit_is_named(strategy_user, partners):
    data = sample("partnerships_fi.csv").replace(b"Tallinna;strategia", b"Tallinna;Tuntematon")

    report = import_file(
        resource="partnerships", data=data, file_name="p.csv", user=strategy_user, dry_run=False
    )

    assert wrong_rows(report) == [(3, [("Owner unit", "There is no organisation unit “Tuntematon”.")])]
    assert not Partnership.objects.exists()


def test_a_new_twin_city_partnership_is_refused(strategy_user, partners):
    report = run("partnerships", "twin_city.csv", strategy_user)

    assert wrong_rows(report) == [
        (
            2,
            [
                (
                    "Type",
                    "The city signs no new twin-city (friendship) agreements: choose thematic or "
                    "project-based cooperation. Only an existing twin-city relationship keeps this type.",
                )
            ],
        )
    ]
    assert not Partnership.objects.exists()


def test_event_bids_import_then_the_same_file_is_unchanged(
    strategy_user, partners, culture_unit, strategy_unit
):
    report = run("bids", "bids_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    congress = EventBid.objects.get(name="EAIE 2029")
    assert (congress.kind, congress.status, congress.owner_unit) == ("congress", "idea", culture_unit)
    assert (congress.starts_on, congress.ends_on) == (datetime.date(2029, 9, 9), datetime.date(2029, 9, 12))
    assert (congress.expected_delegates, congress.daily_spend_estimate, congress.city_resources) == (
        6000,
        Decimal("250.00"),
        Decimal("40000.00"),
    )
    reception = EventBid.objects.get(name="Helsinki-vastaanotto")
    assert (reception.kind, reception.owner_unit, reception.country) == ("abroad", strategy_unit, "BE")
    assert sorted(sdg.number for sdg in reception.sdgs.all()) == [11, 17]

    again = run("bids", "bids_fi.csv", strategy_user)

    assert statuses(again) == [(2, "unchanged"), (3, "unchanged")]
    assert EventBid.objects.count() == 2


def test_an_unknown_host_unit_is_named_and_nothing_is_saved(strategy_user, partners):
    report = run("bids", "bids_unknown_unit.csv", strategy_user)

    assert wrong_rows(report) == [
        (3, [("Host unit", "There is no organisation unit “Tuntematon toimiala”.")])
    ]
    assert not EventBid.objects.exists()


def test_a_bid_imports_the_networks_it_came_through_that_are_not_registered(strategy_user, partners):
    data = sample("bids_fi.csv").decode("utf-8-sig").splitlines()
    data[0] += ";Other networks or partners it came through"
    data[1] += ";Baltic Sea Ports Network"
    data[2] += ";"

    report = import_file(
        resource="bids", data="\n".join(data).encode(), file_name="b.csv", user=strategy_user, dry_run=False
    )

    assert statuses(report) == [(2, "new"), (3, "new")]
    assert EventBid.objects.get(name="EAIE 2029").came_through_other == "Baltic Sea Ports Network"
    assert EventBid.objects.get(name="Helsinki-vastaanotto").came_through_other == ""


def test_an_event_abroad_without_a_partner_or_conference_is_refused(strategy_user, partners):
    data = sample("bids_fi.csv").replace(b"European Week of Regions and Cities", b"")

    report = import_file(resource="bids", data=data, file_name="b.csv", user=strategy_user, dry_run=False)

    assert wrong_rows(report) == [
        (
            3,
            [
                (
                    "Local partner",
                    "An event abroad is organised only with a local partner organisation or as part "
                    "of a larger international conference: name one or the other.",
                )
            ],
        )
    ]
    assert not EventBid.objects.exists()


def import_eu_register(user, *resources: str) -> None:
    CoFinancingAppropriation.objects.get_or_create(year=2026, defaults={"amount": Decimal("1000000.00")})
    for resource in resources:
        assert run(resource, f"{resource}_fi.csv", user).saved


def test_programmes_import_then_the_same_file_is_unchanged(strategy_user):
    report = run("programmes", "programmes_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    assert list(Programme.objects.order_by("name").values_list("name", "short_name", "is_active")) == [
        ("Horisontti Eurooppa", "Horizon", True),
        ("Interreg Itämeri", "Interreg BSR", False),
    ]
    assert statuses(run("programmes", "programmes_fi.csv", strategy_user)) == [
        (2, "unchanged"),
        (3, "unchanged"),
    ]


def test_calls_import_in_brussels_time_then_the_same_file_is_unchanged(
    strategy_user, partners, strategy_unit
):
    import_eu_register(strategy_user, "programmes")

    report = run("calls", "calls_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    call = Call.objects.get(identifier="HORIZON-CL5-2026-09-D4-03")
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    assert call.deadline == datetime.datetime(2026, 9, 16, 17, 0, tzinfo=brussels)
    assert call.opens_at == datetime.datetime(2026, 2, 1, tzinfo=brussels)
    assert (call.programme.name, call.owner_unit, call.indicative_budget) == (
        "Horisontti Eurooppa",
        strategy_unit,
        Decimal("12000000.00"),
    )
    assert statuses(run("calls", "calls_fi.csv", strategy_user)) == [(2, "unchanged"), (3, "unchanged")]


def test_exported_calls_give_their_times_in_the_call_zone_and_import_back_unchanged(
    strategy_user, partners, strategy_unit
):
    import_eu_register(strategy_user, "programmes", "calls")
    resource = importers.resource_class("calls")()

    exported = resource.export(queryset=Call.objects.order_by("identifier"))

    assert [(row["Opens"], row["Deadline"]) for row in exported.dict] == [
        ("2026-02-01 00:00", "2026-09-16 17:00"),
        ("2026-03-01 09:00", "2026-05-31 12:00"),
    ]
    again = import_file(
        resource="calls", data=exported.csv.encode(), file_name="c.csv", user=strategy_user, dry_run=True
    )
    assert statuses(again) == [(2, "unchanged"), (3, "unchanged")]


def test_a_call_of_an_unknown_programme_is_named(strategy_user, partners):
    report = run("calls", "calls_fi.csv", strategy_user)

    assert wrong_rows(report) == [
        (2, [("Programme", "There is no programme “Horisontti Eurooppa”.")]),
        (3, [("Programme", "There is no programme “Interreg Itämeri”.")]),
    ]
    assert not Call.objects.exists()


def test_applications_import_then_the_same_file_is_unchanged(strategy_user, partners, strategy_unit):
    import_eu_register(strategy_user, "programmes", "calls")

    report = run("applications", "applications_fi.csv", strategy_user)

    assert statuses(report) == [(2, "new"), (3, "new")]
    granted = Application.objects.get(project_name="Viisaat korttelit")
    assert (granted.call.identifier, granted.role, granted.owner_unit, granted.status) == (
        "HORIZON-CL5-2026-09-D4-03",
        "coordinator",
        strategy_unit,
        "granted",
    )
    assert (granted.eu_grant_requested, granted.eu_grant_granted, granted.cofinancing_year) == (
        Decimal("1400000.00"),
        Decimal("1200000.00"),
        2026,
    )
    again = run("applications", "applications_fi.csv", strategy_user)

    assert statuses(again) == [(2, "unchanged"), (3, "unchanged")]
    assert Application.objects.count() == 2


def test_an_application_to_an_unknown_call_is_named_and_nothing_is_saved(strategy_user, partners):
    import_eu_register(strategy_user, "programmes", "calls")

    report = run("applications", "applications_unknown_call.csv", strategy_user)

    assert wrong_rows(report) == [(3, [("Call", "There is no call “INTERREG-XX-9”.")])]
    assert not Application.objects.exists()


def test_a_grant_above_the_requested_is_refused(strategy_user, partners):
    import_eu_register(strategy_user, "programmes", "calls")

    report = run("applications", "applications_granted_too_much.csv", strategy_user)

    assert wrong_rows(report) == [
        (2, [("EU grant granted (€)", "The EU grant granted cannot be more than the grant requested.")])
    ]
    assert not Application.objects.exists()


def grants_file(*names: str) -> bytes:
    header = (
        "project_name,owner_unit,responsible_person,status,call,total_budget,city_budget,"
        "eu_grant_requested,eu_grant_granted,cofinancing_requested,cofinancing_granted,cofinancing_year"
    )
    row = (
        "{},kuva,anna.virtanen,granted,HORIZON-CL5-2026-09-D4-03,"
        "2000000,1000000,1000000,1000000,600000,600000,2026"
    )
    return "\n".join([header, *(row.format(name) for name in names)]).encode()


def test_the_rows_of_a_file_draw_on_the_appropriation_one_after_another(strategy_user, partners):
    import_eu_register(strategy_user, "programmes", "calls")

    report = import_file(
        resource="applications",
        data=grants_file("First", "Second"),
        file_name="g.csv",
        user=strategy_user,
        dry_run=False,
    )

    [(number, [(column, message)])] = wrong_rows(report)
    assert (number, column) == (3, "Co-financing granted (€)")
    assert message == "The 2026 appropriation has €400,000.00 left; this grant would take it below zero."
    assert not Application.objects.exists()


def test_a_changed_grant_is_weighed_without_its_own_earlier_amount(strategy_user, partners):
    import_eu_register(strategy_user, "programmes", "calls")
    assert import_file(
        resource="applications",
        data=grants_file("First"),
        file_name="g.csv",
        user=strategy_user,
        dry_run=False,
    ).saved
    raised = grants_file("First").replace(b",600000,600000,", b",900000,900000,")

    report = import_file(
        resource="applications", data=raised, file_name="g.csv", user=strategy_user, dry_run=False
    )

    assert statuses(report) == [(2, "changed")]
    assert Application.objects.get().cofinancing_granted == Decimal("900000.00")
