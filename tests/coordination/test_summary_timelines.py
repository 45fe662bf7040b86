"""The summary's decisions and outcomes, made through every writer and counted once.

Each figure read from a status timeline is made here through each writer that can make it: the
record's step page, the service behind the steps (`step_take`), the admin's change form and an
import. It is counted once, in the quarter of its decision date where the writer records one (a
decision dated in the last quarter and recorded in this one counts in the last), otherwise in the
quarter it was recorded, and not in the other; a save that changes no status counts nothing.

The quarters are the one of today and the one before, so that a decision dated in the last
quarter is never in the future.
"""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eu_projects.models import Application, CoFinancingChange
from events.models import EventBid, EventBidStatusChange
from helsinki_intl.coordination.summary import Period, build_summary, last_full_quarter
from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.process import process_for, step_take
from networks.models import Membership, MembershipStatusChange
from tests.eu_projects.factories import ApplicationFactory, CoFinancingAppropriationFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.networks.test_views import posted_back

pytestmark = pytest.mark.django_db

Status = Membership.Status
BidStatus = EventBid.Status


def this_quarter() -> Period:
    today = timezone.localdate()
    return Period.quarter(today.year, (today.month + 2) // 3)


def decided_last_quarter() -> datetime.date:
    """A day in the quarter before today's: a decision recorded now, a quarter late."""
    return last_full_quarter().start + datetime.timedelta(days=14)


def figure(key: str) -> tuple:
    """The figure in the last quarter and in this one."""
    return build_summary(last_full_quarter()).value(key), build_summary(this_quarter()).value(key)


def csv_date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


# The writers ------------------------------------------------------------------------------------


def take_on_step_page(client, record, step: str, data: dict) -> None:
    opts = record._meta
    url = reverse(f"{opts.app_label}:{opts.model_name}-step", args=[record.pk, step])
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors


def take_by_service(user, record, step: str, data: dict) -> None:
    saved, form = step_take(record=record, step=process_for(type(record)).step(step), by=user, data=data)
    assert saved is not None, form.errors


def take(writer: str, record, step: str, data: dict, client, user) -> None:
    """`step` taken on the record with `data` on its step page, or by the service the page calls."""
    if writer == "step page":
        take_on_step_page(client, record, step, data)
    else:
        take_by_service(user, record, step, data)


STEP_WRITERS = ["step page", "service"]


def _admin_value(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "on" if value is True else str(value)


def save_in_admin(client, record, **changes) -> None:
    """The record's admin change form posted back as the page shows it, with `changes`."""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    page = client.get(url)
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for name, value in ((field.html_name, field.value()) for form in forms for field in form):
        if isinstance(value, datetime.datetime):  # the admin's split date and time inputs
            moment = timezone.localtime(value)
            data |= {f"{name}_0": moment.date().isoformat(), f"{name}_1": moment.time().isoformat()}
        elif value is not None and value is not False:
            data[name] = _admin_value(value)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, list(response.context["errors"])


def imported(resource: str, header: str, *rows: str, user) -> None:
    report = import_file(
        resource=resource,
        data="\n".join([header, *rows]).encode(),
        file_name="rows.csv",
        user=user,
        dry_run=False,
    )
    assert report.saved, [row.errors for row in report.rows]


def imported_by_command(resource: str, header: str, *rows: str, user, folder) -> None:
    path = folder / "rows.csv"
    path.write_text("\n".join([header, *rows]))
    call_command(
        "import", resource, str(path), "--user", user.username, "--language", "en", stdout=io.StringIO()
    )


# Memberships ------------------------------------------------------------------------------------


@pytest.fixture
def assessed(culture_unit, culture_user):
    membership = MembershipFactory(
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=Status.ASSESSED,
        benefits="Learning from peers.",
    )
    MembershipGoalFactory(membership=membership, title="Learn")
    return membership


@pytest.fixture
def active(assessed):
    Membership.objects.filter(pk=assessed.pk).update(
        status=Status.ACTIVE, start_date=datetime.date(2020, 1, 1)
    )
    assessed.refresh_from_db()
    return assessed


def join_decision(day: datetime.date, outcome: str = "joined") -> dict:
    return {
        "outcome": outcome,
        "deciding_body": "city_board",
        "decision_date": day.isoformat(),
        "decision_reference": "HEL 2026-012345",
    }


def end_decision(day: datetime.date) -> dict:
    return {
        "deciding_body": "division_head",
        "decision_date": day.isoformat(),
        "decision_reference": "HEL 2026-000001",
        "end_date": day.isoformat(),
    }


MEMBERSHIP_HEADER = "network,owner_unit,responsible_person,status,start_date,end_date,goals"


def membership_row(membership, status: str, start: str = "1.1.2020", end: str = "") -> str:
    return f"{membership.network.name},kuva,culture,{status},{start},{end},Learn"


@pytest.mark.parametrize("writer", STEP_WRITERS)
def test_a_join_counts_in_the_quarter_of_its_decision(writer, assessed, strategy_client, strategy_user):
    take(writer, assessed, "decide", join_decision(decided_last_quarter()), strategy_client, strategy_user)

    assert figure("memberships_joined") == (1, 0)
    assert figure("memberships_declined") == (0, 0)


@pytest.mark.parametrize("writer", STEP_WRITERS)
def test_a_proposal_declined_counts_in_the_quarter_of_its_decision(
    writer, assessed, strategy_client, strategy_user
):
    decision = join_decision(decided_last_quarter(), outcome="declined")
    take(writer, assessed, "decide", decision, strategy_client, strategy_user)

    assert figure("memberships_declined") == (1, 0)
    assert figure("memberships_joined") == (0, 0)


@pytest.mark.parametrize("writer", STEP_WRITERS)
def test_an_end_counts_in_the_quarter_of_its_decision(writer, active, strategy_client, strategy_user):
    take(writer, active, "end", end_decision(decided_last_quarter()), strategy_client, strategy_user)

    assert figure("memberships_ended") == (1, 0)


@pytest.mark.parametrize("writer", STEP_WRITERS)
def test_keeping_a_membership_proposed_to_end_is_not_a_join(writer, active, strategy_client, strategy_user):
    take(writer, active, "propose_ending", {"reason": "Little benefit."}, strategy_client, strategy_user)
    take(writer, active, "keep", {"reason": "The forum chair is ours."}, strategy_client, strategy_user)

    assert list(active.status_changes.values_list("from_status", "status")) == [
        ("active", "ending"),
        ("ending", "active"),
    ]
    assert figure("memberships_joined") == (0, 0)
    assert figure("memberships_ended") == (0, 0)


@pytest.mark.parametrize(
    ("status", "key"),
    [(Status.ACTIVE, "memberships_joined"), (Status.DECLINED, "memberships_declined")],
)
def test_a_decision_recorded_in_the_admin_counts_on_the_day_it_was_recorded(
    assessed, strategy_client, status, key
):
    """The admin has no decision date for a membership: the day it was recorded is the one known."""
    save_in_admin(strategy_client, assessed, status=status, start_date="2020-01-01")

    assert list(assessed.status_changes.values_list("from_status", "status")) == [("assessed", status)]
    assert figure(key) == (0, 1)


def test_an_end_recorded_in_the_admin_counts_on_the_day_it_was_recorded(active, strategy_client):
    save_in_admin(strategy_client, active, status=Status.ENDED, end_date=decided_last_quarter().isoformat())

    assert figure("memberships_ended") == (0, 1)


def test_keeping_a_membership_in_the_admin_is_not_a_join(active, strategy_client):
    Membership.objects.filter(pk=active.pk).update(status=Status.ENDING)
    active.refresh_from_db()

    save_in_admin(strategy_client, active, status=Status.ACTIVE)

    assert list(active.status_changes.values_list("from_status", "status")) == [("ending", "active")]
    assert figure("memberships_joined") == (0, 0)


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (Status.ACTIVE, "memberships_joined"),
        (Status.DECLINED, "memberships_declined"),
        (Status.ENDED, "memberships_ended"),
    ],
)
def test_a_membership_imported_counts_on_the_day_it_was_imported(
    culture_unit, culture_user, strategy_user, status, key
):
    membership = MembershipFactory.build(network=NetworkFactory(name="Eurocities"))
    end = csv_date(decided_last_quarter()) if status == Status.ENDED else ""

    imported(
        "memberships", MEMBERSHIP_HEADER, membership_row(membership, status, end=end), user=strategy_user
    )

    assert figure(key) == (0, 1)


def test_an_imported_change_of_status_counts_on_the_day_it_was_imported(active, strategy_user):
    row = membership_row(active, Status.ENDED, end=csv_date(decided_last_quarter()))

    imported("memberships", MEMBERSHIP_HEADER, row, user=strategy_user)

    assert list(active.status_changes.values_list("from_status", "status")) == [("active", "ended")]
    assert figure("memberships_ended") == (0, 1)


def test_a_membership_from_before_the_portal_joined_on_its_start_date_and_ended_on_its_end_date(
    culture_unit,
):
    """The migration notes such a membership without a decision date: its start and end date
    date the join and the end."""
    start, end = decided_last_quarter(), timezone.localdate()
    MembershipFactory(owner_unit=culture_unit, status=Status.ENDED, start_date=start, end_date=end)
    MembershipFactory(owner_unit=culture_unit, status=Status.ACTIVE, start_date=start)
    migration = importlib.import_module("networks.migrations.0010_timeline_of_earlier_memberships")
    migration.note_earlier_statuses(apps, None)

    assert not MembershipStatusChange.objects.exclude(predates_portal=True).exists()
    assert figure("memberships_joined") == (2, 0)
    assert figure("memberships_ended") == (0, 1)


def test_a_membership_edited_without_a_change_of_status_is_not_counted(
    assessed, strategy_client, strategy_user, culture_client
):
    take_by_service(strategy_user, assessed, "decide", join_decision(decided_last_quarter()))
    edit = reverse("networks:membership-edit", args=[assessed.pk])

    response = culture_client.post(edit, posted_back(culture_client.get(edit), notes="Met in Brussels."))
    assert response.status_code == 302
    assessed.refresh_from_db()
    save_in_admin(strategy_client, assessed, notes="Met in Brussels again.")
    row = membership_row(assessed, Status.ACTIVE, start=csv_date(assessed.start_date))
    imported("memberships", MEMBERSHIP_HEADER, row, user=strategy_user)

    assessed.refresh_from_db()
    assert assessed.notes == "Met in Brussels again."
    assert assessed.status_changes.count() == 1
    assert figure("memberships_joined") == (1, 0)


# Event bids -------------------------------------------------------------------------------------


@pytest.fixture
def bid(culture_unit, culture_user):
    return EventBidFactory(
        name="SETAC Europe 2028",
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=BidStatus.FOR_DECISION,
        expected_impact="Researchers of environmental chemistry meet in Helsinki.",
    )


@pytest.fixture
def submitted(bid):
    decided_on = decided_last_quarter()
    EventBid.objects.filter(pk=bid.pk).update(
        status=BidStatus.SUBMITTED,
        decision_date=decided_on,
        decision="The group supports the bid.",
        minutes_reference="HEL 2026-001234",
    )
    bid.refresh_from_db()
    bid.status_changes.create(
        from_status=BidStatus.FOR_DECISION, status=BidStatus.APPROVED, decision_date=decided_on
    )
    return bid


def bid_decision(day: datetime.date, outcome: str = "approved") -> dict:
    return {
        "outcome": outcome,
        "deciding_body": "major_events_group",
        "decision_date": day.isoformat(),
        "decision_reference": "HEL 2026-012345",
        "note": "The group supports the bid." if outcome == "approved" else "Too costly.",
        "resources_granted": "80000.00" if outcome == "approved" else "",
    }


BID_HEADER = (
    "name,kind,owner_unit,responsible_person,status,starts_on,ends_on,expected_delegates,"
    "decision_date,decision,minutes_reference"
)


def bid_row(name: str, status: str, decided_on: datetime.date | None) -> str:
    decision = f"{csv_date(decided_on)},The group supports the bid.,HEL 2026-001234" if decided_on else ",,"
    return f"{name},congress,kuva,culture,{status},5.6.2028,8.6.2028,2000,{decision}"


@pytest.mark.parametrize("writer", STEP_WRITERS)
@pytest.mark.parametrize("outcome", ["approved", "declined"])
def test_a_bid_decided_counts_in_the_quarter_of_its_decision(
    writer, outcome, bid, strategy_client, strategy_user
):
    take(writer, bid, "decide", bid_decision(decided_last_quarter(), outcome), strategy_client, strategy_user)

    assert figure("bids_decided") == (1, 0)


def test_a_bid_decided_in_the_admin_counts_in_the_quarter_of_its_decision(bid, strategy_client):
    decided_on = decided_last_quarter()
    save_in_admin(
        strategy_client,
        bid,
        status=BidStatus.APPROVED,
        decision_date=decided_on.isoformat(),
        decision="The group supports the bid.",
        minutes_reference="HEL 2026-001234",
    )

    decided = bid.status_changes.get()
    assert (decided.status, decided.decision_date, decided.decision_reference) == (
        BidStatus.APPROVED,
        decided_on,
        "HEL 2026-001234",
    )
    assert decided.changed_on == timezone.localdate()
    assert figure("bids_decided") == (1, 0)


@pytest.mark.parametrize("importer", ["import", "command"])
def test_a_bid_imported_as_decided_counts_in_the_quarter_of_its_decision(
    importer, culture_user, strategy_user, tmp_path
):
    row = bid_row("EAIE 2028", "approved", decided_last_quarter())
    if importer == "command":
        imported_by_command("bids", BID_HEADER, row, user=strategy_user, folder=tmp_path)
    else:
        imported("bids", BID_HEADER, row, user=strategy_user)

    assert EventBidStatusChange.objects.get().decision_date == decided_last_quarter()
    assert figure("bids_decided") == (1, 0)


@pytest.mark.parametrize("writer", STEP_WRITERS)
@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_a_bid_won_or_lost_counts_in_the_quarter_it_was_recorded(
    writer, outcome, submitted, culture_client, culture_user
):
    take(writer, submitted, "outcome", {"outcome": outcome}, culture_client, culture_user)

    assert figure(f"bids_{outcome}") == (0, 1)
    assert figure("bids_decided") == (1, 0)


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_a_bid_won_or_lost_in_the_admin_counts_in_the_quarter_it_was_recorded(
    outcome, submitted, strategy_client
):
    save_in_admin(strategy_client, submitted, status=outcome)

    assert figure(f"bids_{outcome}") == (0, 1)
    assert figure("bids_decided") == (1, 0)


def test_a_bid_imported_as_won_counts_in_the_quarter_it_was_recorded(submitted, strategy_user):
    row = bid_row(submitted.name, "won", decided_last_quarter())

    imported("bids", BID_HEADER, row, user=strategy_user)

    assert list(submitted.status_changes.values_list("from_status", "status")) == [
        ("for_decision", "approved"),
        ("submitted", "won"),
    ]
    assert figure("bids_won") == (0, 1)
    assert figure("bids_decided") == (1, 0)


def test_a_bid_edited_without_a_change_of_status_is_not_counted(submitted, strategy_client, strategy_user):
    save_in_admin(strategy_client, submitted, venue="Finlandia Hall")
    imported(
        "bids", BID_HEADER, bid_row(submitted.name, "submitted", decided_last_quarter()), user=strategy_user
    )

    submitted.refresh_from_db()
    assert submitted.venue == "Finlandia Hall"
    assert submitted.status_changes.count() == 1
    assert figure("bids_decided") == (1, 0)
    assert figure("bids_won") == (0, 0)


# Co-financing -----------------------------------------------------------------------------------


@pytest.fixture
def requested(culture_unit, culture_user):
    CoFinancingAppropriationFactory(year=timezone.localdate().year, amount=Decimal("1000000.00"))
    return ApplicationFactory(
        project_name="Smart blocks",
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=Application.Status.GRANTED,
        eu_grant_granted=Decimal("700000.00"),
        cofinancing_requested=Decimal("100000.00"),
        cofinancing_year=timezone.localdate().year,
    )


@pytest.mark.parametrize("writer", STEP_WRITERS)
def test_co_financing_granted_counts_in_the_quarter_it_was_granted(
    writer, requested, strategy_client, strategy_user
):
    take(
        writer,
        requested,
        "grant_cofinancing",
        {"cofinancing_granted": "80000.00"},
        strategy_client,
        strategy_user,
    )

    assert figure("cofinancing_granted") == (Decimal("0.00"), Decimal("80000.00"))


def test_co_financing_declined_is_not_counted(requested, strategy_client, strategy_user):
    take_by_service(
        strategy_user, requested, "decline_cofinancing", {"note": "The year's money is spoken for."}
    )

    assert figure("cofinancing_granted") == (Decimal("0.00"), Decimal("0.00"))


def test_co_financing_granted_in_the_admin_counts_in_the_quarter_it_was_granted(requested, strategy_client):
    save_in_admin(strategy_client, requested, cofinancing_decision="granted", cofinancing_granted="80000.00")

    assert CoFinancingChange.objects.get().status == "granted"
    assert figure("cofinancing_granted") == (Decimal("0.00"), Decimal("80000.00"))


def test_co_financing_imported_as_granted_counts_in_the_quarter_it_was_imported(
    requested, culture_user, strategy_user
):
    header = (
        "project_name,owner_unit,responsible_person,status,call,total_budget,city_budget,"
        "eu_grant_requested,eu_grant_granted,cofinancing_requested,cofinancing_granted,cofinancing_year"
    )
    year = timezone.localdate().year
    row = (
        f"Smart blocks,kuva,culture,granted,{requested.call.identifier},1000000,200000,800000,700000,"
        f"100000,80000,{year}"
    )

    imported("applications", header, row, user=strategy_user)

    assert list(requested.cofinancing_changes.values_list("from_status", "status")) == [
        ("requested", "granted")
    ]
    assert figure("cofinancing_granted") == (Decimal("0.00"), Decimal("80000.00"))


def test_an_application_edited_after_its_grant_is_not_counted_again(
    requested, strategy_client, strategy_user
):
    take_by_service(strategy_user, requested, "grant_cofinancing", {"cofinancing_granted": "80000.00"})
    requested.refresh_from_db()

    save_in_admin(strategy_client, requested, acronym="SMART")

    requested.refresh_from_db()
    assert requested.acronym == "SMART"
    assert requested.cofinancing_changes.count() == 1
    assert figure("cofinancing_granted") == (Decimal("0.00"), Decimal("80000.00"))
