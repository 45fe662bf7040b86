"""No writer grants co-financing beyond what the year's appropriation has left: not the grant
step, not the admin, not an import, and not two of them at the same moment (the year's
appropriation row is locked by each before it weighs the grant)."""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from eu_projects.appropriation_ledger import AppropriationLedger
from eu_projects.models import Application, CoFinancingAppropriation, CoFinancingAppropriationQuerySet
from eu_projects.process import APPLICATION_PROCESS
from helsinki_intl.organisation import roles
from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.process import step_take
from tests.eu_projects.factories import ApplicationFactory, CoFinancingAppropriationFactory
from tests.eu_projects.helpers import this_year
from tests.factories import UserFactory
from tests.records.writers import form_post_data, import_file_of

LEFT_40000 = "The {year} appropriation has €40,000.00 left; this grant would take it below zero."
ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks to wait on"
)


def requesting(**fields) -> Application:
    """An application the EU granted, asking 60,000 euros of this year's appropriation."""
    return ApplicationFactory(
        status="granted",
        eu_grant_granted=Decimal("1"),
        cofinancing_requested=Decimal("60000.00"),
        cofinancing_year=this_year(),
        **fields,
    )


def admin_grant_data(client, application, amount: str) -> dict:
    url = reverse("admin:eu_projects_application_change", args=[application.pk])
    context = client.get(url).context
    data = form_post_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        data.update(form_post_data(inline.formset))
    return {**data, "cofinancing_decision": "granted", "cofinancing_granted": amount}


@pytest.fixture
def appropriation(db):
    return CoFinancingAppropriationFactory(year=this_year(), amount=Decimal("100000.00"))


@pytest.mark.django_db
def test_the_admin_grants_no_more_than_the_year_has_left(strategy_client, appropriation):
    requesting(project_name="Granted before", cofinancing_granted=Decimal("60000.00"))
    application = requesting(project_name="Smart blocks")
    url = reverse("admin:eu_projects_application_change", args=[application.pk])

    response = strategy_client.post(url, admin_grant_data(strategy_client, application, "60000.00"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cofinancing_granted"] == [
        LEFT_40000.format(year=this_year())
    ]
    assert Application.objects.get(pk=application.pk).cofinancing_granted is None


@pytest.mark.django_db
def test_an_import_grants_no_more_than_the_year_has_left(strategy_user, appropriation):
    requesting(project_name="Granted before", cofinancing_granted=Decimal("60000.00"))
    application = requesting(project_name="Smart blocks")
    data = import_file_of(application, "applications", cofinancing_granted="60000.00")

    report = import_file(
        resource="applications", data=data, file_name="a.csv", user=strategy_user, dry_run=False
    )

    assert not report.saved
    assert [error.message for row in report.rows for error in row.errors] == [
        LEFT_40000.format(year=this_year())
    ]
    assert Application.objects.get(pk=application.pk).cofinancing_granted is None


# Two grants at the same moment ------------------------------------------------------------------


def met_after(original, meeting: threading.Barrier, met: threading.local):
    """`original`, after which each thread waits (once) for the other to have weighed its grant
    too: without a lock both weigh the same balance; with one, the second waits on the lock, the
    first gives up waiting and goes on."""

    def weighed(*args, **kwargs):
        result = original(*args, **kwargs)
        if not getattr(met, "done", False):
            met.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                meeting.wait(timeout=3)
        return result

    return weighed


@pytest.fixture
def weighed_at_the_same_moment(monkeypatch):
    """Makes two grants weigh what the year has left at the same moment, unless a lock stops one."""
    meeting, met = threading.Barrier(2), threading.local()
    monkeypatch.setattr(
        CoFinancingAppropriationQuerySet,
        "balance",
        met_after(CoFinancingAppropriationQuerySet.balance, meeting, met),
    )
    monkeypatch.setattr(AppropriationLedger, "balance", met_after(AppropriationLedger.balance, meeting, met))


def at_the_same_moment(*grants) -> list:
    """Runs each grant in a thread of its own, with its own database connection; their outcomes."""
    outcomes = [None] * len(grants)

    def run(index, grant):
        try:
            outcomes[index] = grant()
        except Exception as error:  # the outcome is what the test reads
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, grant)) for index, grant in enumerate(grants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def by_step(application, decider):
    def grant():
        step = APPLICATION_PROCESS.step("grant_cofinancing")
        record, form = step_take(
            record=application, step=step, by=decider, data={"cofinancing_granted": "60000.00"}
        )
        return "granted" if record is not None else form.errors.as_text()

    return grant


def assert_one_granted(outcomes: list) -> None:
    assert sorted(outcome == "granted" for outcome in outcomes) == [False, True], outcomes
    balance = CoFinancingAppropriation.objects.balance(this_year())
    assert (balance.granted, balance.left) == (Decimal("60000.00"), Decimal("40000.00"))


@ONLY_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_grant_in_the_admin_and_a_step_at_the_same_moment_never_overdraw(weighed_at_the_same_moment):
    CoFinancingAppropriationFactory(year=this_year(), amount=Decimal("100000.00"))
    decider = UserFactory(username="decider", groups=[roles.INTERNATIONAL_AFFAIRS], is_staff=True)
    in_admin, by_the_step = requesting(project_name="Smart blocks"), requesting(project_name="Green ports")
    client = Client()
    client.force_login(decider)
    url = reverse("admin:eu_projects_application_change", args=[in_admin.pk])
    data = admin_grant_data(client, in_admin, "60000.00")

    def admin_grant():
        response = client.post(url, data)
        return "granted" if response.status_code == 302 else response.context["adminform"].form.errors

    assert_one_granted(at_the_same_moment(admin_grant, by_step(by_the_step, decider)))


@ONLY_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_an_import_and_a_step_granting_at_the_same_moment_never_overdraw(weighed_at_the_same_moment):
    CoFinancingAppropriationFactory(year=this_year(), amount=Decimal("100000.00"))
    decider = UserFactory(username="decider", groups=[roles.INTERNATIONAL_AFFAIRS], is_staff=True)
    imported, by_the_step = requesting(project_name="Smart blocks"), requesting(project_name="Green ports")
    data = import_file_of(imported, "applications", cofinancing_granted="60000.00")

    def import_grant():
        report = import_file(
            resource="applications", data=data, file_name="a.csv", user=decider, dry_run=False
        )
        return "granted" if report.saved else [error.message for row in report.rows for error in row.errors]

    assert_one_granted(at_the_same_moment(import_grant, by_step(by_the_step, decider)))
