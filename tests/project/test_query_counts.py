"""Every page that shows records takes at most ten queries (session and user included), and the
same number with five rows as with fifty: a page that asks once per row fails here.

Each measured request finds the caches empty, as the first request after a change of the data
does: a request that reads the cache would hide the queries of whatever it cached. That the pages
which cache read the cache on the next request is a test of its own.

The pages come from the URL conf, like the permission walk's. A list grows by records of its
register; a detail page and a history page by the rows the record owns and by its changes; the
dashboard, the review queue, the calendar feeds and the summary by records of every register.
"""

import datetime
import io
import zipfile
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity
from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from events.models import EventBid
from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.documents.models import Document
from helsinki_intl.records.attached import content_type_of, is_attachable
from helsinki_intl.strategy.models import SDG
from networks.models import Membership, MembershipReview, Network
from partnerships.models import Partner, Partnership, PartnershipReview
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    OrgUnitFactory,
    PriorityFactory,
    PriorityNetworkFactory,
    RoleFactory,
    StrategyPeriodFactory,
)
from tests.journal.factories import journal_entry
from tests.partnerships.factories import (
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
)

from .urlwalk import portal_pages

# The most a page takes: a membership's page reads the session, the person, the record, its six
# lists (units, priorities, SDGs, goals, roles, reviews with their outcomes), its timeline, its
# documents and its journal, and for its trail year by year its fee's history and the records of
# other registers linked to it.
MAX_QUERIES = 15
FEW, MANY = 5, 50

# The pages that show records: lists, detail pages, histories and the coordination pages.
RECORD_PAGE_SUFFIXES = ("-list", "-detail", "-history")
COORDINATION_PAGES = (
    "home",
    "coordination:review-queue",
    "coordination:calendar",
    "coordination:calendar-personal",
    "coordination:calendar-city",
    "coordination:summary",
    "coordination:summary-breakdown",
    "activities:calendar",
)
PAGES = [
    page
    for page in portal_pages(skip={"admin": "its own tests", "api": "its own tests (tests/api)"})
    if page.name.endswith(RECORD_PAGE_SUFFIXES) or page.name in COORDINATION_PAGES
]


# What makes each page grow -----------------------------------------------------------------------


def today() -> datetime.date:
    """Helsinki's date, read when a test asks for it, as the portal reads it per request."""
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def new_records(model, n: int, unit, user) -> None:
    """`n` records of a register, each with what its list row shows."""
    mine = {"owner_unit": unit, "responsible_person": user}
    for i in range(n):
        if model is Network:
            NetworkFactory(owner_unit=unit)
        elif model is Membership:
            MembershipFactory(active=True, next_review_due=days(i % 40 - 5), **mine)
        elif model is Partner:
            PartnershipFactory(partner=PartnerFactory(owner_unit=unit), owner_unit=unit)
        elif model is Partnership:
            PartnershipFactory(active=True, next_review_due=days(i % 40 - 5), **mine)
        elif model is Programme:
            CallFactory(programme=ProgrammeFactory())
        elif model is Call:
            CallFactory(owner_unit=unit, deadline=timezone.now() + datetime.timedelta(days=i % 50 + 1))
        elif model is Application:
            ApplicationFactory(**mine)
        elif model is CoFinancingAppropriation:
            CoFinancingAppropriationFactory(year=2000 + i)
            ApplicationFactory(cofinancing_year=2000 + i)
        elif model is EventBid:
            EventBidFactory(status="for_decision", starts_on=days(i + 10), **mine)
        elif model is Activity:
            activity = ActivityFactory(starts_on=today(), ends_on=today(), **mine)
            activity.participating_units.set([unit])
            activity.priorities.set([PriorityFactory()])
        else:
            pytest.fail(f"{model.__name__}: teach new_records to add its records")


def owned_rows(record, n: int, user) -> None:
    """`n` more of each kind of row the record owns, and `n` more changes in its history."""
    if isinstance(record, Network):
        MembershipFactory.create_batch(n, network=record)
        PriorityNetworkFactory(network=record, period=StrategyPeriodFactory(name=f"Period {record.pk}-{n}"))
    elif isinstance(record, Membership):
        goals = MembershipGoalFactory.create_batch(n, membership=record)
        RoleFactory.create_batch(n, membership=record)
        for _ in range(n):
            review = MembershipReview.objects.create(
                membership=record, reviewer=user, benefit_assessment="Useful", recommendation="continue"
            )
            review.outcomes.create(goal=goals[0], outcome="met")
    elif isinstance(record, Partner):
        PartnershipFactory.create_batch(n, partner=record)
    elif isinstance(record, Partnership):
        goals = PartnershipGoalFactory.create_batch(n, partnership=record)
        for _ in range(n):
            review = PartnershipReview.objects.create(
                partnership=record, reviewer=user, benefit_assessment="Useful", recommendation="continue"
            )
            review.outcomes.create(goal=goals[0], outcome="met")
    elif isinstance(record, Programme):
        CallFactory.create_batch(n, programme=record)
    elif isinstance(record, Call):
        ApplicationFactory.create_batch(n, call=record)
    elif isinstance(record, Application):
        ApplicationStatusChangeFactory.create_batch(n, application=record)
    elif isinstance(record, CoFinancingAppropriation):
        ApplicationFactory.create_batch(n, cofinancing_year=record.year)
    elif isinstance(record, Activity):
        # What its synergies name: activities to the same place and the partnerships there.
        ActivityFactory.create_batch(n, starts_on=record.starts_on, ends_on=record.ends_on)
        for _ in range(n):
            PartnershipFactory(partner=PartnerFactory(country=record.country))
        record.participating_units.add(*OrgUnitFactory.create_batch(n))
    if is_attachable(record):
        for number in range(n):
            journal_entry(record, author=user, text=f"Entry {number}")
            Document.objects.create(
                content_type=content_type_of(record),
                object_id=record.pk,
                file=f"documents/counted-{record.pk}-{number}",
                name=f"document-{number}.pdf",
                media_type="application/pdf",
                size=100,
                uploaded_by=user,
            )
    for _ in range(n):
        type(record).objects.get(pk=record.pk).save()  # a history entry each


def every_register(n: int, unit, user) -> None:
    for model in (Membership, Partnership, Application, EventBid, Call, Activity):
        new_records(model, n, unit, user)


RECORDS = {
    Network: lambda unit: NetworkFactory(owner_unit=unit),
    Membership: lambda unit: MembershipFactory(active=True, owner_unit=unit),
    Partner: lambda unit: PartnerFactory(owner_unit=unit),
    Partnership: lambda unit: PartnershipFactory(active=True, owner_unit=unit),
    Programme: lambda unit: ProgrammeFactory(),
    Call: lambda unit: CallFactory(owner_unit=unit),
    Application: lambda unit: ApplicationFactory(owner_unit=unit),
    CoFinancingAppropriation: lambda unit: CoFinancingAppropriationFactory(),
    EventBid: lambda unit: EventBidFactory(owner_unit=unit),
    Activity: lambda unit: ActivityFactory(owner_unit=unit),
}


@pytest.fixture
def page_growing(strategy_user, strategy_unit):
    """For a page: its URL and a function that adds `n` rows of what the page shows."""

    def prepare(page):
        unit, user = strategy_unit, strategy_user
        if page.name.endswith("-list"):
            return reverse(page.name), lambda n: new_records(page.model, n, unit, user)
        if page.name.endswith(("-detail", "-history")):
            record = RECORDS[page.model](unit)
            return reverse(page.name, args=[record.pk]), lambda n: owned_rows(record, n, user)
        if page.name.startswith("coordination:calendar-"):
            token = CalendarFeed.issue(user)[1]
            return reverse(page.name, args=[token]), lambda n: every_register(n, unit, user)
        if page.name.startswith("coordination:summary"):
            whole_table = {"breakdown": "by-owner-unit"} if "breakdown" in page.arguments else {}
            path = reverse(page.name, kwargs=whole_table)
            path += f"?start={today().replace(month=1, day=1)}&end={today()}"
        else:
            path = reverse(page.name)
        return path, lambda n: every_register(n, unit, user)

    return prepare


def queries_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return [query["sql"] for query in captured.captured_queries]


def empty_caches() -> None:
    for cache in caches.all():
        cache.clear()


def uncached_queries_of(client, path: str) -> list[str]:
    """The queries of a request that finds the caches empty."""
    empty_caches()
    return queries_of(client, path)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_takes_few_queries_however_many_rows_it_shows(
    page, page_growing, strategy_client, django_assert_max_num_queries
):
    path, grow = page_growing(page)
    grow(FEW)
    # A first visit may note the session's activity or a calendar feed's use (once a minute).
    strategy_client.get(path)
    with django_assert_max_num_queries(MAX_QUERIES):
        few = uncached_queries_of(strategy_client, path)

    grow(MANY - FEW)
    strategy_client.get(path)
    with django_assert_max_num_queries(MAX_QUERIES):
        many = uncached_queries_of(strategy_client, path)

    assert len(many) == len(few), "\n".join(many)


# The pages that keep what they computed in the cache: a list's count and filter form, the
# dashboard's figures, the summary's figures and its breakdowns' whole tables.
CACHING_PAGES = [
    page
    for page in PAGES
    if page.name.endswith("-list")
    or page.name in ("home", "coordination:summary", "coordination:summary-breakdown")
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", CACHING_PAGES, ids=str)
def test_a_page_that_caches_takes_fewer_queries_the_second_time(page, page_growing, strategy_client):
    path, grow = page_growing(page)
    grow(FEW)
    strategy_client.get(path)

    uncached = uncached_queries_of(strategy_client, path)
    cached = queries_of(strategy_client, path)

    assert len(cached) < len(uncached), "\n".join(cached)


# The quarterly summary and its files ------------------------------------------------------------


def summary_records(n: int, user) -> None:
    """`n` records of every register the summary counts, this year, each in a unit and a priority
    of its own and in one of the SDGs: a membership joined and reviewed, a partnership, an
    application submitted with co-financing granted, and a bid decided and won.
    """
    period = StrategyPeriodFactory(name="Current period", starts_on=days(-400), ends_on=days(400))
    for i in range(n):
        unit = OrgUnitFactory()
        membership = MembershipFactory(active=True, owner_unit=unit, start_date=today())
        membership.status_changes.create(from_status="assessed", status="active", decision_date=today())
        MembershipReview.objects.create(
            membership=membership, reviewer=user, benefit_assessment="Useful", recommendation="continue"
        )
        PartnershipFactory(active=True, owner_unit=unit)
        application = ApplicationFactory(owner_unit=unit)
        ApplicationStatusChangeFactory(application=application, status="submitted", changed_on=today())
        application.cofinancing_changes.create(from_status="requested", status="granted", amount=1000)
        bid = EventBidFactory(owner_unit=unit, decided=True, decision_date=today())
        bid.status = EventBid.Status.WON
        bid.save()
        bid.status_changes.create(from_status="for_decision", status="approved", decision_date=today())
        bid.status_changes.create(from_status="submitted", status="won")
        priority, sdg = PriorityFactory(period=period), SDG.objects.get(number=i % 17 + 1)
        for record in (membership, application, bid):
            record.priorities.set([priority])
            record.sdgs.set([sdg])


WHOLE_TABLE = "by-owner-unit"


def records_shown(response, download: str) -> int:
    """How many memberships the summary counts, or its file lists; how many units the whole table by
    unit lists (each has a membership)."""
    if download == "xlsx":
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return len(list(workbook["Memberships"].iter_rows())) - 1
    if download == "csv":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return len(archive.read("Memberships.csv").decode("utf-8-sig").splitlines()) - 1
    if download == WHOLE_TABLE:
        return len(response.context["breakdown"].rows)
    return response.context["summary"].value("memberships_joined")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "download", ["", "xlsx", "csv", WHOLE_TABLE], ids=["page", "xlsx", "csv", "whole table by unit"]
)
def test_the_summary_and_its_files_take_few_queries_however_many_records(
    download, strategy_user, strategy_client
):
    params = {"start": today().replace(month=1, day=1), "end": today()}
    if download == WHOLE_TABLE:
        path = f"{reverse('coordination:summary-breakdown', args=[WHOLE_TABLE])}?{urlencode(params)}"
    else:
        path = f"{reverse('coordination:summary')}?{urlencode({**params, 'download': download})}"
    counts = []
    for total, more in [(FEW, FEW), (MANY, MANY - FEW)]:
        summary_records(more, strategy_user)
        strategy_client.get(path)
        empty_caches()
        with CaptureQueriesContext(connection) as captured:
            response = strategy_client.get(path)

        assert response.status_code == 200
        assert records_shown(response, download) == total
        assert len(captured) <= MAX_QUERIES, "\n".join(query["sql"] for query in captured.captured_queries)
        counts.append(len(captured))

    assert counts[1] == counts[0]
    with CaptureQueriesContext(connection) as cached:
        strategy_client.get(path)
    assert len(cached) < counts[1], "the figures and the files are read from the cache"


def test_every_page_that_shows_records_is_walked():
    names = {page.name for page in PAGES}

    assert set(COORDINATION_PAGES) <= names
    assert {"networks:membership-list", "networks:membership-detail", "networks:membership-history"} <= names
