"""An application imported (through the portal's import page, `manage.py import` or row by row in
the admin) writes the same timeline rows and domain events as a save in the portal, so that the
quarterly summary counts an application imported as granted."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eu_projects.models import Application, ApplicationStatusChange, CoFinancingChange
from eu_projects.resources import ApplicationResource
from helsinki_intl.coordination.summary import Period, build_summary
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.imports.uploads import read_upload
from tests.eu_projects.factories import ApplicationFactory, CallFactory, CoFinancingAppropriationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "project_name,owner_unit,responsible_person,status,call,total_budget,city_budget,"
    "eu_grant_requested,eu_grant_granted,cofinancing_requested,cofinancing_granted,cofinancing_year"
)


@pytest.fixture
def call(db):
    return CallFactory(identifier="HORIZON-CL5-2026-09-D4-03")


@pytest.fixture
def appropriation(db):
    return CoFinancingAppropriationFactory(year=timezone.localdate().year, amount=Decimal("1000000"))


def applications_file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def granted_row(user, name: str = "Smart blocks", status: str = "granted") -> str:
    granted = "900000" if status == "granted" else ""
    cofinancing = "80000" if status == "granted" else ""
    return (
        f"{name},kuva,{user.username},{status},HORIZON-CL5-2026-09-D4-03,"
        f"2000000,1000000,1000000,{granted},100000,{cofinancing},{timezone.localdate().year}"
    )


def this_quarter() -> Period:
    today = timezone.localdate()
    return Period.quarter(today.year, (today.month + 2) // 3)


def assert_written_as_granted(application: Application, user) -> None:
    [row] = application.status_changes.all()
    assert (row.from_status, row.status, row.changed_by, row.changed_on) == (
        "",
        "granted",
        user,
        timezone.localdate(),
    )
    assert row.history.filter(history_type="+").count() == 1
    [step] = application.cofinancing_changes.all()
    assert (step.status, step.amount, step.changed_by) == ("granted", Decimal("80000.00"), user)
    [event] = DomainEvent.objects.about(application)
    assert (event.kind, event.actor, event.payload) == (
        "application.created",
        user,
        {"via": "import", "status": "granted"},
    )
    summary = build_summary(this_quarter())
    assert summary.value("applications_granted") == 1
    assert summary.value("cofinancing_granted") == Decimal("80000.00")


def test_an_application_imported_as_granted_through_the_portal_is_counted_by_the_summary(
    strategy_client, strategy_user, culture_unit, culture_user, call, appropriation
):
    data = applications_file(granted_row(culture_user))
    preview = strategy_client.post(
        reverse("imports"), {"resource": "applications", "file": SimpleUploadedFile("a.csv", data)}
    )
    assert preview.status_code == 200
    assert not ApplicationStatusChange.objects.exists()  # the dry run wrote nothing
    strategy_client.post(reverse("imports-confirm"))

    application = Application.objects.get()
    assert application.cofinancing_decision == "granted"
    assert_written_as_granted(application, strategy_user)


def test_an_application_imported_as_granted_by_the_command_is_counted_by_the_summary(
    strategy_user, culture_unit, culture_user, call, appropriation, tmp_path
):
    path = tmp_path / "applications.csv"
    path.write_bytes(applications_file(granted_row(culture_user)))

    call_command("import", "applications", str(path), "--user", "strategy", "--language", "en")

    assert_written_as_granted(Application.objects.get(), strategy_user)


def test_an_imported_status_change_is_noted_from_the_status_before_it(
    strategy_user, culture_unit, culture_user, call, appropriation
):
    earlier = ApplicationFactory(
        project_name="Smart blocks",
        owner_unit=culture_unit,
        responsible_person=culture_user,
        call=call,
        status="submitted",
        cofinancing_requested=Decimal("100000"),
        cofinancing_year=timezone.localdate().year,
    )
    unchanged = ApplicationFactory(
        project_name="Quiet harbours",
        owner_unit=culture_unit,
        responsible_person=culture_user,
        call=call,
        total_budget=Decimal("2000000"),
        city_budget=Decimal("1000000"),
        eu_grant_requested=Decimal("1000000"),
        cofinancing_year=timezone.localdate().year,
    )
    rows = [granted_row(culture_user), granted_row(culture_user, "Quiet harbours", status="preparing")]
    rows[1] = rows[1].replace(",100000,,", ",,,")  # as saved: no co-financing asked

    report = import_file(
        resource="applications",
        data=applications_file(*rows),
        file_name="a.csv",
        user=strategy_user,
        dry_run=False,
    )

    assert report.saved, [row.errors for row in report.rows]
    assert [row.status for row in report.rows] == ["changed", "unchanged"]
    assert list(earlier.status_changes.values_list("from_status", "status")) == [("submitted", "granted")]
    assert list(earlier.cofinancing_changes.values_list("from_status", "status")) == [
        ("requested", "granted")
    ]
    # Each state moved is the step that moves it, as if the step had been taken.
    assert [(event.kind, event.payload) for event in DomainEvent.objects.about(earlier)] == [
        (
            "application.eu_decision",
            {
                "via": "import",
                "from_status": "submitted",
                "status": "granted",
                "eu_grant_granted": "900000.00",
            },
        ),
        (
            "application.grant_cofinancing",
            {
                "via": "import",
                "from_cofinancing_decision": "requested",
                "cofinancing_decision": "granted",
                "status": "granted",
                "cofinancing_granted": "80000.00",
                "amount": "80000.00",
                "year": timezone.localdate().year,
            },
        ),
    ]
    assert not DomainEvent.objects.about(unchanged).exists()


def test_the_bulk_import_writes_the_rows_that_saves_one_by_one_write(
    strategy_user, culture_unit, culture_user, call, appropriation
):
    """The same file imported in bulk and row by row (as the admin's import of a register with
    lists does) leaves the same timeline rows and events."""
    data = applications_file(
        granted_row(culture_user), granted_row(culture_user, "Quiet harbours", "preparing")
    )

    def written() -> list:
        rows = sorted(
            ApplicationStatusChange.objects.values_list("application__project_name", "from_status", "status")
        )
        steps = sorted(
            CoFinancingChange.objects.values_list(
                "application__project_name", "from_status", "status", "amount"
            )
        )
        events = sorted(
            (event.kind, str(event.record), event.payload["status"]) for event in DomainEvent.objects.all()
        )
        return [rows, steps, events]

    assert import_file(
        resource="applications", data=data, file_name="a.csv", user=strategy_user, dry_run=False
    ).saved
    in_bulk = written()
    assert len(in_bulk[0]) == 2 and len(in_bulk[2]) == 2
    Application.objects.all().delete()
    DomainEvent.objects.all().delete()

    resource = ApplicationResource(user=strategy_user, file_name="a.csv", html_diff=True)
    assert not resource._meta.use_bulk
    dataset = read_upload(data)
    resource.normalise_headers(dataset)
    result = resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    assert not result.has_validation_errors()
    assert written() == in_bulk
