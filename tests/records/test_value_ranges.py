"""Every date, time, amount and count stays within a range the city's work can use, for every
writer; a value that one person saves never breaks a page for another."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from eu_projects.models import Application, Call
from events.models import EventBid
from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.coordination.tasks import send_reminders
from helsinki_intl.records import ranges
from helsinki_intl.records.fields import RangeCheck, RangeChecked, as_one_line
from helsinki_intl.records.migration_steps import bring_into_range
from networks.models import Membership, Network
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.eu_projects.helpers import posted_back
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, UserFactory
from tests.layout import register_app_labels

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ["organisation", "strategy", *register_app_labels()]


def ranged_fields():
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, RangeChecked):
                    yield model, field


def test_every_ranged_field_has_a_check_in_the_database_with_the_same_range():
    fields = list(ranged_fields())
    assert len(fields) > 30

    for model, field in fields:
        checks = {c.name: c for c in model._meta.constraints if isinstance(c, RangeCheck)}
        name = f"{model._meta.db_table}_{field.column}_in_range"
        assert name in checks, name
        low, high = field.value_range()
        leaves = list(_leaves(checks[name].condition))
        assert (f"{field.name}__gte", low) in leaves
        assert (f"{field.name}__lte", high) in leaves


def _leaves(condition):
    for child in condition.children:
        if hasattr(child, "children"):
            yield from _leaves(child)
        else:
            yield child


OUT_OF_RANGE = [
    (Call, "opens_at", datetime.datetime(1899, 12, 31, 12, tzinfo=datetime.UTC)),
    (Call, "deadline", datetime.datetime(2101, 1, 1, 12, tzinfo=datetime.UTC)),
    (Membership, "next_review_due", datetime.date(9999, 12, 31)),
    (Membership, "start_date", datetime.date(1, 1, 1)),
    (Membership, "review_interval_months", 0),
    (Application, "total_budget", Decimal("100000000000.00")),
    (EventBid, "expected_delegates", ranges.MAX_DELEGATES + 1),
]


@pytest.mark.parametrize(
    ("model", "name", "value"), OUT_OF_RANGE, ids=lambda v: str(getattr(v, "__name__", v))
)
def test_the_database_refuses_a_value_outside_its_range_whoever_writes_it(model, name, value):
    factories = {
        Call: CallFactory,
        Membership: MembershipFactory,
        Application: ApplicationFactory,
        EventBid: EventBidFactory,
    }
    record = factories[model]()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{name: value})


# The call form: a date and time written in the call's own time zone -----------------------------


@pytest.fixture
def call_form(urban_client, urban_unit):
    call = CallFactory(owner_unit=urban_unit)
    return call, urban_client, urban_client.get(reverse("eu_projects:call-edit", args=[call.pk]))


@pytest.mark.parametrize("zone", ["Europe/Brussels", "America/New_York", "Pacific/Kiritimati", "UTC"])
@pytest.mark.parametrize(
    ("field", "value"),
    [("opens_at", "0001-01-01T00:00"), ("deadline", "9999-12-31T23:59"), ("opens_at", "1899-12-30T00:00")],
)
def test_a_call_time_outside_the_years_is_refused_at_its_field_in_every_zone(call_form, zone, field, value):
    call, client, form_page = call_form

    response = client.post(
        reverse("eu_projects:call-edit", args=[call.pk]),
        posted_back(form_page, deadline_timezone=zone, **{field: value}),
    )

    assert response.status_code == 200
    assert "Give a date in the years 1900–2100." in response.context["form"].errors[field]
    call.refresh_from_db()
    assert call.version == 1
    for page in (
        reverse("eu_projects:call-list"),
        reverse("eu_projects:call-detail", args=[call.pk]),
        reverse("eu_projects:application-list"),
        reverse("eu_projects:programme-detail", args=[call.programme.pk]),
    ):
        assert client.get(page).status_code == 200, page


def test_a_call_at_the_edges_of_the_years_is_kept_and_shown_in_every_zone(call_form):
    call, client, form_page = call_form

    response = client.post(
        reverse("eu_projects:call-edit", args=[call.pk]),
        posted_back(
            form_page,
            deadline_timezone="Pacific/Kiritimati",
            opens_at="1900-01-02T00:00",
            deadline="2100-12-31T00:00",
        ),
    )

    assert response.status_code == 302
    for page in (
        reverse("eu_projects:call-list"),
        reverse("eu_projects:call-detail", args=[call.pk]),
        reverse("eu_projects:call-list") + "?export=csv",
    ):
        assert client.get(page).status_code == 200, page


def test_a_stored_moment_no_zone_can_hold_is_shown_in_utc_not_an_error():
    call = Call(
        deadline=datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC), deadline_timezone="Asia/Tokyo"
    )

    assert call.deadline_in_zone == call.deadline


# Review dates -------------------------------------------------------------------------------------


def test_an_owner_cannot_push_the_next_review_past_the_years(culture_client, culture_unit, culture_user):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, responsible_person=culture_user)
    edit = reverse("networks:membership-edit", args=[membership.pk])

    response = culture_client.post(edit, posted_back(culture_client.get(edit), next_review_due="9999-12-31"))

    assert response.status_code == 200
    assert response.context["form"].errors["next_review_due"] == ["Give a date in the years 1900–2100."]


def test_a_review_near_the_last_year_schedules_the_next_on_the_last_day_not_past_it():
    membership = MembershipFactory(active=True, next_review_due=datetime.date(2100, 6, 1))

    assert membership.next_review_after(datetime.date(2100, 6, 1)) == ranges.LATEST_DATE


def test_the_review_form_and_the_feeds_answer_for_a_review_due_on_the_last_day(
    coordinator_client, coordinator_user
):
    membership = MembershipFactory(
        active=True, next_review_due=ranges.LATEST_DATE, responsible_person=coordinator_user
    )
    review = reverse("coordination:review-add", args=["membership", membership.pk])
    _feed, token = CalendarFeed.issue(coordinator_user)

    assert coordinator_client.get(review).status_code == 200
    for which in ("personal", "city"):
        feed = Client().get(reverse(f"coordination:calendar-{which}", args=[token]))
        assert feed.status_code == 200
        assert b"DTSTART;VALUE=DATE:21001231" in feed.content


# Filters and report ranges answer with the form's error -----------------------------------------


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("eu_projects:call-list", "deadline_before=9999-12-31"),
        ("eu_projects:application-list", "deadline_before=9999-12-31"),
        ("eu_projects:application-list", "deadline_before=0001-01-01"),
        ("networks:membership-list", "review_due_before=9999-12-31"),
        ("partnerships:partnership-list", "review_due_before=0001-01-01"),
        ("events:eventbid-list", "starts_before=9999-12-31&starts_after=0001-01-01"),
        ("eu_projects:cofinancingappropriation-list", "year=99999"),
        ("events:eventbid-list", "owner_unit=" + "x" * 50_001),
        ("networks:membership-list", "q=" + "x" * 50_001),
        ("eu_projects:programme-list", "q=" + "x" * 201),
    ],
    ids=lambda value: value[:40],
)
def test_a_filter_outside_the_years_or_longer_than_a_search_is_the_forms_error(strategy_client, page, query):
    response = strategy_client.get(f"{reverse(page)}?{query}")

    assert response.status_code == 200
    assert response.context["filter"].form.errors


@pytest.mark.parametrize(
    "query",
    [
        "quarter=0001Q1",
        "quarter=9999Q4",
        "quarter=custom&start=2026-01-01&end=9999-12-31",
        "quarter=custom&start=0001-01-01&end=0001-12-31",
    ],
)
def test_a_summary_range_outside_the_years_is_the_forms_error(strategy_client, query):
    response = strategy_client.get(f"{reverse('coordination:summary')}?{query}")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["summary"] is None


# One-line text ------------------------------------------------------------------------------------


def test_a_line_break_in_a_name_is_refused_not_stored(culture_client, culture_unit):
    add = reverse("networks:network-add")
    form_page = culture_client.get(add)

    response = culture_client.post(
        add, posted_back(form_page, name="Euro\ncities", kind="city_network", owner_unit=culture_unit.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Write this on one line, without line breaks or other control characters."
    ]
    assert not Network.objects.filter(name__contains="Euro").exists()


def test_a_line_break_saved_before_the_rule_does_not_stop_a_reminder(settings):
    person = UserFactory(email="laura@example.com", language="en")
    membership = MembershipFactory(
        active=True, responsible_person=person, next_review_due=datetime.date(2026, 6, 15)
    )
    Network.objects.filter(pk=membership.network.pk).update(name="Euro\r\ncities\x1b")

    send_reminders("2026-06-15")

    assert [message.subject for message in mail.outbox] == [
        f"Review due: Euro cities – {membership.owner_unit.name}"
    ]


def test_a_text_becomes_one_line_for_a_header():
    assert as_one_line("a\r\n\tb\x00c\x85") == "a b c"


# The migration that adds the checks ---------------------------------------------------------------


@pytest.fixture
def without_range_checks():
    """Rows as they could be saved before the checks: the checks are lifted inside the test."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        yield
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
        return
    with connection.schema_editor(atomic=False) as editor:
        for constraint in EventBid._meta.constraints:
            if isinstance(constraint, RangeCheck):
                editor.remove_constraint(EventBid, constraint)
    yield  # the test's transaction rolls the removal back


def test_the_migration_moves_values_saved_before_the_checks_into_range_and_reports_them(
    without_range_checks, caplog
):
    far, early, fine = EventBidFactory(), EventBidFactory(), EventBidFactory()
    EventBid.objects.filter(pk=far.pk).update(ends_on=datetime.date(9999, 12, 31), expected_delegates=10**8)
    EventBid.objects.filter(pk=early.pk).update(starts_on=datetime.date(1000, 1, 1))
    step = bring_into_range(
        "events", {"EventBid": ["starts_on", "ends_on", ("expected_delegates", 1, 10**6)]}
    )

    with caplog.at_level(logging.WARNING, logger="helsinki_intl.migrations"):
        step.code(apps, None)

    far.refresh_from_db()
    early.refresh_from_db()
    assert (far.ends_on, far.expected_delegates) == (ranges.LATEST_DATE, 10**6)
    assert early.starts_on == ranges.EARLIEST_DATE
    assert EventBid.objects.get(pk=fine.pk).starts_on == fine.starts_on
    reported = caplog.text
    assert f"events_eventbid.ends_on: 1 row(s) out of range, set to 2100-12-31; rows: {far.pk}" in reported
    assert (
        f"events_eventbid.starts_on: 1 row(s) out of range, set to 1900-01-01; rows: {early.pk}" in reported
    )
    assert "expected_delegates: 1 row(s)" in reported
