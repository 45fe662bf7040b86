"""The review queue, the review form and the service that records a review."""

import datetime
import re
import threading
from urllib.parse import quote

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.coordination.filters import ReviewQueueFilter
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.coordination.services import GoalAssessment, ReviewAlreadyRecorded, review_record
from helsinki_intl.coordination.views import reviews as reviews_view
from helsinki_intl.coordination.views.reviews import ReviewQueueView
from networks.models import Membership, MembershipGoalOutcome, MembershipReview
from partnerships.models import Partnership, PartnershipGoalOutcome, PartnershipReview
from tests.factories import MembershipFactory, MembershipGoalFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipGoalFactory

QUEUE_URL = reverse("coordination:review-queue")


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def membership_due(due: datetime.date, **fields) -> Membership:
    return MembershipFactory(active=True, next_review_due=due, **fields)


def partnership_due(due: datetime.date, **fields) -> Partnership:
    return PartnershipFactory(active=True, next_review_due=due, **fields)


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's text with tags removed and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


def queue_keys(response) -> list[tuple[str, int]]:
    return [(entry.reviewable.key, entry.record.pk) for entry in response.context["entries"]]


def key(record) -> tuple[str, int]:
    return (record._meta.model_name, record.pk)


def review_url(record, **query) -> str:
    url = reverse("coordination:review-add", args=[record._meta.model_name, record.pk])
    if query:
        url += "?" + "&".join(f"{name}={quote(value, safe='')}" for name, value in query.items())
    return url


def review_data(record, *, reviewed_on: datetime.date | str | None = None, outcome="met", **fields) -> dict:
    """What the review form posts: the review's fields and an outcome for each of the record's goals,
    with the due date the form reviews, the record's as it now stands."""
    due = type(record).objects.get(pk=record.pk).next_review_due
    data = {
        "due": due.isoformat() if due else "",
        "reviewed_on": str(reviewed_on or today()),
        "benefit_assessment": "Peer learning worth more than the fee and the two trips a year.",
        "recommendation": "continue",
        "decision": "Continue; seek the chair of the culture forum.",
    }
    for goal in record.goals.all():
        data[f"goal-{goal.pk}-outcome"] = outcome
        data[f"goal-{goal.pk}-comment"] = f"Comment on {goal.title}"
    data.update(fields)
    return data


# The queue: which rows ----------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_lists_overdue_and_soon_due_reviews_of_both_types(coordinator_client):
    overdue_membership = membership_due(days(-5))
    due_today = membership_due(days(0))
    soon_partnership = partnership_due(days(30))
    dormant_partnership = partnership_due(days(-1), status=Partnership.Status.DORMANT)
    ending_membership = membership_due(days(3), status=Membership.Status.ENDING)
    membership_due(days(31))  # beyond 30 days
    partnership_due(days(200))
    MembershipFactory(status=Membership.Status.PROPOSED, next_review_due=days(-10))  # not under review
    PartnershipFactory(
        status=Partnership.Status.ENDED, end_date=days(-20), start_date=days(-400), next_review_due=days(-10)
    )

    response = coordinator_client.get(QUEUE_URL)

    assert response.status_code == 200
    assert queue_keys(response) == [
        key(overdue_membership),
        key(dormant_partnership),
        key(due_today),
        key(ending_membership),
        key(soon_partnership),
    ]
    assert response.context["paginator"].count == 5


@pytest.mark.django_db
def test_queue_row_shows_type_title_unit_person_due_date_and_links(coordinator_client, culture_unit):
    person = UserFactory(first_name="Laura", last_name="Lahti")
    membership = membership_due(
        days(-12), network__name="Eurocities", owner_unit=culture_unit, responsible_person=person
    )
    partnership = partnership_due(days(4), partner__name="Tallinn")

    response = coordinator_client.get(QUEUE_URL)

    page = text(response)
    assert "Membership Eurocities Culture and Leisure Division Laura Lahti" in page
    assert "Overdue by 12 days" in page
    assert "Partnership Tallinn" in page
    assert "in 4 days" in page
    assert f'href="{membership.get_absolute_url()}"' in html(response)
    assert f'href="{review_url(membership, next=QUEUE_URL)}"' in html(response)
    assert f'href="{review_url(partnership, next=QUEUE_URL)}"' in html(response)
    assert '<caption class="visually-hidden">Reviews due</caption>' in html(response)
    assert "<title>Review queue – International activities portal</title>" in html(response)


@pytest.mark.django_db
def test_queue_says_when_a_review_is_due_today_and_overdue_by_a_single_day(coordinator_client):
    membership_due(days(0))
    partnership_due(days(-1))

    page = text(coordinator_client.get(QUEUE_URL))

    assert "Due today" in page
    assert "Overdue by 1 day " in page


@pytest.mark.django_db
def test_empty_queue_says_no_reviews_are_due_and_how_to_look_further(coordinator_client):
    membership_due(days(60))

    response = coordinator_client.get(QUEUE_URL)

    assert "No reviews are due." in text(response)
    assert 'href="?days=90"' in html(response)
    assert queue_keys(coordinator_client.get(QUEUE_URL, {"days": "90"})) != []


# The queue: sorting and filtering -----------------------------------------------------------


@pytest.fixture
def mixed_queue(culture_unit, urban_unit):
    return {
        "berlin": partnership_due(days(20), partner__name="Berlin", owner_unit=urban_unit),
        "eurocities": membership_due(days(-3), network__name="Eurocities", owner_unit=culture_unit),
        "iclei": membership_due(days(10), network__name="ICLEI", owner_unit=urban_unit),
        "tallinn": partnership_due(days(-30), partner__name="Tallinn", owner_unit=culture_unit),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["tallinn", "eurocities", "iclei", "berlin"]),
        ("due", ["tallinn", "eurocities", "iclei", "berlin"]),
        ("-due", ["berlin", "iclei", "eurocities", "tallinn"]),
        ("title", ["berlin", "eurocities", "iclei", "tallinn"]),
        ("-title", ["tallinn", "iclei", "eurocities", "berlin"]),
        ("type", ["eurocities", "iclei", "tallinn", "berlin"]),
        ("-type", ["tallinn", "berlin", "eurocities", "iclei"]),
        ("owner_unit", ["tallinn", "eurocities", "iclei", "berlin"]),
        ("-owner_unit", ["iclei", "berlin", "tallinn", "eurocities"]),
    ],
)
def test_queue_sorts_across_types(coordinator_client, mixed_queue, sort, expected):
    response = coordinator_client.get(QUEUE_URL, {"sort": sort} if sort else {})

    assert queue_keys(response) == [key(mixed_queue[name]) for name in expected]


@pytest.mark.django_db
def test_queue_sorts_owner_units_by_their_names_in_the_active_language(coordinator_client, mixed_queue):
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"

    response = coordinator_client.get(QUEUE_URL, {"sort": "owner_unit"})

    # Kaupunkiympäristön toimiala (urban) comes before Kulttuurin ja vapaa-ajan toimiala (culture).
    assert queue_keys(response) == [
        key(mixed_queue[name]) for name in ["iclei", "berlin", "tallinn", "eurocities"]
    ]


@pytest.mark.django_db
def test_queue_sort_header_marks_the_sorted_column(coordinator_client, mixed_queue):
    response = coordinator_client.get(QUEUE_URL, {"sort": "title"})

    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-title">Title' in html(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "membership"}, ["eurocities", "iclei"]),
        ({"type": "partnership"}, ["tallinn", "berlin"]),
        ({"due": "overdue"}, ["tallinn", "eurocities"]),
        ({"due": "upcoming"}, ["iclei", "berlin"]),
        ({"days": "10"}, ["tallinn", "eurocities", "iclei"]),
        ({"days": "0", "type": "partnership"}, ["tallinn"]),
    ],
)
def test_queue_filters(coordinator_client, mixed_queue, query, expected):
    response = coordinator_client.get(QUEUE_URL, query)

    assert queue_keys(response) == [key(mixed_queue[name]) for name in expected]


@pytest.mark.django_db
def test_queue_filters_by_owner_unit_and_looks_further_ahead(coordinator_client, mixed_queue, urban_unit):
    far = membership_due(days(80), network__name="Far ahead", owner_unit=urban_unit)

    by_unit = coordinator_client.get(QUEUE_URL, {"owner_unit": urban_unit.pk})
    ahead = coordinator_client.get(QUEUE_URL, {"owner_unit": urban_unit.pk, "days": "90", "sort": "-due"})

    assert queue_keys(by_unit) == [key(mixed_queue["iclei"]), key(mixed_queue["berlin"])]
    assert queue_keys(ahead) == [key(far), key(mixed_queue["berlin"]), key(mixed_queue["iclei"])]


@pytest.mark.django_db
def test_the_queue_s_filters_summary_counts_those_in_use_as_a_list_s_does(coordinator_client, mixed_queue):
    assert '<summary><span id="filters-count">Filters</span></summary>' in html(
        coordinator_client.get(QUEUE_URL)
    )
    filtered = coordinator_client.get(QUEUE_URL, {"type": "membership", "due": "overdue", "page": "1"})
    assert '<summary><span id="filters-count">Filters (2 in use)</span></summary>' in html(filtered)


@pytest.mark.django_db
def test_queue_with_nothing_matching_the_filters_offers_to_clear_them(coordinator_client, mixed_queue):
    response = coordinator_client.get(QUEUE_URL, {"type": "membership", "due": "overdue", "days": "0"})

    assert queue_keys(response) == [key(mixed_queue["eurocities"])]
    empty = coordinator_client.get(
        QUEUE_URL, {"owner_unit": mixed_queue["eurocities"].owner_unit.pk, "due": "upcoming"}
    )
    assert queue_keys(empty) == []
    assert "No reviews are due that match these filters." in text(empty)
    assert f'href="{QUEUE_URL}">Clear the filters' in html(empty)
    assert queue_keys(coordinator_client.get(QUEUE_URL, {"owner_unit": "no such unit"})) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"days": "soon"}, {"days": "-1"}, {"type": "event"}])
def test_queue_with_bad_filter_values_shows_the_error_and_no_rows(coordinator_client, mixed_queue, query):
    response = coordinator_client.get(QUEUE_URL, query)

    assert response.status_code == 200
    assert response.context["filter"].errors
    assert queue_keys(response) == []
    assert "Correct the filters above to see the queue." in text(response)


@pytest.mark.django_db
def test_queue_filter_defaults_to_30_days_when_used_alone():
    membership = membership_due(days(30))
    membership_due(days(31))

    rows = list(ReviewQueueFilter(today=today()).qs)

    assert [(row["type_key"], row["record_id"]) for row in rows] == [key(membership)]


# The queue: pages and queries ---------------------------------------------------------------


def test_queue_pages_by_the_portal_setting():
    assert ReviewQueueView.paginate_by == settings.PAGINATE_BY


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["", "-due", "title", "-owner_unit", "type"])
def test_a_page_read_from_each_type_s_first_rows_is_that_page_of_the_whole_queue(sort):
    for n in range(4):
        membership_due(days(n - 2))
        membership_due(days(n - 2))
        partnership_due(days(n - 1))
    queue = ReviewQueueFilter({"sort": sort} if sort else {}, today=today())
    whole = list(queue.qs)

    assert len(whole) == queue.count() == 12
    for start, stop in ((0, 5), (5, 10), (10, 12), (3, 4)):
        assert queue.page_rows(start, stop) == whole[start:stop], (start, stop)


@pytest.mark.django_db
def test_queue_pages_across_types(coordinator_client, monkeypatch):
    monkeypatch.setattr(ReviewQueueView, "paginate_by", 3)
    records = [
        membership_due(days(-4)),
        partnership_due(days(-3)),
        membership_due(days(-2)),
        partnership_due(days(-1)),
        membership_due(days(1)),
    ]

    first = coordinator_client.get(QUEUE_URL)
    second = coordinator_client.get(QUEUE_URL, {"page": "2"})

    assert queue_keys(first) == [key(record) for record in records[:3]]
    assert queue_keys(second) == [key(record) for record in records[3:]]
    assert "Page 2 of 2" in text(second)
    assert coordinator_client.get(QUEUE_URL, {"page": "3"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"sort": "-title", "type": "partnership"}, {"sort": "owner_unit"}])
def test_queue_takes_the_same_number_of_queries_for_5_and_50_rows(
    coordinator_client, django_assert_max_num_queries, query
):
    for n in range(5):
        (membership_due if n % 2 else partnership_due)(days(n - 2))
    with django_assert_max_num_queries(30) as few:
        assert coordinator_client.get(QUEUE_URL, query).status_code == 200

    for n in range(45):
        (membership_due if n % 2 else partnership_due)(days(n % 30 - 10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = coordinator_client.get(QUEUE_URL, query)
    assert len(response.context["entries"]) == min(settings.PAGINATE_BY, response.context["paginator"].count)


# The queue: who sees it ---------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_is_for_the_coordination_group_and_international_affairs(
    client, coordinator_client, strategy_client, culture_client
):
    assert coordinator_client.get(QUEUE_URL).status_code == 200
    assert strategy_client.get(QUEUE_URL).status_code == 200
    assert culture_client.get(QUEUE_URL).status_code == 403
    anonymous = client.get(QUEUE_URL)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))


# The review form ----------------------------------------------------------------------------


@pytest.fixture
def membership(culture_unit):
    """An active membership with two goals, due for review in 20 days."""
    record = membership_due(
        days(20),
        network__name="Eurocities",
        owner_unit=culture_unit,
        start_date=datetime.date(2020, 1, 1),
        goal__title="Learn from peers",
        goal__target="Two study visits a year",
        goal__indicator="Visits made",
    )
    MembershipGoalFactory(
        membership=record, title="Lead a working group", target="Chair by 2026", indicator="Chair held"
    )
    return record


@pytest.mark.django_db
def test_review_form_shows_every_goal_with_its_target_and_indicator(coordinator_client, membership):
    response = coordinator_client.get(review_url(membership))

    assert response.status_code == 200
    page = html(response)
    for goal in membership.goals.all():
        assert f"<legend>{goal.title}</legend>" in page
        assert goal.target in page
        assert goal.indicator in page
        assert f'name="goal-{goal.pk}-outcome"' in page
        assert f'<label class="hds-text-input__label" for="id_goal-{goal.pk}-comment">Comment</label>' in page
    for label, field in [
        ("Review date", "reviewed_on"),
        ("Benefit assessment", "benefit_assessment"),
        ("Decision", "decision"),
    ]:
        assert f'<label class="hds-text-input__label" for="id_{field}">{label}' in page
    assert '<legend class="hds-selection-group__legend">Recommendation' in page
    assert f'value="{today().isoformat()}"' in page
    assert "<title>Record a review of “Eurocities – Culture and Leisure Division”" in page
    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', page, re.S).group(0)
    assert re.findall(r"<li>.*?</li>|<li aria-current=\"page\">.*?</li>", crumbs) == [
        f'<li><a href="{reverse("home")}">Home</a></li>',
        f'<li><a href="{QUEUE_URL}">Review queue</a></li>',
        f'<li><a href="{membership.get_absolute_url()}">{membership}</a></li>',
        '<li aria-current="page">Record a review</li>',
    ]
    assert page.count("<h1>") == 1


@pytest.mark.django_db
def test_early_review_keeps_the_cycle(coordinator_client, coordinator_user, membership):
    due = membership.next_review_due
    goals = list(membership.goals.all())
    data = review_data(membership, outcome="partly_met")
    data[f"goal-{goals[0].pk}-outcome"] = "met"

    response = coordinator_client.post(review_url(membership), data)

    assert response.status_code == 302
    assert response.url == membership.get_absolute_url()
    review = MembershipReview.objects.get(membership=membership)
    assert review.reviewer == coordinator_user
    assert review.reviewed_on == today()
    assert review.recommendation == "continue"
    assert review.benefit_assessment == data["benefit_assessment"]
    assert review.decision == data["decision"]
    assert {(o.goal_id, o.outcome, o.comment) for o in review.outcomes.all()} == {
        (goals[0].pk, "met", f"Comment on {goals[0].title}"),
        (goals[1].pk, "partly_met", f"Comment on {goals[1].title}"),
    }
    membership.refresh_from_db()
    assert membership.next_review_due == due + relativedelta(months=12)
    page = text(coordinator_client.get(response.url))
    next_due = membership.next_review_due.strftime("%d/%m/%Y")
    assert "The review of “Eurocities – Culture and Leisure Division” was recorded." in page
    assert f"The next review is due on {next_due}" in page


@pytest.mark.django_db
def test_late_review_starts_the_next_interval_from_the_review_date(coordinator_client, membership):
    Membership.objects.filter(pk=membership.pk).update(next_review_due=days(-40), review_interval_months=6)

    response = coordinator_client.post(review_url(membership), review_data(membership, reviewed_on=days(-2)))

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.next_review_due == days(-2) + relativedelta(months=6)
    assert MembershipReview.objects.get(membership=membership).reviewed_on == days(-2)


@pytest.mark.django_db
def test_review_writes_the_new_due_date_into_the_records_history(
    coordinator_client, coordinator_user, membership
):
    old_due = membership.next_review_due

    coordinator_client.post(review_url(membership), review_data(membership))

    latest = membership.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator_user
    assert latest.next_review_due == old_due + relativedelta(months=12)
    assert latest.prev_record.next_review_due == old_due
    history_page = text(coordinator_client.get(reverse("networks:membership-history", args=[membership.pk])))
    assert "Next review due" in history_page


@pytest.mark.django_db
def test_partnership_review_is_recorded_the_same_way(coordinator_client, culture_unit):
    partnership = partnership_due(days(-3), partner__name="Tallinn", owner_unit=culture_unit)
    PartnershipGoalFactory(partnership=partnership)

    response = coordinator_client.post(
        review_url(partnership), review_data(partnership, recommendation="intensify")
    )

    assert response.url == partnership.get_absolute_url()
    review = PartnershipReview.objects.get(partnership=partnership)
    assert review.recommendation == "intensify"
    assert PartnershipGoalOutcome.objects.filter(review=review).count() == 2
    partnership.refresh_from_db()
    assert partnership.next_review_due == today() + relativedelta(months=12)


@pytest.mark.django_db
def test_saving_returns_to_the_queue_page_it_came_from(coordinator_client, membership):
    queue_page = f"{QUEUE_URL}?sort=-due&type=membership"

    response = coordinator_client.post(review_url(membership, next=queue_page), review_data(membership))

    assert response.url == queue_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/coordination/reviews/", "//evil.example.com/", "/networks/memberships/"],
)
def test_saving_ignores_a_next_address_that_is_not_the_queue(coordinator_client, membership, next_url):
    response = coordinator_client.post(review_url(membership), {**review_data(membership), "next": next_url})

    assert response.url == membership.get_absolute_url()


def assert_nothing_saved(record, due: datetime.date) -> None:
    reviewable = reviewables.for_model(type(record))
    assert not reviewable.reviews_of(record).exists()
    assert not reviewable.outcome_model.objects.exists()
    record.refresh_from_db()
    assert record.next_review_due == due


@pytest.mark.django_db
def test_a_goal_without_an_outcome_is_an_error_at_that_goal(coordinator_client, membership):
    goals = list(membership.goals.all())
    data = review_data(membership)
    del data[f"goal-{goals[1].pk}-outcome"]

    response = coordinator_client.post(review_url(membership), data)

    assert response.status_code == 200
    forms = response.context["forms"]
    assert forms.outcomes[1].errors == {"outcome": ["Choose an outcome for this goal."]}
    assert not forms.outcomes[0].errors
    page = html(response)
    assert (
        f'<a href="#id_goal-{goals[1].pk}-outcome_0">Lead a working group: Outcome: Choose an outcome' in page
    )
    assert f'id="id_goal-{goals[1].pk}-outcome_error"' in page
    assert data["benefit_assessment"] in page  # what was typed is kept
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"reviewed_on": days(1).isoformat()}, "reviewed_on", "A review cannot be dated in the future."),
        ({"reviewed_on": "2019-12-31"}, "reviewed_on", "A review cannot be dated before the record started"),
        ({"reviewed_on": "yesterday"}, "reviewed_on", "Enter a valid date."),
        ({"benefit_assessment": ""}, "benefit_assessment", "This field is required."),
        ({"recommendation": "abandon"}, "recommendation", "Select a valid choice."),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    coordinator_client, membership, fields, field, error
):
    response = coordinator_client.post(review_url(membership), review_data(membership, **fields))

    assert response.status_code == 200
    assert error in " ".join(response.context["forms"].review.errors[field])
    if field != "recommendation":  # a group of radio buttons shows its error inside its fieldset
        assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', html(response))
    assert "The review was not saved. Correct these fields:" in text(response)
    assert f'<a href="#id_{field}' in html(response)
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db
def test_a_review_of_a_goal_added_meanwhile_is_refused_at_that_goal(coordinator_client, membership):
    data = review_data(membership)
    added = MembershipGoalFactory(membership=membership, title="Added meanwhile")

    response = coordinator_client.post(review_url(membership), data)

    assert response.status_code == 200
    assert response.context["forms"].outcomes[-1].goal == added
    assert response.context["forms"].outcomes[-1].errors
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db
def test_a_refusal_by_the_service_is_shown_above_the_form(coordinator_client, membership, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("The record changed meanwhile.")

    monkeypatch.setattr("helsinki_intl.coordination.views.reviews.review_record", refuse)

    response = coordinator_client.post(review_url(membership), review_data(membership))

    assert response.status_code == 200
    assert response.context["forms"].review.non_field_errors() == ["The record changed meanwhile."]
    assert "The record changed meanwhile." in text(response)


ALREADY_RECORDED = (
    "The review of “Eurocities – Culture and Leisure Division” due on {due} has already been recorded, "
    "so this one was not saved. The next review is due on {next}."
)


@pytest.mark.django_db
def test_the_form_carries_the_due_date_it_reviews(coordinator_client, membership):
    page = html(coordinator_client.get(review_url(membership)))

    assert f'<input type="hidden" name="due" value="{days(20).isoformat()}" id="id_due">' in page


@pytest.mark.django_db
def test_the_same_review_posted_twice_counts_once(coordinator_client, membership):
    data = review_data(membership)

    first = coordinator_client.post(review_url(membership), data)
    again = coordinator_client.post(review_url(membership), data)
    later = coordinator_client.post(review_url(membership, next=QUEUE_URL), {**data, "next": QUEUE_URL})

    assert first.status_code == 302
    next_due = days(20) + relativedelta(months=12)
    for response in (again, later):
        assert response.status_code == 409
        assert response.context["forms"] is None
        assert ALREADY_RECORDED.format(
            due=days(20).strftime("%d/%m/%Y"), next=next_due.strftime("%d/%m/%Y")
        ) in text(response)
        assert f'<a href="{membership.get_absolute_url()}">Open the record to see its reviews</a>' in html(
            response
        )
        assert 'name="benefit_assessment"' not in html(response)
    assert MembershipReview.objects.filter(membership=membership).count() == 1
    assert MembershipGoalOutcome.objects.count() == 2
    membership.refresh_from_db()
    assert membership.next_review_due == next_due


@pytest.mark.django_db
def test_a_form_opened_before_the_due_date_was_changed_is_refused(coordinator_client, membership):
    data = review_data(membership)
    Membership.objects.filter(pk=membership.pk).update(next_review_due=days(50))

    response = coordinator_client.post(review_url(membership), data)

    assert response.status_code == 409
    assert_nothing_saved(membership, days(50))


@pytest.mark.django_db
@pytest.mark.parametrize("due", ["not a date", "2025-02-30"])
def test_a_damaged_due_date_is_an_error_above_the_form(coordinator_client, membership, due):
    response = coordinator_client.post(review_url(membership), review_data(membership, due=due))

    assert response.status_code == 200
    assert response.context["forms"].review.non_field_errors() == [
        "The review form was damaged. Open it again and fill it in."
    ]
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db(transaction=True)
def test_the_same_review_posted_twice_at_once_counts_once(coordinator_user, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to wait on")
    membership = membership_due(days(20), start_date=datetime.date(2020, 1, 1))
    data = review_data(membership)
    both_loaded = threading.Barrier(2)
    check_reviewable = reviews_view.check_reviewable

    def check_then_wait(record, goals):
        check_reviewable(record, goals)
        both_loaded.wait(timeout=10)  # both posts have read the record before either saves

    monkeypatch.setattr(reviews_view, "check_reviewable", check_then_wait)
    statuses = []

    def post() -> None:
        client = Client()
        client.force_login(coordinator_user)
        try:
            statuses.append(client.post(review_url(membership), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [302, 409]
    assert MembershipReview.objects.filter(membership=membership).count() == 1
    membership.refresh_from_db()
    assert membership.next_review_due == days(20) + relativedelta(months=12)


@pytest.mark.django_db
def test_service_refuses_a_review_of_a_due_date_already_reviewed(coordinator_user):
    membership = membership_due(days(5))
    record_review(membership, reviewer=coordinator_user)

    with pytest.raises(ReviewAlreadyRecorded) as refused:
        record_review(membership, reviewer=coordinator_user, due_reviewed=days(5))

    assert refused.value.code == "already_recorded"
    assert MembershipReview.objects.filter(membership=membership).count() == 1
    membership.refresh_from_db()
    assert membership.next_review_due == days(5) + relativedelta(months=12)


@pytest.mark.django_db
def test_outsiders_may_not_open_or_post_the_review_form(culture_client, membership):
    # The culture unit owns the membership, and still may not review it.
    assert culture_client.get(review_url(membership)).status_code == 403
    assert culture_client.post(review_url(membership), review_data(membership)).status_code == 403
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, membership):
    response = client.post(review_url(membership), review_data(membership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert_nothing_saved(membership, days(20))


@pytest.mark.django_db
def test_international_affairs_may_record_a_review(strategy_client, membership):
    assert strategy_client.post(review_url(membership), review_data(membership)).status_code == 302
    assert MembershipReview.objects.filter(membership=membership).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/coordination/reviews/eventbid/1/", "/coordination/reviews/network/1/"])
def test_unknown_type_is_not_found(coordinator_client, membership, path):
    assert coordinator_client.get(path).status_code == 404


@pytest.mark.django_db
def test_unknown_record_is_not_found(coordinator_client, membership):
    assert (
        coordinator_client.get(f"/coordination/reviews/membership/{membership.pk + 1000}/").status_code == 404
    )
    assert coordinator_client.get(f"/coordination/reviews/partnership/{membership.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_record_without_goals_cannot_be_reviewed(strategy_client, coordinator_client):
    membership = MembershipFactory(
        status=Membership.Status.ENDING, start_date=datetime.date(2020, 1, 1), next_review_due=days(-1)
    )

    for client in (strategy_client, coordinator_client):
        response = client.get(review_url(membership))
        assert response.status_code == 200
        assert response.context["forms"] is None
        assert "has no goals, so there is nothing to review it against." in text(response)
        assert 'name="benefit_assessment"' not in html(response)
    edit_url = reverse("networks:membership-edit", args=[membership.pk])
    assert f'<a href="{edit_url}">Edit the record to add its goals</a>' in html(
        strategy_client.get(review_url(membership))
    )
    coordinator_page = coordinator_client.get(review_url(membership))
    assert "Ask the owner unit" in text(coordinator_page)
    assert f'href="{edit_url}"' not in html(coordinator_page)  # the coordinator may not edit it

    response = coordinator_client.post(review_url(membership), review_data(membership))
    assert response.status_code == 200
    assert_nothing_saved(membership, days(-1))


@pytest.mark.django_db
def test_a_record_not_under_review_cannot_be_reviewed(coordinator_client, membership):
    proposed = MembershipFactory(status=Membership.Status.PROPOSED, next_review_due=days(-1))
    MembershipGoalFactory(membership=proposed)

    response = coordinator_client.get(review_url(proposed))
    posted = coordinator_client.post(review_url(proposed), review_data(proposed))

    assert "is not reviewed in its current status, “Proposed”." in text(response)
    assert 'name="benefit_assessment"' not in html(response)
    assert posted.status_code == 200
    assert_nothing_saved(proposed, days(-1))


# The record pages link to the form ----------------------------------------------------------


@pytest.mark.django_db
def test_record_pages_offer_the_review_form_to_reviewers_only(coordinator_client, culture_client, membership):
    partnership = partnership_due(days(5))
    for record in (membership, partnership):
        link = f'href="{review_url(record)}">Record a review</a>'
        assert link in html(coordinator_client.get(record.get_absolute_url()))
        assert link not in html(culture_client.get(record.get_absolute_url()))


@pytest.mark.django_db
def test_record_page_offers_no_review_while_the_record_is_not_reviewed(coordinator_client):
    proposed = MembershipFactory(status=Membership.Status.PROPOSED)

    assert "Record a review" not in html(coordinator_client.get(proposed.get_absolute_url()))


# The service --------------------------------------------------------------------------------


def record_review(record, *, reviewer, reviewed_on=None, outcomes=None, due_reviewed=None, **fields):
    reviewable = reviewables.for_model(type(record))
    if due_reviewed is None:
        due_reviewed = type(record).objects.get(pk=record.pk).next_review_due
    if outcomes is None:
        outcomes = [GoalAssessment(goal, "met", "") for goal in record.goals.all()]
    values = {
        "benefit_assessment": "Worth it.",
        "recommendation": "continue",
        "decision": "",
        **fields,
    }
    return review_record(
        reviewable_type=reviewable,
        record=record,
        reviewer=reviewer,
        due_reviewed=due_reviewed,
        reviewed_on=reviewed_on or today(),
        outcomes=outcomes,
        **values,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("due", "reviewed_on", "next_due"),
    [
        (datetime.date(2025, 4, 30), datetime.date(2025, 3, 10), datetime.date(2026, 4, 30)),  # early
        (datetime.date(2025, 4, 30), datetime.date(2025, 4, 30), datetime.date(2026, 4, 30)),  # on time
        (datetime.date(2025, 4, 30), datetime.date(2025, 6, 2), datetime.date(2026, 6, 2)),  # late
    ],
)
def test_service_moves_the_due_date_by_the_interval(coordinator_user, due, reviewed_on, next_due):
    membership = membership_due(due)

    review = record_review(membership, reviewer=coordinator_user, reviewed_on=reviewed_on)

    membership.refresh_from_db()
    assert membership.next_review_due == next_due
    assert review.membership.next_review_due == next_due
    assert review.reviewer == coordinator_user
    assert MembershipGoalOutcome.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_service_records_the_reviewer_in_the_history(coordinator_user):
    partnership = partnership_due(datetime.date(2025, 1, 15))

    record_review(partnership, reviewer=coordinator_user, reviewed_on=datetime.date(2025, 1, 10))

    latest = partnership.history.latest()
    assert (latest.next_review_due, latest.history_user) == (datetime.date(2026, 1, 15), coordinator_user)
    assert PartnershipReview.history.latest().history_user == coordinator_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        (lambda goals, other: [(goals[0], "met")], "outcomes_mismatch"),
        (lambda goals, other: [(goals[0], "met"), (goals[0], "met")], "outcomes_mismatch"),
        (lambda goals, other: [(goals[0], "met"), (other, "met")], "outcomes_mismatch"),
        (lambda goals, other: [(goals[0], "met"), (goals[1], "exceeded")], "invalid_outcome"),
    ],
    ids=["missing", "twice", "another-records-goal", "unknown-outcome"],
)
def test_service_refuses_outcomes_that_are_not_one_valid_outcome_per_goal(coordinator_user, outcomes, code):
    membership = membership_due(days(5))
    MembershipGoalFactory(membership=membership)
    goals = list(membership.goals.all())
    assessments = [
        GoalAssessment(goal, outcome) for goal, outcome in outcomes(goals, MembershipGoalFactory())
    ]

    with pytest.raises(ValidationError) as refused:
        record_review(membership, reviewer=coordinator_user, outcomes=assessments)

    assert refused.value.code == code
    assert_nothing_saved(membership, days(5))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reviewed_on", "code"),
    [
        (Membership.Status.PROPOSED, days(0), "not_under_review"),
        (Membership.Status.ACTIVE, days(1), "future"),
        (Membership.Status.ACTIVE, datetime.date(2022, 2, 28), "before_start"),
    ],
)
def test_service_refuses_a_record_or_date_it_cannot_review(coordinator_user, status, reviewed_on, code):
    membership = membership_due(days(5), start_date=datetime.date(2022, 3, 1))
    Membership.objects.filter(pk=membership.pk).update(status=status)

    with pytest.raises(ValidationError) as refused:
        record_review(membership, reviewer=coordinator_user, reviewed_on=reviewed_on)

    assert refused.value.code == code
    assert_nothing_saved(membership, days(5))


@pytest.mark.django_db
def test_service_refuses_a_record_without_goals(coordinator_user):
    membership = membership_due(days(5))
    membership.goals.all().delete()

    with pytest.raises(ValidationError) as refused:
        record_review(membership, reviewer=coordinator_user, outcomes=[])

    assert refused.value.code == "no_goals"
    assert_nothing_saved(membership, days(5))


@pytest.mark.django_db
def test_service_saves_nothing_when_the_review_itself_is_invalid(coordinator_user):
    membership = membership_due(days(5))

    with pytest.raises(ValidationError):
        record_review(membership, reviewer=coordinator_user, benefit_assessment="")

    assert_nothing_saved(membership, days(5))


def test_next_review_after_a_first_review_of_a_record_with_no_due_date():
    membership = Membership(review_interval_months=3, next_review_due=None)

    assert membership.next_review_after(datetime.date(2025, 1, 31)) == datetime.date(2025, 4, 30)


def test_every_registered_type_names_its_records_in_the_queue():
    titles = {reviewable.key: reviewable.title_field for reviewable in reviewables}

    assert titles["membership"] == "network__name"
    assert titles["partnership"] == "partner__name"
