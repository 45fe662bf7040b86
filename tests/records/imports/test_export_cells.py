"""The import reads the cells as a list export writes them (`test_round_trip` tries whole lists):
a person with the address after the name, a country by its name in any language, goals of
sustainable development by their names, an ended membership as itself, and the export's columns
that it does not import left out."""

import datetime

import pytest
from django.utils import translation

from helsinki_intl.records.imports.service import import_file
from networks.models import Membership
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.partnerships.factories import PartnerFactory
from tests.records import writers

pytestmark = pytest.mark.django_db


def dry_run(resource: str, user, **cells):
    data = writers.import_file_with(resource, **cells)
    return import_file(resource=resource, data=data, file_name="list.csv", user=user, dry_run=True)


PROPOSAL = {
    "network": "Eurocities",
    "owner_unit": "kuva",
    "responsible_person": "strategy",
    "status": "proposed",
}
"""A new membership's row, in the culture division's name."""


def proposal_dry_run(user, **cells):
    return dry_run("memberships", user, **{**PROPOSAL, **cells})


def outcomes(report) -> list[tuple]:
    return [(row.status, [(error.column, error.message) for error in row.errors]) for row in report.rows]


@pytest.fixture
def eurocities(strategy_unit):
    return NetworkFactory(name="Eurocities", owner_unit=strategy_unit)


@pytest.mark.parametrize(
    "cell",
    ["Aino Virta <aino.virta@hel.fi>", "Someone Else <AINO.VIRTA@hel.fi>", "aino.virta@hel.fi", "avirta"],
)
def test_a_person_is_found_by_the_address_after_the_name_or_alone(
    eurocities, culture_unit, strategy_user, cell
):
    UserFactory(username="avirta", email="aino.virta@hel.fi", first_name="Aino", last_name="Virta")

    report = proposal_dry_run(strategy_user, responsible_person=cell)

    assert outcomes(report) == [("new", [])]


def test_a_person_not_found_is_named_with_the_whole_cell(eurocities, culture_unit, strategy_user):
    report = proposal_dry_run(strategy_user, responsible_person="Aino Virta <nobody@hel.fi>")

    assert outcomes(report) == [
        (
            "wrong",
            [
                (
                    "Responsible person",
                    "There is no single person with the user name or e-mail “Aino Virta <nobody@hel.fi>”.",
                )
            ],
        )
    ]


@pytest.mark.parametrize(
    ("cell", "language"), [("Sweden", "en"), ("Ruotsi", "fi"), ("Sverige", "sv"), ("se", "en")]
)
def test_a_country_is_read_by_its_code_or_its_name_in_any_language(
    culture_unit, strategy_user, cell, language
):
    PartnerFactory(name="Göteborg", kind="city", country="SE", region="nordic", owner_unit=culture_unit)

    with translation.override(language):
        report = dry_run(
            "partners",
            strategy_user,
            name="Göteborg",
            kind="city",
            country=cell,
            region="nordic",
            owner_unit="kuva",
        )

    assert [row.status for row in report.rows] == ["unchanged"]


def test_a_country_that_is_no_country_is_refused_at_its_column(culture_unit, strategy_user):
    report = dry_run(
        "partners",
        strategy_user,
        name="Atlantis",
        kind="city",
        country="Atlantis",
        region="nordic",
        owner_unit="kuva",
    )

    assert outcomes(report) == [
        (
            "wrong",
            [
                (
                    "Country",
                    "There is no country “Atlantis”: give its name or its two-letter code, e.g. FI or BE.",
                )
            ],
        )
    ]


@pytest.mark.parametrize(
    "cell", ["16. Peace, justice and strong institutions; 11. Sustainable cities", "16, 11", "16; 11"]
)
def test_sustainable_development_goals_are_read_by_their_names_or_numbers(
    eurocities, culture_unit, strategy_user, cell
):
    report = proposal_dry_run(strategy_user, sdgs=cell)

    assert outcomes(report) == [("new", [])]


def test_an_ended_membership_imported_again_is_itself_beside_the_unit_s_current_one(
    eurocities, culture_unit, culture_user, strategy_user
):
    ended = MembershipFactory(
        network=eurocities,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="ended",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    current = MembershipFactory(
        network=eurocities,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="active",
        start_date=datetime.date(2022, 1, 1),
    )
    rows = [
        writers.import_file_of(membership, "memberships").decode().splitlines()
        for membership in (ended, current)
    ]
    data = "\n".join([rows[0][0], rows[0][1], rows[1][1]]).encode()

    report = import_file(
        resource="memberships", data=data, file_name="list.csv", user=strategy_user, dry_run=True
    )

    assert outcomes(report) == [("unchanged", []), ("unchanged", [])]
    assert Membership.objects.count() == 2


def test_the_list_export_s_columns_that_the_import_does_not_read_are_left_out_and_named(
    strategy_unit, strategy_user
):
    NetworkFactory(name="Eurocities", owner_unit=strategy_unit, kind="city_network", scope="europe")
    with translation.override("en"):
        data = writers.import_file_with(
            "networks", name="Eurocities", kind="city_network", scope="europe", owner_unit="strategia"
        ).decode()
    header, row = data.splitlines()
    data = f"{header},Priority in\n{row},2025-2029\n".encode()

    report = import_file(
        resource="networks", data=data, file_name="networks.csv", user=strategy_user, dry_run=True
    )

    assert report.ignored_columns == ["Priority in"]
    assert [row.status for row in report.rows] == ["unchanged"]


def test_a_column_that_is_no_column_of_the_register_is_still_refused(strategy_unit, strategy_user):
    data = b"Name,Kind,Scope,Owner unit,Colour\nEurocities,city_network,europe,strategia,blue\n"

    with pytest.raises(Exception, match="Unknown column “Colour”"):
        import_file(
            resource="networks", data=data, file_name="networks.csv", user=strategy_user, dry_run=True
        )


def test_a_row_ending_the_current_membership_and_another_changing_it_are_refused_as_the_same(
    eurocities, culture_unit, culture_user, strategy_user
):
    MembershipFactory(
        network=eurocities, owner_unit=culture_unit, responsible_person=culture_user, status="active"
    )
    cells = {"network": "Eurocities", "owner_unit": "kuva", "responsible_person": "strategy"}
    header, ending = writers.import_file_with("memberships", **cells, status="ended").decode().splitlines()
    _header, active = writers.import_file_with("memberships", **cells, status="active").decode().splitlines()

    report = import_file(
        resource="memberships",
        data="\n".join([header, ending, active]).encode(),
        file_name="list.csv",
        user=strategy_user,
        dry_run=True,
    )

    assert outcomes(report)[1] == ("wrong", [("Network", "This row repeats row 2.")])
