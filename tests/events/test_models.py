import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import EventBid
from helsinki_intl.records.countries import COUNTRY_CODES
from tests.events.factories import EventBidFactory

pytestmark = pytest.mark.django_db

S = EventBid.Status


def errors_of(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def saved(bid) -> EventBid:
    """The bid as a later request reads it, so that its saved status is known."""
    return EventBid.objects.get(pk=bid.pk)


def test_a_factory_bid_is_valid_and_reads_well():
    bid = EventBidFactory(name="SETAC Europe Annual Meeting")
    bid.full_clean()
    assert str(bid) == "SETAC Europe Annual Meeting"
    assert bid.get_absolute_url() == f"/events/bids/{bid.pk}/"
    assert bid.city == "Helsinki"
    assert bid.country == "FI"
    assert bid.country_name == "Finland"
    assert bid.daily_spend_estimate == Decimal("300.00")


def test_the_owner_unit_is_called_the_host_unit():
    assert EventBid._meta.get_field("owner_unit").verbose_name == "host unit"


# Days and economic impact ---------------------------------------------------------------------


def test_days_count_the_first_and_the_last_day():
    bid = EventBidFactory.build(starts_on=datetime.date(2028, 6, 5), ends_on=datetime.date(2028, 6, 8))
    assert bid.days == 4
    bid.ends_on = bid.starts_on
    assert bid.days == 1


def test_economic_impact_is_delegates_times_days_times_daily_spend():
    bid = EventBidFactory.build(
        expected_delegates=2000,
        starts_on=datetime.date(2028, 6, 5),
        ends_on=datetime.date(2028, 6, 9),
        daily_spend_estimate=Decimal("300.00"),
    )
    assert bid.economic_impact == Decimal("3000000.00")
    bid.daily_spend_estimate = Decimal("250.50")
    assert bid.economic_impact == Decimal("2505000.00")


def test_economic_impact_is_unknown_without_dates():
    assert EventBid(expected_delegates=100).economic_impact is None


# Dates ----------------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_at_the_end():
    bid = EventBidFactory.build(
        owner_unit=EventBidFactory().owner_unit,
        responsible_person=EventBidFactory().responsible_person,
        starts_on=datetime.date(2028, 6, 5),
        ends_on=datetime.date(2028, 6, 4),
    )
    assert errors_of(bid) == {"ends_on": ["The event cannot end before it starts."]}


def test_the_database_refuses_an_end_before_the_start():
    bid = EventBidFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventBid.objects.filter(pk=bid.pk).update(ends_on=datetime.date(2028, 1, 1))


def test_the_decision_date_may_not_be_in_the_future():
    bid = EventBidFactory(decided=True)
    bid.decision_date = timezone.localdate() + datetime.timedelta(days=1)
    assert errors_of(bid) == {"decision_date": ["The decision date cannot be in the future."]}
    bid.decision_date = timezone.localdate()
    bid.full_clean()


# Money and delegates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("estimated_cost", "The estimated cost cannot be negative."),
        ("city_resources", "The city resources cannot be negative."),
        ("daily_spend_estimate", "The daily spend cannot be negative."),
    ],
)
def test_negative_money_is_refused_at_the_field(field, message):
    bid = EventBidFactory()
    setattr(bid, field, Decimal("-0.01"))
    assert errors_of(bid) == {field: [message]}
    setattr(bid, field, Decimal("0.00"))
    bid.full_clean()


@pytest.mark.parametrize("field", ["estimated_cost", "city_resources", "daily_spend_estimate"])
def test_the_database_refuses_negative_money(field):
    bid = EventBidFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventBid.objects.filter(pk=bid.pk).update(**{field: Decimal("-1")})


def test_unknown_costs_may_be_left_empty():
    EventBidFactory(estimated_cost=None, city_resources=None).full_clean()


def test_an_event_needs_at_least_one_expected_delegate():
    bid = EventBidFactory()
    bid.expected_delegates = 0
    assert errors_of(bid) == {"expected_delegates": ["An event needs at least one expected delegate."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        EventBid.objects.filter(pk=bid.pk).update(expected_delegates=0)


# Place ----------------------------------------------------------------------------------------


def test_the_country_is_an_iso_3166_code():
    bid = EventBidFactory(abroad=True)
    for code in ("XK", "EU", "be", "BEL"):
        bid.country = code
        assert (
            "Give the country as its two-letter ISO 3166-1 code, e.g. FI or BE."
            in (errors_of(bid)["country"])
        ), code
    assert len(COUNTRY_CODES) == 249
    assert {"FI", "BE", "JP", "AX"} <= COUNTRY_CODES


@pytest.mark.parametrize("kind", ["congress", "major_event"])
def test_an_event_in_helsinki_is_in_helsinki(kind):
    bid = EventBidFactory(kind=kind, city="Espoo", country="SE")
    assert errors_of(bid) == {
        "city": ["An event in Helsinki has Helsinki as its city; an event elsewhere is abroad."],
        "country": ["An event in Helsinki is in Finland."],
    }
    bid.city, bid.country = " helsingfors ", "FI"
    bid.full_clean()


def test_an_event_abroad_needs_a_local_partner_or_a_larger_conference():
    bid = EventBidFactory(abroad=True, host_conference="", local_partner="")
    assert errors_of(bid) == {
        "local_partner": [
            "An event abroad is organised only with a local partner organisation or as part of a larger "
            "international conference: name one or the other."
        ]
    }
    bid.local_partner = "Business Finland Japan"
    bid.full_clean()
    bid.local_partner, bid.host_conference = "", "Expo 2025 Osaka"
    bid.full_clean()


def test_blank_partner_names_do_not_count():
    bid = EventBidFactory(abroad=True, host_conference="   ", local_partner=" ")
    assert list(errors_of(bid)) == ["local_partner"]


def test_an_event_abroad_is_outside_finland():
    bid = EventBidFactory(abroad=True, city="Tampere", country="FI")
    assert errors_of(bid) == {"country": ["An event abroad is held outside Finland."]}


# The coordination group's decision ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [("for_decision", "approved"), ("for_decision", "declined")],
)
def test_moving_past_for_decision_needs_the_decision_recorded(old, new):
    bid = saved(EventBidFactory(status=old))
    bid.status = new
    label = S(new).label
    assert errors_of(bid) == {
        "decision_date": [
            f"A bid with the status “{label}” needs the date of the coordination group's decision."
        ],
        "decision": [f"A bid with the status “{label}” needs the coordination group's decision."],
    }
    bid.decision_date = datetime.date(2026, 3, 10)
    assert errors_of(bid) == {
        "decision": [f"A bid with the status “{label}” needs the coordination group's decision."]
    }
    bid.decision = "Approved: the city supports the bid with EUR 100,000."
    bid.full_clean()


@pytest.mark.parametrize("status", ["submitted", "won", "lost", "held"])
def test_a_new_bid_in_a_decided_status_needs_the_decision(status):
    bid = EventBidFactory.build(
        owner_unit=EventBidFactory().owner_unit,
        responsible_person=EventBidFactory().responsible_person,
        status=status,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 1, 2),
        decision="   ",
    )
    assert set(errors_of(bid)) == {"decision_date", "decision"}


@pytest.mark.parametrize("status", ["idea", "for_decision"])
def test_a_bid_before_the_decision_needs_none(status):
    EventBidFactory(status=status).full_clean()


def test_a_decision_text_needs_its_date_and_a_date_its_text():
    bid = EventBidFactory(status="for_decision", decision="Postponed to the next meeting.")
    assert errors_of(bid) == {"decision_date": ["Give the date of the decision."]}
    bid.decision, bid.decision_date = "", datetime.date(2026, 3, 10)
    assert errors_of(bid) == {"decision": ["Write down the decision made on this date."]}


def test_the_decision_number_has_the_city_s_form():
    bid = EventBidFactory(decided=True)
    bid.full_clean()
    bid.minutes_reference = "2026-1234"
    assert errors_of(bid) == {"minutes_reference": ["Give the decision number in the form HEL 2019-012572."]}


# Lifecycle ------------------------------------------------------------------------------------

# The steps of `events.process` (tests/events/test_process.py checks they are the same).
ALLOWED = [
    ("idea", "for_decision"),
    ("for_decision", "idea"),
    ("for_decision", "approved"),
    ("for_decision", "declined"),
    ("approved", "submitted"),
    ("submitted", "won"),
    ("submitted", "lost"),
    ("won", "held"),
]
ALL_STATUSES = [status for status, _ in S.choices]
REFUSED = [
    (old, new) for old in ALL_STATUSES for new in ALL_STATUSES if old != new and (old, new) not in ALLOWED
]


def bid_in(status: str) -> EventBid:
    """A decided bid of a past event, so that only the lifecycle can refuse a move."""
    return saved(
        EventBidFactory(
            decided=True,
            status=status,
            starts_on=datetime.date(2025, 5, 1),
            ends_on=datetime.date(2025, 5, 3),
        )
    )


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_the_lifecycle_allows(old, new):
    bid = bid_in(old)
    bid.status = new
    bid.full_clean()
    bid.save()
    assert saved(bid).status == new


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_the_lifecycle_refuses(old, new):
    bid = bid_in(old)
    bid.status = new
    assert errors_of(bid) == {"status": [f"A bid cannot move from “{S(old).label}” to “{S(new).label}”."]}


def test_declined_lost_and_held_are_final():
    assert all(old not in ("declined", "lost", "held") for old, _ in ALLOWED)
    assert len(REFUSED) == 8 * 7 - len(ALLOWED)


def test_the_saved_status_follows_each_save():
    bid = bid_in("approved")
    bid.status = S.SUBMITTED
    bid.save()
    bid.status = S.WON
    bid.full_clean()


def test_an_event_is_held_only_once_it_has_started():
    bid = bid_in("won")
    bid.starts_on = timezone.localdate() + datetime.timedelta(days=1)
    bid.ends_on = bid.starts_on
    bid.status = S.HELD
    assert errors_of(bid) == {"status": ["An event can be marked held only once it has started."]}
    bid.starts_on = bid.ends_on = timezone.localdate()
    bid.full_clean()


# Questions ------------------------------------------------------------------------------------


def test_waiting_for_decision_lists_bids_for_decision_only():
    waiting = [EventBidFactory(status="for_decision", name=f"Waiting {n}") for n in range(2)]
    EventBidFactory(status="idea")
    EventBidFactory(status="approved", decided=True)

    assert list(EventBid.objects.waiting_for_decision()) == waiting


def test_upcoming_lists_events_still_to_come_soonest_first():
    today = timezone.localdate()

    def bid(name, days_from_today, status="idea"):
        starts = today + datetime.timedelta(days=days_from_today)
        return EventBidFactory(name=name, starts_on=starts, ends_on=starts, status=status, decided=True)

    later = bid("Later", 300, status="won")
    today_s = bid("Today", 0, status="approved")
    soon = bid("Soon", 10)
    bid("Past", -1, status="held")
    bid("Declined", 20, status="declined")
    bid("Lost", 30, status="lost")

    assert list(EventBid.objects.upcoming()) == [today_s, soon, later]
    assert list(EventBid.objects.upcoming(today=today + datetime.timedelta(days=5))) == [soon, later]


def test_history_is_kept():
    bid = EventBidFactory(status="idea")
    bid.status = S.FOR_DECISION
    bid.save()
    assert [row.status for row in bid.history.order_by("history_date")] == ["idea", "for_decision"]
