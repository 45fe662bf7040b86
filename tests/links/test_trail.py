"""A membership's trail, year by year: its fee, the roles held, the goals' outcomes, and what came
through it from the other registers (applications, EU grants, events), on its page and beside the
benefit assessment of the review form."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.links.relations import kinds_from
from helsinki_intl.links.services import record_links_set
from networks.trail import membership_trail
from tests.eu_projects.factories import ApplicationFactory, ApplicationStatusChangeFactory
from tests.eu_projects.helpers import html
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    MembershipGoalOutcomeFactory,
    NetworkFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def year() -> int:
    return timezone.localdate().year


@pytest.fixture
def membership(strategy_unit):
    return MembershipFactory(
        network=NetworkFactory(name="Eurocities"),
        owner_unit=strategy_unit,
        active=True,
        start_date=datetime.date(year() - 2, 1, 1),
        annual_fee=Decimal("38500.00"),
    )


def granted_application(membership, by) -> Application:
    """An application submitted two years ago and granted last year, through the membership."""
    application = ApplicationFactory(
        project_name="Culture for climate action",
        status=Application.Status.GRANTED,
        eu_grant_granted=Decimal("624000.00"),
    )
    ApplicationStatusChangeFactory(
        application=application, status="submitted", changed_on=datetime.date(year() - 2, 3, 1)
    )
    ApplicationStatusChangeFactory(
        application=application, status="granted", changed_on=datetime.date(year() - 1, 2, 1)
    )
    record_links_set(record=application, kind=kinds_from(Application)[0], targets=[membership], by=by)
    return application


def cells(trail, wanted_year: int) -> dict[str, list[str]]:
    row = next(row for row in trail.years if row.year == wanted_year)
    return {
        column.key: [item.text for item in items]
        for column, items in zip(trail.columns, row.cells, strict=True)
    }


def test_the_trail_gives_each_year_its_fee_roles_outcomes_and_what_came_through(membership, culture_user):
    RoleFactory(
        membership=membership,
        title="Chair of the Economic Development Forum",
        holder="Economic Development Department",
        start_date=datetime.date(year() - 2, 1, 1),
        end_date=datetime.date(year() - 1, 6, 30),
    )
    MembershipGoalOutcomeFactory(
        review__membership=membership,
        review__reviewed_on=datetime.date(year() - 1, 5, 2),
        goal__title="Find partners for EU-funded projects",
    )
    granted_application(membership, culture_user)
    bid = EventBidFactory(name="World Circular Economy Forum", starts_on=datetime.date(year(), 9, 1))
    bid.ends_on = datetime.date(year(), 9, 3)
    bid.save()
    record_links_set(record=bid, kind=kinds_from(EventBid)[0], targets=[membership], by=culture_user)
    ApplicationFactory(project_name="Not through it")

    trail = membership_trail(membership)

    assert [column.key for column in trail.columns] == [
        "fee",
        "roles",
        "outcomes",
        "applications",
        "eu_grants",
        "event_bids",
        "activities",
    ]
    assert [row.year for row in trail.years] == [year(), year() - 1, year() - 2]
    chair = "Chair of the Economic Development Forum (Economic Development Department)"
    assert cells(trail, year() - 2) == {
        "fee": ["€38,500.00"],
        "roles": [chair],
        "outcomes": [],
        "applications": ["Culture for climate action"],
        "eu_grants": [],
        "event_bids": [],
        "activities": [],
    }
    assert cells(trail, year() - 1) == {
        "fee": ["€38,500.00"],
        "roles": [chair],
        "outcomes": ["Find partners for EU-funded projects"],
        "applications": [],
        "eu_grants": ["Culture for climate action"],
        "event_bids": [],
        "activities": [],
    }
    assert cells(trail, year())["event_bids"] == ["World Circular Economy Forum"]
    grant = trail.years[1].cells[4][0]
    assert grant.amount == Decimal("624000.00")


def test_the_fee_of_a_year_is_the_fee_as_it_stood_at_the_year_s_end(membership):
    history = membership.history.get()
    history.history_date = timezone.make_aware(datetime.datetime(year() - 1, 6, 1))
    history.save()
    membership.annual_fee = Decimal("40000.00")
    membership.save()

    trail = membership_trail(membership)

    assert cells(trail, year() - 2)["fee"] == ["€38,500.00"]  # before the first record: the first fee
    assert cells(trail, year() - 1)["fee"] == ["€38,500.00"]
    assert cells(trail, year())["fee"] == ["€40,000.00"]


def test_a_proposed_membership_has_no_trail_yet(culture_client):
    proposed = MembershipFactory()

    assert not membership_trail(proposed)
    assert "Nothing to show yet" in html(culture_client.get(proposed.get_absolute_url()))


def test_the_membership_page_and_the_review_form_show_the_trail(
    membership, culture_user, culture_client, strategy_client
):
    application = granted_application(membership, culture_user)

    page = html(culture_client.get(membership.get_absolute_url()))
    review_form = html(
        strategy_client.get(reverse("coordination:review-add", args=["membership", membership.pk]))
    )

    for shown in (page, review_form):
        assert "Year by year: cost and benefit" in shown
        assert f'<a href="{application.get_absolute_url()}">Culture for climate action</a>' in shown
        assert "€624,000.00" in shown
    assert review_form.index("Year by year: cost and benefit") < review_form.index(
        'name="benefit_assessment"'
    )


def test_the_trail_reads_in_constant_queries(membership, culture_user):
    granted_application(membership, culture_user)
    record_links_set(
        record=EventBidFactory(), kind=kinds_from(EventBid)[0], targets=[membership], by=culture_user
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            membership_trail(type(membership).objects.get(pk=membership.pk))
        return len(captured)

    few = queries()
    for _ in range(3):
        granted_application(membership, culture_user)
        RoleFactory(membership=membership)
        record_links_set(
            record=EventBidFactory(), kind=kinds_from(EventBid)[0], targets=[membership], by=culture_user
        )

    assert queries() == few
