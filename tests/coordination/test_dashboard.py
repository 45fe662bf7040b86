"""The dashboard (the home page): its figures, the lists behind them, the person's own section,
and its constant number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eu_projects.dashboard import CALL_DEADLINE_WINDOW_DAYS
from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.coordination.dashboard import LIST_LENGTH
from helsinki_intl.organisation import roles
from helsinki_intl.records.querysets import REVIEW_DUE_SOON_DAYS
from helsinki_intl.strategy.models import SDG
from networks.models import Membership
from partnerships.models import Partnership
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import ApplicationFactory, CallFactory, CoFinancingAppropriationFactory
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrgUnitFactory,
    PriorityFactory,
    PriorityNetworkFactory,
    RoleFactory,
    StrategyPeriodFactory,
    UserFactory,
)
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")

DASHBOARD_QUERIES = 11
"""Session, user (with units and groups) and the page's 9 (see `helsinki_intl.coordination.dashboard`):
the ninth is the list of international affairs' panel of programmes named but not in the register,
one query however many there are, read and cached with the city's other panels."""


def today() -> datetime.date:
    """Helsinki's date, read when a test asks for it, as the portal reads it per request."""
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def html(response) -> str:
    return response.content.decode()


def dashboard(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def rows_listed(client, url: str) -> int:
    """How many rows the list behind a dashboard link shows."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def linked(response, figure) -> bool:
    return f'href="{figure.url.replace("&", "&amp;")}"' in html(response)


def heading_position(response, text: str) -> int:
    match = re.search(rf"<h2[^>]*>{re.escape(text)}</h2>", html(response))
    assert match, text
    return match.start()


def current_period():
    return StrategyPeriodFactory(
        name="2025–2029", starts_on=today() - datetime.timedelta(days=400), ends_on=days(1000)
    )


# Access -----------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_the_page_has_one_h1_and_a_title(culture_client):
    page = html(dashboard(culture_client))

    assert page.count("<h1") == 1
    assert "<title>Dashboard – International activities portal</title>" in page


# Reviews and what records miss ------------------------------------------------------------------


@pytest.fixture
def reviewables_data():
    """Memberships and partnerships with a distinct number in each review and ownership figure.

    Every other record is current, has goals and an active owner and person, and is due in a year.
    """
    left = {"responsible_person__is_active": False}
    inactive_unit = {"owner_unit__is_active": False}
    for factory, counts in (
        (MembershipFactory, {"overdue": 1, "upcoming": 2, "unit": 3, "person": 4, "goals": 5}),
        (PartnershipFactory, {"overdue": 2, "upcoming": 3, "unit": 1, "person": 5, "goals": 4}),
    ):
        factory.create_batch(counts["overdue"], active=True, next_review_due=days(-1))
        upcoming = [days(0), days(REVIEW_DUE_SOON_DAYS), days(10)][: counts["upcoming"]]
        for due in upcoming:
            factory(active=True, next_review_due=due)
        factory(active=True, next_review_due=days(REVIEW_DUE_SOON_DAYS + 1))
        factory.create_batch(counts["unit"], active=True, owner_unit=OrgUnitFactory(is_active=False))
        factory.create_batch(counts["person"], active=True, responsible_person=UserFactory(is_active=False))
        factory.create_batch(counts["goals"], status="active", start_date=datetime.date(2024, 1, 1))
    # Ended records count in nothing, whatever they lack.
    MembershipFactory(status="ended", end_date=days(-400), next_review_due=days(-5), **inactive_unit, **left)
    PartnershipFactory(status="ended", end_date=days(-400), next_review_due=days(-5), **left)
    # Not yet under review: no goals are needed yet.
    MembershipFactory(status="proposed")


def figures_of(response) -> dict[str, dict[str, int]]:
    return {
        row.reviewable.key: {
            "overdue": row.overdue.count,
            "upcoming": row.upcoming.count,
            "unit": row.inactive_owner_unit.count,
            "person": row.inactive_responsible_person.count,
            "goals": row.no_goals.count,
        }
        for row in response.context["reviewable_figures"]
    }


def test_review_and_ownership_figures(coordinator_client, reviewables_data):
    response = dashboard(coordinator_client)

    assert figures_of(response) == {
        "membership": {"overdue": 1, "upcoming": 2, "unit": 3, "person": 4, "goals": 5},
        "partnership": {"overdue": 2, "upcoming": 3, "unit": 1, "person": 5, "goals": 4},
    }


def test_each_review_and_ownership_figure_links_to_the_rows_it_counts(coordinator_client, reviewables_data):
    response = dashboard(coordinator_client)

    for row in response.context["reviewable_figures"]:
        for figure in (
            row.overdue,
            row.upcoming,
            row.inactive_owner_unit,
            row.inactive_responsible_person,
            row.no_goals,
        ):
            assert linked(response, figure)
            assert rows_listed(coordinator_client, figure.url) == figure.count, figure.url


def test_the_review_table_reads_by_register(coordinator_client, reviewables_data):
    page = html(dashboard(coordinator_client))

    table = page.split("Reviews overdue and coming up, by register", 1)[1].split("</table>", 1)[0]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, flags=re.S)
    ]
    assert cells == [
        "Register", "Overdue", f"Due within {REVIEW_DUE_SOON_DAYS} days",
        "Memberships", "1", "2",
        "Partnerships", "2", "3",
    ]  # fmt: skip


def test_a_zero_is_not_a_link(coordinator_client):
    response = dashboard(coordinator_client)

    row = response.context["reviewable_figures"][0]
    assert row.overdue.count == 0
    assert not linked(response, row.overdue)


# Event bids, calls, the appropriation -----------------------------------------------------------


def test_event_bids_waiting_for_a_decision(culture_client):
    waiting = [
        EventBidFactory(
            name=f"Waiting {n}", status="for_decision", starts_on=days(300 - n), ends_on=days(301)
        )
        for n in range(3)
    ]
    EventBidFactory(status="idea")
    EventBidFactory(status="approved", decided=True)

    response = dashboard(culture_client)

    bids = response.context["bids_waiting"]
    assert (bids.total, bids.rows) == (3, waiting[::-1])
    assert rows_listed(culture_client, bids.url) == 3
    assert "3 bids on the major-events coordination group's agenda" in html(response)


def test_call_deadlines_in_the_next_sixty_days(culture_client):
    now = timezone.now()
    opened = now - datetime.timedelta(days=30)
    soon = CallFactory(opens_at=opened, deadline=now + datetime.timedelta(days=1))
    later = CallFactory(
        opens_at=opened, deadline=now + datetime.timedelta(days=CALL_DEADLINE_WINDOW_DAYS - 1)
    )
    CallFactory(opens_at=opened, deadline=now + datetime.timedelta(days=CALL_DEADLINE_WINDOW_DAYS + 1))
    CallFactory(opens_at=opened - datetime.timedelta(days=60), deadline=now - datetime.timedelta(days=1))

    response = dashboard(culture_client)

    calls = response.context["call_deadlines"]
    assert (calls.total, calls.rows) == (2, [soon, later])
    assert rows_listed(culture_client, calls.url) == 2
    assert soon.identifier in html(response)


def test_the_appropriation_of_this_year_in_euros(culture_client):
    appropriation = CoFinancingAppropriationFactory(year=today().year, amount=Decimal("1500000.00"))
    ApplicationFactory(
        status="granted",
        cofinancing_year=today().year,
        cofinancing_requested=Decimal("100000.00"),
        cofinancing_granted=Decimal("40000.00"),
    )
    ApplicationFactory(cofinancing_year=today().year, cofinancing_requested=Decimal("25000.00"))
    ApplicationFactory(
        status="rejected", cofinancing_year=today().year, cofinancing_requested=Decimal("999000.00")
    )

    page = html(dashboard(culture_client))

    section = page.split(f"Central project appropriation {today().year}", 1)[1]
    for label, amount in (
        ("Appropriation", "€1,500,000.00"),
        ("Co-financing requested", "€125,000.00"),
        ("Co-financing granted", "€40,000.00"),
        ("Left", "€1,460,000.00"),
    ):
        assert re.search(rf"<dt>{label}</dt><dd[^>]*>{re.escape(amount)}</dd>", section), label
    assert appropriation.get_absolute_url() in section


def test_without_an_appropriation_the_page_says_so(culture_client):
    page = html(dashboard(culture_client))

    assert f"No central project appropriation has been entered for {today().year}." in page


# Priority networks and roles --------------------------------------------------------------------


def test_priority_networks_of_the_current_period(culture_client):
    period = current_period()
    eurocities = PriorityNetworkFactory(period=period, network__name="Eurocities").network
    PriorityNetworkFactory(period=period, network__name="C40", is_target=True)
    PriorityNetworkFactory(period=StrategyPeriodFactory(), network__name="Old priority")
    MembershipFactory(network=eurocities, active=True)
    MembershipFactory(network=eurocities, status="proposed")
    MembershipFactory(network=eurocities, status="ended", end_date=days(-10))

    response = dashboard(culture_client)

    networks = response.context["priority_networks"]
    assert [(row.network.name, row.is_target, row.memberships) for row in networks.rows] == [
        ("C40", True, 0),
        ("Eurocities", False, 2),
    ]
    assert rows_listed(culture_client, networks.url) == networks.total == 2
    assert "Priority networks 2025–2029" in html(response)


def test_the_period_in_force_is_shown_as_current_without_a_note(culture_client):
    StrategyPeriodFactory()  # 2021–2025, ended
    current_period()

    response = dashboard(culture_client)

    assert response.context["period"].name == "2025–2029"
    assert "No strategy period is in force today" not in html(response)


def test_with_no_period_in_force_the_latest_is_shown_and_said_to_be_so(culture_client):
    StrategyPeriodFactory(
        name="2017–2021", starts_on=datetime.date(2017, 6, 1), ends_on=datetime.date(2021, 5, 31)
    )
    StrategyPeriodFactory(starts_on=days(-1500), ends_on=days(-30))  # 2021–2025, the latest, ended
    StrategyPeriodFactory(name="Next", starts_on=days(30), ends_on=days(1500))  # not begun

    response = dashboard(culture_client)

    assert response.context["period"].name == "2021–2025"
    assert response.context["period_in_force"] is False
    page = html(response)
    assert (
        "No strategy period is in force today: the priorities are those of the latest period, 2021–2025"
        in page
    )
    assert "No strategy period is in force today; these are of the latest, 2021–2025." in page


def test_roles_the_city_holds(culture_client):
    ending_soon = RoleFactory(
        title="Forum chair", membership__active=True, start_date=days(-100), end_date=days(20)
    )
    open_ended = RoleFactory(title="Board member", membership__active=True, start_date=None, end_date=None)
    RoleFactory(title="Vice chair", membership=open_ended.membership, start_date=days(-5), end_date=days(200))
    RoleFactory(title="Ended", membership__active=True, start_date=days(-400), end_date=days(-1))
    RoleFactory(title="Not yet", membership__active=True, start_date=days(10), end_date=days(400))
    RoleFactory(
        title="Of an ended membership",
        membership__status="ended",
        membership__end_date=days(-30),
        start_date=None,
        end_date=None,
    )

    response = dashboard(culture_client)

    roles = response.context["roles"]
    assert [role.title for role in roles.rows] == ["Forum chair", "Vice chair", "Board member"]
    memberships = response.context["memberships_with_roles"]
    assert memberships.count == 2
    assert rows_listed(culture_client, memberships.url) == 2
    assert ending_soon.membership.network.name in html(response)


# The portfolio ----------------------------------------------------------------------------------


@pytest.fixture
def portfolio(culture_unit, urban_unit):
    """Current and closed records tagged with two priorities and two SDGs, in two units."""
    period = current_period()
    talent, climate = PriorityFactory.create_batch(2, period=period)
    health, cities = SDG.objects.get(number=3), SDG.objects.get(number=11)

    def tagged(record, priorities=(), sdgs=()):
        record.priorities.set(priorities)
        record.sdgs.set(sdgs)
        return record

    for _ in range(3):
        tagged(MembershipFactory(owner_unit=culture_unit, active=True), [talent], [cities])
    tagged(MembershipFactory(owner_unit=urban_unit, status="proposed"), [climate], [cities])
    tagged(MembershipFactory(owner_unit=culture_unit, status="ended", end_date=days(-5)), [talent], [cities])
    for _ in range(2):
        tagged(PartnershipFactory(owner_unit=urban_unit, active=True), [talent, climate], [health])
    tagged(PartnershipFactory(owner_unit=urban_unit, status="ended", end_date=days(-5)), [talent])
    tagged(ApplicationFactory(owner_unit=culture_unit, status="submitted"), [climate], [health, cities])
    tagged(ApplicationFactory(owner_unit=culture_unit, status="withdrawn"), [climate])
    tagged(ApplicationFactory(owner_unit=culture_unit, status="closed"), [climate])
    for _ in range(4):
        tagged(EventBidFactory(owner_unit=urban_unit, status="for_decision"), [talent])
    tagged(EventBidFactory(owner_unit=urban_unit, status="lost", decided=True), [talent])
    tagged(EventBidFactory(owner_unit=urban_unit, status="held", decided=True), [talent])
    for _ in range(2):
        tagged(ActivityFactory(owner_unit=culture_unit), [climate], [cities])
    tagged(ActivityFactory(owner_unit=culture_unit, status="cancelled"), [climate], [cities])
    return {"talent": talent, "climate": climate, "health": health, "cities": cities}


def chart(response, caption: str):
    return next(chart for chart in response.context["charts"] if chart.caption == caption)


def counts(row) -> list[int]:
    return [figure.count for figure in row.figures]


def test_the_portfolio_by_priority_unit_and_sdg(culture_client, portfolio, culture_unit, urban_unit):
    response = dashboard(culture_client)

    by_priority = chart(response, "Current records by priority")
    assert [(row.subject, counts(row), row.total) for row in by_priority.rows] == [
        (portfolio["talent"], [3, 2, 0, 4, 0], 9),
        (portfolio["climate"], [1, 2, 1, 0, 2], 6),
    ]
    by_unit = chart(response, "Current records by owner unit")
    assert [(row.subject, counts(row)) for row in by_unit.rows] == [
        (urban_unit, [1, 2, 0, 4, 0]),
        (culture_unit, [3, 0, 1, 0, 2]),
    ]
    by_sdg = {
        row.subject.number: counts(row)
        for row in chart(response, "Current records by sustainable development goal").rows
    }
    assert by_sdg[3] == [0, 2, 1, 0, 0]
    assert by_sdg[11] == [4, 0, 1, 0, 2]
    assert by_sdg[1] == [0, 0, 0, 0, 0]


def test_each_portfolio_number_links_to_the_rows_it_counts(culture_client, portfolio):
    response = dashboard(culture_client)

    checked = 0
    for each in response.context["charts"]:
        for row in each.rows:
            for figure in row.figures:
                if figure.count:
                    assert linked(response, figure)
                    assert rows_listed(culture_client, figure.url) == figure.count, figure.url
                    checked += 1
    assert checked == 7 + 6 + 5


def test_a_chart_is_a_table_with_a_bar_drawn_without_styles_or_scripts(culture_client, portfolio):
    page = html(dashboard(culture_client))

    table = page.split("<caption>Current records by priority</caption>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Priority' in table
    bars = re.findall(r'<svg aria-hidden="true"[^>]*><rect width="(\d+)" height="10"></rect></svg>', table)
    assert bars == ["100", "67"]
    main = page.split("<main", 1)[1]
    assert "style=" not in main
    assert "<script" not in main  # the page's only script is htmx, loaded in the head


# The person's own section -----------------------------------------------------------------------


@pytest.fixture
def culture_reviews(culture_user, culture_unit):
    mine = {"responsible_person": culture_user, "owner_unit": culture_unit, "active": True}
    overdue = MembershipFactory(network__name="Overdue", next_review_due=days(-3), **mine)
    soon = PartnershipFactory(partner__name="Soon", next_review_due=days(10), **mine)
    MembershipFactory(network__name="Later", next_review_due=days(REVIEW_DUE_SOON_DAYS + 5), **mine)
    MembershipFactory(network__name="Someone else's", active=True, next_review_due=days(-3))
    return overdue, soon


def test_staff_see_their_own_reviews_and_units_first(
    culture_client, culture_reviews, culture_unit, urban_unit
):
    overdue, soon = culture_reviews
    ApplicationFactory(owner_unit=culture_unit, status="idea")
    ApplicationFactory(owner_unit=urban_unit, status="idea")

    response = dashboard(culture_client)

    assert heading_position(response, "Your work") < heading_position(
        response, "The city's international activities"
    )
    reviews = response.context["my_reviews"]
    assert [(due.record, due.is_overdue) for due in reviews.rows] == [(overdue, True), (soon, False)]
    for _reviewable, listing in reviews.listings:
        assert listing.total == 1
        assert rows_listed(culture_client, listing.url) == 1
    [unit] = response.context["my_units"]
    assert unit.subject == culture_unit
    assert counts(unit) == [2, 1, 1, 0, 0]
    for figure in unit.figures:
        if figure.count:
            assert rows_listed(culture_client, figure.url) == figure.count
    assert reverse("coordination:review-queue") not in html(response)


@pytest.mark.parametrize("person", ["coordinator_client", "strategy_client", "culture_client"])
def test_everyone_finds_their_own_work_before_the_city_s(request, person):
    response = dashboard(request.getfixturevalue(person))

    assert heading_position(response, "Your work") < heading_position(
        response, "The city's international activities"
    )


def test_the_coordination_group_finds_its_units_and_the_review_queue(coordinator_client, economy_unit):
    MembershipFactory(owner_unit=economy_unit, active=True)

    response = dashboard(coordinator_client)

    assert [row.subject for row in response.context["my_units"]] == [economy_unit]
    assert f'href="{reverse("coordination:review-queue")}"' in html(response)


def test_a_person_s_reviews_list_is_cut_short_with_a_link_to_all(culture_client, culture_user):
    MembershipFactory.create_batch(
        LIST_LENGTH + 2, responsible_person=culture_user, active=True, next_review_due=days(5)
    )
    PartnershipFactory(responsible_person=culture_user, active=True, next_review_due=days(-1))

    response = dashboard(culture_client)

    reviews = response.context["my_reviews"]
    assert len(reviews.rows) == LIST_LENGTH
    assert isinstance(reviews.rows[0].record, Partnership)
    assert [listing.total for _reviewable, listing in reviews.listings] == [LIST_LENGTH + 2, 1]
    assert f"Memberships with a review due: {LIST_LENGTH + 2}" in html(response)


def test_a_person_with_no_unit_and_no_role_is_told_whom_to_ask(client):
    client.force_login(UserFactory(username="newcomer"))

    response = dashboard(client)

    page = html(response)
    assert "my_units" not in response.context
    assert "You do not belong to any unit yet" in page
    assert "Ask your unit's administrator of the account groups" in page


def test_a_major_events_group_member_without_a_unit_sees_the_dashboard_and_the_group_s_queue(client):
    client.force_login(UserFactory(username="events", groups=[roles.MAJOR_EVENTS_GROUP]))
    EventBidFactory(status="for_decision")

    response = dashboard(client)

    assert response.context["my_units"] == []
    assert [(queue.key, figure.count) for queue, figure in response.context["my_queues"]] == [
        ("bids_to_decide", 1)
    ]
    assert (
        f"No review of a record you are responsible for is due within {REVIEW_DUE_SOON_DAYS} days."
        in html(response)
    )


def test_a_unit_with_nothing_current_is_told_where_to_start(culture_client):
    page = html(dashboard(culture_client))

    assert "Nothing current is registered for your units." in page


# The filters behind the links -------------------------------------------------------------------


def test_the_current_filter_of_each_register(culture_client):
    current_membership = MembershipFactory(status="assessing")
    MembershipFactory(status="declined")
    current_application = ApplicationFactory(status="running")
    ApplicationFactory(status="closed")
    current_bid = EventBidFactory(status="won", decided=True)
    held = EventBidFactory(status="held", decided=True, starts_on=days(-30), ends_on=days(-28))

    def listed(url_name, **params):
        return list(culture_client.get(reverse(url_name), params).context["object_list"])

    assert listed("networks:membership-list", current="true") == [current_membership]
    assert len(listed("networks:membership-list", current="false")) == 1
    assert listed("eu_projects:application-list", current="true") == [current_application]
    assert listed("events:eventbid-list", current="true") == [current_bid]
    assert listed("events:eventbid-list", current="false") == [held]


def test_a_filter_value_from_a_crafted_link_is_refused_clearly(culture_client):
    MembershipFactory(active=True, next_review_due=days(-1))

    for url_name, params in (
        ("networks:membership-list", {"review": "someday"}),
        ("partnerships:partnership-list", {"missing": "budget"}),
        ("eu_projects:call-list", {"deadline_within": "-5"}),
        ("events:eventbid-list", {"responsible": "someone"}),
    ):
        response = culture_client.get(reverse(url_name), params)
        assert response.status_code == 200
        assert list(response.context["object_list"]) == []
        assert "Select a valid choice." in html(response)


def test_a_yes_or_no_filter_ignores_anything_else(culture_client):
    membership = MembershipFactory(active=True)

    response = culture_client.get(reverse("networks:membership-list"), {"has_role": "maybe"})

    assert list(response.context["object_list"]) == [membership]


# Queries ----------------------------------------------------------------------------------------


def register_records(count: int, *, user, unit, period) -> None:
    """`count` records of each kind the dashboard shows, all due, tagged, owned by the user's unit."""
    priority = PriorityFactory(period=period)
    sdg = SDG.objects.get(number=11)
    now = timezone.now()
    for n in range(count):
        mine = {"owner_unit": unit, "responsible_person": user}
        membership = MembershipFactory(active=True, next_review_due=days(n % 40 - 5), **mine)
        RoleFactory(membership=membership, start_date=None, end_date=days(n))
        partnership = PartnershipFactory(active=True, next_review_due=days(n % 40 - 5), **mine)
        MembershipFactory(status="active", owner_unit=OrgUnitFactory(is_active=False))
        application = ApplicationFactory(status="preparing", **mine)
        ApplicationFactory(call=None, status="idea", named_programme=f"Programme not listed {n % 4}", **mine)
        bid = EventBidFactory(status="for_decision", **mine)
        for record in (membership, partnership, application, bid):
            record.priorities.set([priority])
            record.sdgs.set([sdg])
        CallFactory(
            opens_at=now - datetime.timedelta(days=1), deadline=now + datetime.timedelta(days=n % 50 + 1)
        )
        PriorityNetworkFactory(period=period, network=NetworkFactory())


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as context:
        dashboard(client)
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "culture", "strategy"])
def test_the_number_of_queries_does_not_grow_with_the_records(
    who, request, django_assert_max_num_queries, settings
):
    user = request.getfixturevalue(f"{who}_user")
    client = request.getfixturevalue(f"{who}_client")
    unit = user.units.get()
    period = current_period()
    CoFinancingAppropriationFactory(year=today().year)
    register_records(3, user=user, unit=unit, period=period)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        few = queries_of(client)

    register_records(27, user=user, unit=unit, period=period)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        many = queries_of(client)

    assert few == many
    assert (
        Membership.objects.count() == 60 and Application.objects.count() == 2 * EventBid.objects.count() == 60
    )
    assert Application.objects.naming_unlisted_programme().count() == 30


def test_the_demo_data_fills_every_section_of_the_coordination_groups_dashboard(db, client):
    from django.core.management import call_command

    from helsinki_intl.organisation.models import User

    call_command("seed_demo")
    client.force_login(User.objects.get(username="coordinator"))
    response = client.get("/")

    assert response.status_code == 200
    context = response.context
    memberships = next(f for f in context["reviewable_figures"] if f.reviewable.key == "membership")
    assert memberships.overdue.count > 0
    assert memberships.upcoming.count > 0
    assert memberships.inactive_responsible_person.count > 0
    assert context["my_reviews"].rows
    assert context["bids_waiting"].total > 0
    assert context["call_deadlines"].total > 0
    assert context["appropriation"] is not None
    assert "unlisted_programmes" not in context  # international affairs' own panel
    assert context["priority_networks"].total > 0
    assert context["roles"].total > 0
    assert all(chart.rows for chart in context["charts"])
