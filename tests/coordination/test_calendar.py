"""Calendar feeds: which dates each feed holds, how they are written, who may fetch them, and the
page where a person gets, replaces or turns off their link."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helsinki_intl.coordination.calendar import PAST_DAYS
from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.organisation import roles
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

BASE_URL = "https://international.hel.fi"
HOST = "international.hel.fi"
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def today() -> datetime.date:
    """Helsinki's date, read when a test asks for it, as the portal reads it per request."""
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = BASE_URL


# Helpers --------------------------------------------------------------------------------------


def feed_url(token: str, which: str = "personal") -> str:
    return reverse(f"coordination:calendar-{which}", args=[token])


def parse(response) -> Calendar:
    assert response.status_code == 200, response.content
    return Calendar.from_ical(response.content)


def events_of(response) -> dict:
    """The feed's VEVENTs by UID."""
    return {str(event["UID"]): event for event in parse(response).walk("VEVENT")}


def review_uid(record, due: datetime.date) -> str:
    return f"{record._meta.model_name}-{record.pk}-review-{due.isoformat()}@{HOST}"


def deadline_uid(application) -> str:
    day = application.call.deadline.astimezone(datetime.UTC).date()
    return f"application-{application.pk}-deadline-{day.isoformat()}@{HOST}"


def decision_uid(bid) -> str:
    return f"eventbid-{bid.pk}-decision-{bid.decision_date.isoformat()}@{HOST}"


def deadline_at(day: datetime.date) -> datetime.datetime:
    """17:00 Brussels time on the day, as calls give their deadlines."""
    return datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=BRUSSELS)


def call_closing(day: datetime.date, **fields):
    deadline = deadline_at(day)
    return CallFactory(opens_at=deadline - datetime.timedelta(days=120), deadline=deadline, **fields)


def decided_bid(**fields):
    fields.setdefault("status", "approved")
    fields.setdefault("decision_date", today() - datetime.timedelta(days=5))
    return EventBidFactory(decided=True, **fields)


def speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def issue(user) -> str:
    _feed, token = CalendarFeed.issue(user)
    return token


# What each feed holds -------------------------------------------------------------------------


@pytest.fixture
def dates(culture_unit, urban_unit, culture_user):
    """Records with dates: some concern the culture user (their unit's, or theirs), some do not."""
    due = today() + datetime.timedelta(days=14)
    return {
        "unit_membership": MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=due),
        "own_partnership": PartnershipFactory(
            active=True, owner_unit=urban_unit, responsible_person=culture_user, next_review_due=due
        ),
        "other_membership": MembershipFactory(active=True, owner_unit=urban_unit, next_review_due=due),
        "application": ApplicationFactory(
            owner_unit=culture_unit,
            status="preparing",
            call=call_closing(today() + datetime.timedelta(days=20)),
        ),
        "other_application": ApplicationFactory(
            owner_unit=urban_unit, status="idea", call=call_closing(today() + datetime.timedelta(days=21))
        ),
        "own_bid": decided_bid(owner_unit=urban_unit, responsible_person=culture_user),
        "other_bid": decided_bid(owner_unit=urban_unit),
    }


def test_a_personal_feed_holds_the_dates_of_the_person_s_records_and_their_units(client, culture_user, dates):
    events = events_of(client.get(feed_url(issue(culture_user))))

    assert set(events) == {
        review_uid(dates["unit_membership"], dates["unit_membership"].next_review_due),
        review_uid(dates["own_partnership"], dates["own_partnership"].next_review_due),
        deadline_uid(dates["application"]),
        decision_uid(dates["own_bid"]),
    }


def test_the_city_wide_feed_holds_every_record_s_dates(client, coordinator_user, dates):
    events = events_of(client.get(feed_url(issue(coordinator_user), "city")))

    assert set(events) == {
        review_uid(dates["unit_membership"], dates["unit_membership"].next_review_due),
        review_uid(dates["own_partnership"], dates["own_partnership"].next_review_due),
        review_uid(dates["other_membership"], dates["other_membership"].next_review_due),
        deadline_uid(dates["application"]),
        deadline_uid(dates["other_application"]),
        decision_uid(dates["own_bid"]),
        decision_uid(dates["other_bid"]),
    }


def test_a_coordinator_s_personal_feed_holds_only_their_own_dates(client, coordinator_user, dates):
    assert events_of(client.get(feed_url(issue(coordinator_user)))) == {}


def test_feeds_leave_out_records_without_a_date_that_concerns_anyone(client, strategy_user, culture_unit):
    long_ago = today() - datetime.timedelta(days=PAST_DAYS + 1)
    MembershipFactory(owner_unit=culture_unit, next_review_due=today())  # proposed: not under review
    PartnershipFactory(
        active=True, owner_unit=culture_unit, status="ended", end_date=today(), next_review_due=today()
    )
    MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=long_ago)
    ApplicationFactory(owner_unit=culture_unit, status="submitted", call=call_closing(today()))
    ApplicationFactory(owner_unit=culture_unit, call=None)
    ApplicationFactory(owner_unit=culture_unit, call=call_closing(long_ago))
    EventBidFactory(owner_unit=culture_unit, status="for_decision")  # no decision date
    decided_bid(owner_unit=culture_unit, decision_date=long_ago)

    assert events_of(client.get(feed_url(issue(strategy_user), "city"))) == {}


def test_feeds_reach_back_exactly_the_past_days(client, strategy_user, culture_unit):
    oldest = today() - datetime.timedelta(days=PAST_DAYS)
    membership = MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=oldest)
    application = ApplicationFactory(owner_unit=culture_unit, call=call_closing(oldest))
    bid = decided_bid(owner_unit=culture_unit, decision_date=oldest)

    events = events_of(client.get(feed_url(issue(strategy_user), "city")))

    assert set(events) == {review_uid(membership, oldest), deadline_uid(application), decision_uid(bid)}


# How the events are written -------------------------------------------------------------------


def test_a_review_due_date_is_an_all_day_event_linking_to_the_record_and_the_review_form(
    client, coordinator_user, culture_unit
):
    due = today() + datetime.timedelta(days=3)
    membership = MembershipFactory(
        active=True, owner_unit=culture_unit, next_review_due=due, network=NetworkFactory(name="Eurocities")
    )

    response = client.get(feed_url(issue(speaking(coordinator_user, "en")), "city"))
    event = events_of(response)[review_uid(membership, due)]

    assert event.start == due
    assert event.end == due + datetime.timedelta(days=1)
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in response.content.decode()
    record_url = f"{BASE_URL}/networks/memberships/{membership.pk}/"
    assert str(event["URL"]) == record_url
    assert str(event["SUMMARY"]) == "Review due: Eurocities – Culture and Leisure Division (membership)"
    description = str(event["DESCRIPTION"])
    assert f"Record: {record_url}" in description
    assert f"Review form: {BASE_URL}/coordination/reviews/membership/{membership.pk}/" in description
    assert f"Responsible person: {membership.responsible_person}" in description
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.stamp == membership.updated_at.replace(microsecond=0)


def test_the_review_form_link_is_left_out_for_those_who_cannot_review(client, culture_user, culture_unit):
    partnership = PartnershipFactory(
        active=True, owner_unit=culture_unit, next_review_due=today() + datetime.timedelta(days=3)
    )

    (event,) = events_of(client.get(feed_url(issue(speaking(culture_user, "en"))))).values()

    assert str(event["URL"]) == f"{BASE_URL}/partnerships/partnerships/{partnership.pk}/"
    assert "Review form" not in str(event["DESCRIPTION"])


def test_a_call_deadline_is_a_timed_event_at_the_deadline_in_utc(client, culture_user, culture_unit):
    day = today() + datetime.timedelta(days=30)
    application = ApplicationFactory(
        owner_unit=culture_unit,
        acronym="PED4ALL",
        project_name="Positive energy for all",
        call=call_closing(day, identifier="HORIZON-CL5-2027-01-D4-01"),
    )

    response = client.get(feed_url(issue(speaking(culture_user, "en"))))
    event = events_of(response)[deadline_uid(application)]

    expected = deadline_at(day).astimezone(datetime.UTC)
    assert event.start == expected
    assert event.start.utcoffset() == datetime.timedelta(0)
    assert f"DTSTART:{expected:%Y%m%dT%H%M%S}Z" in response.content.decode()
    assert "DTEND" not in event
    assert (
        str(event["SUMMARY"])
        == "Call deadline: HORIZON-CL5-2027-01-D4-01 – PED4ALL – Positive energy for all"
    )
    assert str(event["URL"]) == f"{BASE_URL}/eu_projects/applications/{application.pk}/"
    description = str(event["DESCRIPTION"])
    assert f"Deadline: {day:%d/%m/%Y} 17:00 (Europe/Brussels)" in description
    helsinki = timezone.localtime(deadline_at(day))
    assert f"Deadline in Helsinki time: {helsinki:%d/%m/%Y %H:%M}" in description
    assert "Status: Being prepared" in description


def test_a_bid_decision_is_an_all_day_event_with_the_bid_s_status(client, culture_user, culture_unit):
    decided_on = today() - datetime.timedelta(days=2)
    bid = decided_bid(owner_unit=culture_unit, name="World Design Congress", decision_date=decided_on)

    response = client.get(feed_url(issue(speaking(culture_user, "en"))))
    event = events_of(response)[decision_uid(bid)]

    assert event.start == decided_on
    assert event.end == decided_on + datetime.timedelta(days=1)
    assert str(event["SUMMARY"]) == "Event bid decision: World Design Congress (Approved to bid)"
    assert str(event["URL"]) == f"{BASE_URL}/events/bids/{bid.pk}/"
    assert "The group supports the bid." in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("language", "review", "status", "unit"),
    [
        ("fi", "(jäsenyys)", "(Hakuun hyväksytty)", "Kulttuurin ja vapaa-ajan toimiala"),
        ("sv", "(medlemskap)", "(Godkänd för ansökan)", "Enhet"),
        ("en", "(membership)", "(Approved to bid)", "Culture and Leisure Division"),
    ],
)
def test_texts_are_in_the_feed_owner_s_language_whatever_the_client_asks(
    client, culture_user, culture_unit, language, review, status, unit
):
    speaking(culture_user, language)
    MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=today())
    decided_bid(owner_unit=culture_unit)

    other_language = "fi" if language == "en" else "en"
    response = client.get(feed_url(issue(culture_user)), HTTP_ACCEPT_LANGUAGE=other_language)
    summaries = sorted(str(event["SUMMARY"]) for event in parse(response).walk("VEVENT"))

    assert response["Content-Language"] == language
    assert any(summary.endswith(status) for summary in summaries)
    assert any(summary.endswith(review) and unit in summary for summary in summaries)


def test_a_feed_is_a_valid_calendar_with_a_name_and_a_refresh_hint(client, culture_user, culture_unit):
    MembershipFactory(
        active=True,
        owner_unit=culture_unit,
        next_review_due=today(),
        network=NetworkFactory(name="Cities; towns, and regions: a network with a name long enough to fold"),
    )

    response = client.get(feed_url(issue(speaking(culture_user, "en"))))
    text = response.content.decode()
    calendar = parse(response)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//City of Helsinki//International activities portal//EN"
    assert str(calendar["X-WR-CALNAME"]) == "International activities: my dates"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
    assert "X-PUBLISHED-TTL:PT12H\r\n" in text
    assert "SUMMARY:Review due: Cities\\; towns\\, and regions" in text
    lines = response.content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Review due: Cities; towns, and regions: a network with a name")
    assert len(calendar.walk("VTIMEZONE")) == 0


def test_the_city_wide_feed_has_its_own_name(client, strategy_user):
    calendar = parse(client.get(feed_url(issue(speaking(strategy_user, "en")), "city")))

    assert str(calendar["X-WR-CALNAME"]) == "International activities: the city's dates"


# The response ---------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["personal", "city"])
def test_a_feed_is_served_as_a_private_inline_calendar_without_cookies(client, strategy_user, which):
    response = client.get(feed_url(issue(strategy_user), which))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].endswith('.ics"')
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_fetching_a_feed_in_a_signed_in_browser_sets_no_cookie(culture_client, culture_user):
    response = culture_client.get(feed_url(issue(culture_user)))

    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("which", ["personal", "city"])
def test_an_unknown_token_is_not_found_and_sets_no_cookie(client, strategy_user, which):
    issue(strategy_user)

    response = client.get(feed_url("not-a-token-anyone-was-given", which))

    assert response.status_code == 404
    assert not response.cookies
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_feed_answers_only_reading(client, culture_user):
    token = issue(culture_user)

    assert client.post(feed_url(token)).status_code == 405
    assert client.head(feed_url(token)).status_code == 200


def test_a_replaced_token_stops_working_and_the_new_one_works(client, culture_user):
    old = issue(culture_user)
    new = issue(culture_user)

    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_a_turned_off_feed_is_not_found(client, culture_user):
    token = issue(culture_user)

    assert CalendarFeed.revoke(culture_user) is True

    assert client.get(feed_url(token)).status_code == 404
    assert CalendarFeed.revoke(culture_user) is False


def test_the_feed_of_an_inactive_person_is_not_found(client, culture_user):
    token = issue(culture_user)
    culture_user.is_active = False
    culture_user.save()

    assert client.get(feed_url(token)).status_code == 404


def test_the_city_wide_feed_is_only_for_the_coordination_group_and_international_affairs(client, db):
    staff = UserFactory(username="staff")
    coordinator = UserFactory(username="member", groups=[roles.COORDINATION_GROUP])
    international = UserFactory(username="international", groups=[roles.INTERNATIONAL_AFFAIRS])

    assert client.get(feed_url(issue(staff), "city")).status_code == 404
    assert client.get(feed_url(issue(coordinator), "city")).status_code == 200
    assert client.get(feed_url(issue(international), "city")).status_code == 200


def test_leaving_the_coordination_group_closes_the_city_wide_feed_at_the_same_url(client, coordinator_user):
    token = issue(coordinator_user)
    assert client.get(feed_url(token, "city")).status_code == 200

    coordinator_user.groups.remove(Group.objects.get(name=roles.COORDINATION_GROUP))

    assert client.get(feed_url(token, "city")).status_code == 404
    assert client.get(feed_url(token)).status_code == 200


def test_the_last_use_is_recorded_at_most_once_an_hour(client, culture_user):
    token = issue(culture_user)
    assert CalendarFeed.objects.get().last_used_at is None

    client.get(feed_url(token))
    first = CalendarFeed.objects.get().last_used_at
    assert first is not None

    with CaptureQueriesContext(connection) as queries:
        client.get(feed_url(token))
    assert CalendarFeed.objects.get().last_used_at == first
    assert not [query for query in queries if query["sql"].startswith("UPDATE")]

    CalendarFeed.objects.update(last_used_at=first - datetime.timedelta(minutes=61))
    client.get(feed_url(token))
    assert CalendarFeed.objects.get().last_used_at > first


def test_a_new_token_has_not_been_used(culture_user):
    feed, _token = CalendarFeed.issue(culture_user)
    feed.touch()

    feed, _token = CalendarFeed.issue(culture_user)

    assert feed.last_used_at is None
    assert CalendarFeed.objects.get().last_used_at is None


def _add_dated_records(count: int, unit, person) -> None:
    for _index in range(count):
        MembershipFactory(active=True, owner_unit=unit, next_review_due=today())
        PartnershipFactory(active=True, owner_unit=unit, next_review_due=today())
        ApplicationFactory(owner_unit=unit, call=call_closing(today()))
        decided_bid(responsible_person=person)


@pytest.mark.parametrize("which", ["personal", "city"])
def test_a_feed_takes_as_many_queries_for_30_records_of_each_kind_as_for_3(
    client, strategy_user, strategy_unit, which, django_assert_max_num_queries
):
    token = issue(strategy_user)
    CalendarFeed.objects.update(last_used_at=timezone.now())

    def fetch() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            events = events_of(client.get(feed_url(token, which)))
        return len(queries), len(events)

    _add_dated_records(3, strategy_unit, strategy_user)
    few_queries, few_events = fetch()
    _add_dated_records(27, strategy_unit, strategy_user)
    many_queries, many_events = fetch()

    assert (few_events, many_events) == (12, 120)
    assert few_queries == many_queries
    with django_assert_max_num_queries(8):
        client.get(feed_url(token, which))


# The page where a person gets their link ------------------------------------------------------

PAGE = reverse("coordination:calendar")


def shown_url(response, which: str = "personal") -> str | None:
    return response.context.get(f"{which}_url")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_page_needs_signing_in(client, db):
    for response in (client.get(PAGE), client.post(PAGE, {"action": "create"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not CalendarFeed.objects.exists()


def test_without_a_link_the_page_explains_the_feed_and_offers_to_create_one(culture_client):
    response = culture_client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Dates in your calendar – " in html
    assert html.count("<h1") == 1
    assert "memberships, partnerships" in html
    assert '<li aria-current="page">Dates in your calendar</li>' in html
    assert 'name="action" value="create"' in html
    assert "Create a calendar link" in html
    assert not CalendarFeed.objects.exists()


def test_creating_a_link_shows_it_once(culture_client, culture_user):
    response = culture_client.post(PAGE, {"action": "create"}, follow=True)

    feed = CalendarFeed.objects.get(user=culture_user)
    url = shown_url(response)
    assert url.startswith(f"{BASE_URL}/coordination/calendar/")
    assert url.endswith("/mine.ics")
    assert f'value="{url}" readonly' in response.content.decode()
    assert '<label for="calendar-url-personal">' in response.content.decode()
    assert shown_url(response, "city") is None
    assert messages_of(response) == ["Your calendar link was created. Copy it below into your calendar app."]
    token = url.removeprefix(BASE_URL).split("/")[3]
    assert CalendarFeed.objects.for_token(token).get() == feed

    again = culture_client.get(PAGE)
    assert shown_url(again) is None
    assert token not in again.content.decode()
    assert "Replace the link" in again.content.decode()


def test_a_coordinator_gets_the_city_wide_link_too(coordinator_client, client):
    response = coordinator_client.post(PAGE, {"action": "create"}, follow=True)

    city_url = shown_url(response, "city")
    assert city_url.endswith("/city.ics")
    assert client.get(city_url.removeprefix(BASE_URL)).status_code == 200
    assert client.get(shown_url(response).removeprefix(BASE_URL)).status_code == 200


def test_the_page_tells_when_the_link_was_created_and_last_used(culture_client, culture_user):
    feed, _token = CalendarFeed.issue(culture_user)

    html = culture_client.get(PAGE).content.decode()
    assert "Not yet" in html

    feed.touch()
    html = culture_client.get(PAGE).content.decode()
    assert "Not yet" not in html
    assert "Last fetched by a calendar app" in html
    assert 'name="action" value="replace"' in html
    assert 'name="action" value="turn-off"' in html


def test_looking_at_the_page_changes_nothing(culture_client, culture_user):
    feed, token = CalendarFeed.issue(culture_user)

    for _visit in range(2):
        culture_client.get(PAGE)

    assert CalendarFeed.objects.get() == feed
    assert CalendarFeed.objects.get().token_hash == feed.token_hash
    assert CalendarFeed.objects.get().created_at == feed.created_at
    assert CalendarFeed.objects.for_token(token).exists()


def test_replacing_the_link_stops_the_old_one(culture_client, culture_user, client):
    old = issue(culture_user)

    response = culture_client.post(PAGE, {"action": "replace"}, follow=True)

    assert messages_of(response) == [
        "Your calendar link was replaced. The old link no longer works: add the new one to your calendar app."
    ]
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(shown_url(response).removeprefix(BASE_URL)).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_turning_the_link_off_deletes_it(culture_client, culture_user, client):
    token = issue(culture_user)

    response = culture_client.post(PAGE, {"action": "turn-off"}, follow=True)

    assert messages_of(response) == ["Your calendar link was turned off. It no longer works."]
    assert not CalendarFeed.objects.exists()
    assert client.get(feed_url(token)).status_code == 404
    assert "Create a calendar link" in response.content.decode()


def test_turning_off_a_link_one_does_not_have_says_so(culture_client):
    response = culture_client.post(PAGE, {"action": "turn-off"}, follow=True)

    assert messages_of(response) == ["You had no calendar link to turn off."]


def test_an_unknown_action_changes_nothing(culture_client, culture_user):
    feed, token = CalendarFeed.issue(culture_user)

    response = culture_client.post(PAGE, {"action": "delete-everything"}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == ["Nothing was changed. Choose one of the buttons on the page."]
    assert CalendarFeed.objects.for_token(token).get() == feed


def test_one_person_s_actions_touch_only_their_own_link(culture_client, urban_user, client):
    token = issue(urban_user)

    culture_client.post(PAGE, {"action": "turn-off"})
    culture_client.post(PAGE, {"action": "replace"})

    assert client.get(feed_url(token)).status_code == 200
