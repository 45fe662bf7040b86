"""The network register's portal pages: lists, details, forms, deletion and change history."""

import datetime
import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    PriorityNetworkFactory,
    RoleFactory,
    UserFactory,
)

FORM_ERRORS = "The form has errors. Please correct the fields marked below."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


# Helpers --------------------------------------------------------------------------------------


def url(name: str, record=None) -> str:
    return reverse(f"networks:{name}", args=[record.pk] if record is not None else [])


def management_form(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_membership_data(*, network, owner_unit, responsible_person, goals=(), roles=(), **fields) -> dict:
    """What the add form posts: the membership's fields and its goal and role rows."""
    data = {
        "network": network.name,
        "owner_unit": owner_unit.name_en,
        "responsible_person": responsible_person.get_full_name(),
        "start_date": "2024-01-01",
        "end_date": "",
        "annual_fee": "2500.00",
        "benefits": "Peer learning on climate adaptation.",
        "review_interval_months": "12",
        "next_review_due": "2025-01-31",
        "notes": "",
    }
    data.update(fields)
    data.update(management_form("goals", len(goals)))
    for index, goal in enumerate(goals):
        data.update({f"goals-{index}-{key}": value for key, value in goal.items()})
    data.update(management_form("roles", len(roles)))
    for index, role in enumerate(roles):
        data.update({f"roles-{index}-{key}": value for key, value in role.items()})
    return data


def _post_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def posted_back(response, **changes) -> dict:
    """The data a browser posts back from a rendered record form (with its formsets), plus changes."""
    forms = [response.context["form"]]
    for formset in response.context.get("formsets", {}).values():
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for bound_field in form:
            value = bound_field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound_field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound_field.html_name] = [_post_value(item) for item in value]
            else:
                data[bound_field.html_name] = _post_value(value)
    data.update(changes)
    return data


def html(response) -> str:
    return response.content.decode()


def field_error_html(field: str, message: str) -> str:
    """How `includes/field.html` shows an error at a field."""
    return f'<div class="hds-text-input__error-text" id="id_{field}_error"><p>{message}</p></div>'


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def table_rows(response) -> list[str]:
    """The list's rows, each cell without the header a narrow screen shows beside it."""
    body = html(response).split('<tbody class="hds-table__content">', 1)[1]
    return re.findall(r"<tr>.*?</tr>", re.sub(r' data-label="[^"]*"', "", body), flags=re.S)


def age_history(queryset, minutes: int = 10) -> None:
    """Moves history rows into the past, as if a person came back to the record later."""
    queryset.update(history_date=F("history_date") - datetime.timedelta(minutes=minutes))


# Membership list ------------------------------------------------------------------------------


def test_membership_list_shows_each_membership(culture_client, culture_unit, urban_unit):
    first = MembershipFactory(active=True, owner_unit=culture_unit, network__name="Eurocities")
    second = MembershipFactory(owner_unit=urban_unit, network__name="ICLEI")

    response = culture_client.get(url("membership-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [first, second]
    page = html(response)
    assert "2 results" in page
    assert f'<a href="{first.get_absolute_url()}">Eurocities</a>' in page
    assert f'<a href="{second.get_absolute_url()}">ICLEI</a>' in page
    assert "Culture and Leisure Division" in page
    assert "Urban Environment Division" in page
    assert '<span class="hds-tag status-tag--active">Active</span>' in page
    assert '<span class="hds-tag status-tag--proposed">Proposed</span>' in page


def test_membership_list_empty_state(culture_client):
    response = culture_client.get(url("membership-list"))

    assert response.status_code == 200
    page = html(response)
    assert "0 results" in page
    assert "Nothing has been registered yet." in page
    assert "Add the first one" in page
    assert "Nothing matches these filters." not in page


def test_membership_list_empty_state_when_filtered(culture_client, culture_unit):
    MembershipFactory(active=True, owner_unit=culture_unit)

    response = culture_client.get(url("membership-list"), {"q": "no such network"})

    assert response.status_code == 200
    page = html(response)
    assert "Nothing matches these filters." in page
    assert "Clear the filters" in page
    assert "Nothing has been registered yet." not in page


def test_membership_list_pagination_keeps_the_filters(culture_client, culture_unit):
    active = [
        MembershipFactory(active=True, owner_unit=culture_unit, network__name=f"Active network {n:02}")
        for n in range(26)
    ]
    MembershipFactory(owner_unit=culture_unit, network__name="Active network 99 (proposed)")

    first_page = culture_client.get(url("membership-list"), {"status": "active"})

    assert first_page.status_code == 200
    assert first_page.context["paginator"].count == 26
    assert list(first_page.context["object_list"]) == active[:25]
    page = html(first_page)
    assert "26 results" in page
    assert "Page 1 of 2" in page
    assert 'href="?status=active&amp;page=2" rel="next"' in page

    second_page = culture_client.get(url("membership-list"), {"status": "active", "page": "2"})

    assert second_page.status_code == 200
    assert list(second_page.context["object_list"]) == active[25:]
    page = html(second_page)
    assert "Page 2 of 2" in page
    assert 'href="?status=active&amp;page=1" rel="prev"' in page
    assert "Active network 25" in page
    assert "Active network 99 (proposed)" not in page

    assert culture_client.get(url("membership-list"), {"status": "active", "page": "3"}).status_code == 404


def test_membership_list_with_one_page_has_no_pagination(culture_client, culture_unit):
    MembershipFactory.create_batch(25, owner_unit=culture_unit)

    response = culture_client.get(url("membership-list"))

    assert response.context["paginator"].num_pages == 1
    assert "Page 1 of" not in html(response)


def test_membership_list_sorts_by_network(culture_client, culture_unit):
    for name in ("Mayors Adapt", "Eurocities", "ICLEI", "Covenant of Mayors"):
        MembershipFactory(owner_unit=culture_unit, network__name=name)

    ascending = culture_client.get(url("membership-list"), {"sort": "network"})
    descending = culture_client.get(url("membership-list"), {"sort": "-network"})

    names = ["Covenant of Mayors", "Eurocities", "ICLEI", "Mayors Adapt"]
    assert [m.network.name for m in ascending.context["object_list"]] == names
    assert [m.network.name for m in descending.context["object_list"]] == names[::-1]
    rows = table_rows(descending)
    assert len(rows) == 4
    for row, name in zip(rows, names[::-1], strict=True):
        assert f">{name}</a></td>" in row


def test_membership_list_sorts_by_next_review(culture_client, culture_unit):
    due = {
        "Network due in spring": datetime.date(2026, 4, 1),
        "Network due in winter": datetime.date(2026, 12, 1),
        "Network due in autumn": datetime.date(2026, 9, 1),
    }
    for name, date in due.items():
        MembershipFactory(active=True, owner_unit=culture_unit, network__name=name, next_review_due=date)

    descending = culture_client.get(url("membership-list"), {"sort": "-review"})
    ascending = culture_client.get(url("membership-list"), {"sort": "review"})

    assert [m.next_review_due for m in descending.context["object_list"]] == sorted(
        due.values(), reverse=True
    )
    assert [m.next_review_due for m in ascending.context["object_list"]] == sorted(due.values())
    rows = table_rows(descending)
    assert "Network due in winter" in rows[0]
    assert "Network due in autumn" in rows[1]
    assert "Network due in spring" in rows[2]
    # The column header offers the opposite order and says how the list is sorted now.
    assert '<th scope="col" aria-sort="descending"><a href="?sort=review">Next review' in html(descending)


@pytest.mark.parametrize("sort", ["status", "-review", "fee"])
def test_sorted_pages_neither_repeat_nor_skip_rows(culture_client, culture_unit, sort):
    # Many memberships share the sorted value (status, review date, fee), as in a real register.
    person = UserFactory()
    networks = Network.objects.bulk_create(
        Network(name=f"Network {n:03}", kind="city_network", owner_unit=culture_unit) for n in range(120)
    )
    Membership.objects.bulk_create(
        Membership(
            network=network,
            owner_unit=culture_unit,
            responsible_person=person,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2020, 1, 1),
            next_review_due=datetime.date(2026, 1, 1),
            annual_fee=Decimal("1000.00"),
        )
        for network in networks
    )

    listed = []
    for page in range(1, 6):
        response = culture_client.get(url("membership-list"), {"sort": sort, "page": page})
        assert response.status_code == 200
        listed += [membership.pk for membership in response.context["object_list"]]

    assert len(listed) == 120
    assert sorted(listed) == sorted(Membership.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("page", "sort"),
    [
        ("membership-list", "status"),
        ("membership-list", "-review"),
        ("membership-list", "fee"),
        ("membership-list", "owner_unit"),
        ("membership-list", "-start"),
        ("network-list", "kind"),
        ("network-list", "-scope"),
    ],
)
def test_a_sorted_list_ends_its_order_with_a_unique_key(culture_client, culture_unit, page, sort):
    """Without a unique last key, rows that tie in the sorted column move between pages."""
    MembershipFactory(owner_unit=culture_unit)

    response = culture_client.get(url(page), {"sort": sort})

    ordering = response.context["paginator"].object_list.query.order_by
    assert ordering[-1].lstrip("-") in {"pk", "id"}, ordering


def test_sort_links_keep_the_filters(culture_client, culture_unit):
    MembershipFactory(active=True, owner_unit=culture_unit)

    response = culture_client.get(url("membership-list"), {"status": "active", "page": "1"})

    assert '<a href="?status=active&amp;sort=network">Network</a>' in html(response)


# Membership detail ----------------------------------------------------------------------------


def test_membership_detail_shows_goals_roles_and_reviews(culture_client, culture_unit, strategy_user):
    membership = MembershipFactory(
        active=True,
        goal__title="Join the climate adaptation working group",
        owner_unit=culture_unit,
        network__name="Eurocities",
        decision_reference="HEL 2019-012572",
        benefits="Access to EU funding calls.",
    )
    second_goal = MembershipGoalFactory(membership=membership, title="Host a forum meeting", target="")
    RoleFactory(membership=membership, title="Culture forum chair", holder="Head of Culture")
    review = MembershipReview.objects.create(
        membership=membership,
        reviewed_on=datetime.date(2024, 5, 2),
        reviewer=strategy_user,
        benefit_assessment="The working group paid off.",
        recommendation="intensify",
        decision="Seek a seat on the executive committee.",
    )
    MembershipGoalOutcome.objects.create(
        review=review, goal=second_goal, outcome="partly_met", comment="One meeting hosted"
    )

    response = culture_client.get(membership.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert '<h1>Eurocities <span class="subtitle">Culture and Leisure Division</span></h1>' in page
    assert "HEL 2019-012572" in page
    assert "Access to EU funding calls." in page
    assert "<td>Join the climate adaptation working group</td>" in page
    assert "<td>Host a forum meeting</td><td>—</td>" in page
    assert "<td>Culture forum chair</td><td>Head of Culture</td>" in page
    assert "Intensify" in page
    assert f"Reviewer: {strategy_user}" in page
    assert "The working group paid off." in page
    assert "Seek a seat on the executive committee." in page
    assert "<li>Host a forum meeting: Partly met – One meeting hosted</li>" in page
    for empty_state in (
        "No goals yet.",
        "The city holds no roles in this network.",
        "Not reviewed yet.",
    ):
        assert empty_state not in page


def test_membership_detail_empty_states(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit)

    response = culture_client.get(membership.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert "No goals yet. Every active membership needs at least one." in page
    assert "The city holds no roles in this network." in page
    assert "Not reviewed yet." in page
    edit_link = f'<a href="{url("membership-edit", membership)}">Edit the record to add them.</a>'
    assert page.count(edit_link) == 2  # under the goals and under the roles


def test_membership_detail_empty_states_offer_no_edit_link_to_those_who_may_not_edit(
    urban_client, culture_unit
):
    membership = MembershipFactory(owner_unit=culture_unit)

    page = html(urban_client.get(membership.get_absolute_url()))

    assert "No goals yet. Every active membership needs at least one." in page
    assert "Edit the record to add them." not in page


def test_membership_detail_of_a_missing_record_is_404(culture_client):
    assert culture_client.get(reverse("networks:membership-detail", args=[999999])).status_code == 404


# Adding a membership --------------------------------------------------------------------------


def test_add_form_is_shown_with_the_network_chosen(culture_client, culture_user, culture_unit):
    network = NetworkFactory(name="Eurocities")

    response = culture_client.get(url("membership-add"), {"network": network.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form["network"].value() == "Eurocities"
    assert form["owner_unit"].value() == "Culture and Leisure Division (kuva)"
    assert form["responsible_person"].value() == f"{culture_user.get_full_name()} (culture)"
    page = html(response)
    assert '<input type="hidden" name="goals-TOTAL_FORMS" value="1"' in page
    assert '<input type="hidden" name="roles-TOTAL_FORMS" value="1"' in page


def test_add_membership_with_goals_and_a_role(culture_client, culture_user, culture_unit):
    network = NetworkFactory(name="Eurocities")
    data = new_membership_data(
        network=network,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[
            {"title": "Join the culture forum", "target": "Two meetings a year", "indicator": "Meetings"},
            {"title": "Share the Helsinki library model", "target": "", "indicator": ""},
        ],
        roles=[
            {
                "title": "Culture forum vice-chair",
                "holder": "Head of Culture",
                "start_date": "2024-02-01",
                "end_date": "2025-01-31",
            }
        ],
    )

    response = culture_client.post(url("membership-add"), data)

    membership = Membership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == membership.get_absolute_url()
    assert membership.network == network
    assert membership.owner_unit == culture_unit
    assert membership.responsible_person == culture_user
    assert membership.status == Membership.Status.PROPOSED  # decided only through its process
    assert membership.start_date == datetime.date(2024, 1, 1)
    assert membership.annual_fee == Decimal("2500.00")
    assert membership.next_review_due == datetime.date(2025, 1, 31)
    assert [(g.title, g.target, g.indicator) for g in membership.goals.all()] == [
        ("Join the culture forum", "Two meetings a year", "Meetings"),
        ("Share the Helsinki library model", "", ""),
    ]
    role = membership.roles.get()
    assert (role.title, role.holder, role.start_date, role.end_date) == (
        "Culture forum vice-chair",
        "Head of Culture",
        datetime.date(2024, 2, 1),
        datetime.date(2025, 1, 31),
    )

    detail = culture_client.get(response["Location"])
    assert "“Eurocities – Culture and Leisure Division” was added." in html(detail)
    assert "<td>Share the Helsinki library model</td>" in html(detail)


def test_the_first_review_is_set_when_the_membership_is_joined(
    culture_client, culture_user, culture_unit, strategy_client
):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
        next_review_due="",
        review_interval_months="6",
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.next_review_due is None  # a proposal is not reviewed
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ASSESSED)
    decision = {
        "outcome": "joined",
        "deciding_body": "city_board",
        "decision_date": timezone.localdate().isoformat(),
        "decision_reference": "HEL 2026-000002",
    }
    strategy_client.post(reverse("networks:membership-step", args=[membership.pk, "decide"]), decision)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.next_review_due == timezone.localdate() + relativedelta(months=6)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": "2024-06-01", "end_date": "2024-05-31"},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        ({"annual_fee": "-100"}, "annual_fee", "A fee cannot be negative."),
    ],
    ids=["ends-before-start", "negative-fee"],
)
def test_add_form_errors_show_at_the_field_and_save_nothing(
    culture_client, culture_user, culture_unit, changes, field, message
):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
        roles=[{"title": "Chair", "holder": "Someone"}],
        **changes,
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = html(response)
    assert field_error_html(field, message) in page
    assert FORM_ERRORS in page
    label = response.context["form"][field].label
    assert f'<li><a href="#id_{field}">{label}: {message}</a></li>' in page  # the summary on top
    assert Membership.objects.count() == 0
    assert MembershipGoal.objects.count() == 0
    assert Role.objects.count() == 0


def test_an_empty_goal_row_does_not_count_as_a_goal(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Only goal")
    form_page = culture_client.get(url("membership-edit", membership))
    data = posted_back(form_page, **{"goals-0-DELETE": "on", "goals-1-title": "", "goals-1-target": ""})

    response = culture_client.post(url("membership-edit", membership), data)

    assert response.status_code == 200
    assert response.context["formsets"]["goals"].non_form_errors() == [
        "A record with the status “Active” needs at least one goal."
    ]
    assert [goal.title for goal in membership.goals.all()] == ["Only goal"]


def test_proposed_membership_needs_no_goal(culture_client, culture_user, culture_unit):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status=Membership.Status.PROPOSED,
        start_date="",
        next_review_due="",
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.PROPOSED
    assert membership.goals.count() == 0
    assert membership.next_review_due is None


def test_a_second_current_membership_of_a_unit_in_a_network_is_refused(
    culture_client, culture_user, culture_unit
):
    existing = MembershipFactory(active=True, owner_unit=culture_unit)
    data = new_membership_data(
        network=existing.network,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This unit already has a current membership in this network."
    ]
    assert "This unit already has a current membership in this network." in html(response)
    assert Membership.objects.count() == 1


def test_a_bad_role_is_shown_at_its_field_and_nothing_is_saved(culture_client, culture_user, culture_unit):
    data = new_membership_data(
        network=NetworkFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
        roles=[{"title": "Chair", "holder": "", "start_date": "2024-01-01", "end_date": "2023-01-01"}],
    )

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 200
    role_form = response.context["formsets"]["roles"].forms[0]
    assert role_form.errors["holder"] == ["This field is required."]
    assert role_form.errors["end_date"] == ["A role cannot end before it starts."]
    assert field_error_html("roles-0-end_date", "A role cannot end before it starts.") in html(response)
    summary_entry = '<li><a href="#id_roles-0-holder">Roles 1: Holder: This field is required.</a></li>'
    assert summary_entry in html(response)
    assert Membership.objects.count() == 0
    assert Role.objects.count() == 0


# Editing a membership -------------------------------------------------------------------------


def test_edit_form_shows_the_saved_values(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Learn from peers")

    response = culture_client.get(url("membership-edit", membership))

    assert response.status_code == 200
    assert response.context["form"]["annual_fee"].value() == Decimal("1000.00")
    goals = response.context["formsets"]["goals"]
    assert goals.forms[0]["title"].value() == "Learn from peers"
    assert '<input type="hidden" name="goals-INITIAL_FORMS" value="1"' in html(response)


def test_edit_membership_saves_the_change(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Learn from peers")
    goal = membership.goals.get()
    form_page = culture_client.get(url("membership-edit", membership))

    response = culture_client.post(
        url("membership-edit", membership),
        posted_back(
            form_page,
            annual_fee="2500.50",
            **{"goals-0-title": "Learn from peer cities", "goals-1-title": "Chair a forum"},
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == membership.get_absolute_url()
    membership.refresh_from_db()
    assert membership.annual_fee == Decimal("2500.50")
    assert [g.title for g in membership.goals.all()] == ["Learn from peer cities", "Chair a forum"]
    assert membership.goals.first().pk == goal.pk
    detail = culture_client.get(response["Location"])
    assert f"“{membership}” was saved." in messages_of(detail)


def test_edit_can_delete_a_goal_when_another_remains(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Old goal")
    MembershipGoalFactory(membership=membership, title="Kept goal")
    form_page = culture_client.get(url("membership-edit", membership))

    response = culture_client.post(
        url("membership-edit", membership), posted_back(form_page, **{"goals-0-DELETE": "on"})
    )

    assert response.status_code == 302
    assert [g.title for g in membership.goals.all()] == ["Kept goal"]


def test_edit_refuses_to_delete_the_last_goal_of_an_active_membership(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Only goal")
    form_page = culture_client.get(url("membership-edit", membership))

    response = culture_client.post(
        url("membership-edit", membership), posted_back(form_page, **{"goals-0-DELETE": "on"})
    )

    assert response.status_code == 200
    assert response.context["formsets"]["goals"].non_form_errors() == [
        "A record with the status “Active” needs at least one goal."
    ]
    assert [g.title for g in membership.goals.all()] == ["Only goal"]


def _status_case(old, new, **fields):
    return pytest.param(old, new, fields, id=f"{old}-to-{new}")


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        _status_case("ended", "active", end_date=datetime.date(2023, 12, 31)),
        _status_case("active", "proposed"),
        _status_case("declined", "active"),
        _status_case("proposed", "active"),
        _status_case("assessing", "active"),
        _status_case("ended", "proposed", end_date=datetime.date(2023, 12, 31)),
    ],
)
def test_a_move_the_process_does_not_allow_is_refused_to_every_writer(culture_unit, old, new, fields):
    """The edit form carries no status (its steps do, `test_process.py`); a writer that sets the
    status itself (the admin, an import) is held to the process's moves by the model."""
    membership = MembershipFactory(active=True, owner_unit=culture_unit, status=old, **fields)
    membership.status = new
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    labels = dict(Membership.Status.choices)
    assert refused.value.message_dict["status"] == [
        f"A membership cannot move from “{labels[old]}” to “{labels[new]}”."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "2019-12-31"}, "end_date", "The end date cannot be before the start date."),
        ({"annual_fee": "-0.01"}, "annual_fee", "A fee cannot be negative."),
    ],
    ids=["ends-before-start", "negative-fee"],
)
def test_edit_form_errors_show_at_the_field_and_save_nothing(
    culture_client, culture_unit, changes, field, message
):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, goal__title="Learn from peers")
    form_page = culture_client.get(url("membership-edit", membership))

    response = culture_client.post(
        url("membership-edit", membership),
        posted_back(form_page, notes="Changed notes", **{"goals-0-title": "Changed goal"}, **changes),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert field_error_html(field, message) in html(response)
    assert FORM_ERRORS in html(response)
    membership.refresh_from_db()
    assert membership.notes == ""
    assert membership.end_date is None
    assert membership.annual_fee == Decimal("1000.00")
    assert membership.decision_reference == ""
    assert [g.title for g in membership.goals.all()] == ["Learn from peers"]


# Change history -------------------------------------------------------------------------------


def test_membership_history_shows_who_changed_what(culture_client, culture_user, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, network__name="Eurocities")
    form_page = culture_client.get(url("membership-edit", membership))
    culture_client.post(url("membership-edit", membership), posted_back(form_page, annual_fee="2500.00"))

    response = culture_client.get(url("membership-history", membership))

    assert response.status_code == 200
    latest = response.context["changes"][0]
    assert latest.who == culture_user
    assert latest.action == "changed"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [("Annual fee (€)", "1000.00", "2500.00")]
    page = html(response)
    assert "Change history of “Eurocities – Culture and Leisure Division”" in page
    assert re.search(rf"– {re.escape(str(culture_user))}:\s+Changed", page)
    assert (
        '<tr><th scope="row">Annual fee (€)</th><td><del>1000.00</del></td><td><ins>2500.00</ins></td></tr>'
        in page
    )
    # The creation by the factory (no signed-in person) is listed too.
    assert response.context["changes"][-1].action == "created"
    assert "– System:" in page


def test_membership_added_and_edited_in_the_portal_has_both_in_its_history(
    culture_client, culture_user, culture_unit
):
    network = NetworkFactory(name="Eurocities")
    culture_client.post(
        url("membership-add"),
        new_membership_data(
            network=network,
            owner_unit=culture_unit,
            responsible_person=culture_user,
            goals=[{"title": "Join the culture forum"}, {"title": "Share the library model"}],
            roles=[{"title": "Vice-chair", "holder": "Head of Culture"}],
        ),
    )
    membership = Membership.objects.get()
    # The person comes back to the record later; rows saved within a moment are one change.
    age_history(Membership.history.all())
    age_history(MembershipGoal.history.all())
    age_history(Role.history.all())
    form_page = culture_client.get(url("membership-edit", membership))
    culture_client.post(
        url("membership-edit", membership),
        posted_back(form_page, annual_fee="3000.00", notes="Renewed"),
    )

    response = culture_client.get(url("membership-history", membership))

    assert response.status_code == 200
    changes = response.context["changes"]
    assert (changes[0].action, changes[0].who, changes[0].subject) == ("changed", culture_user, "")
    assert sorted((entry.action, entry.who, entry.subject) for entry in changes[1:]) == [
        ("created", culture_user, ""),
        ("created", culture_user, "Goal: Join the culture forum"),
        ("created", culture_user, "Goal: Share the library model"),
        ("created", culture_user, "Role: Vice-chair (Head of Culture)"),
    ]
    assert {(c.label, c.old, c.new) for c in changes[0].changes} == {
        ("Annual fee (€)", "2500.00", "3000.00"),
        ("Notes", "—", "Renewed"),
    }
    page = html(response)
    assert "<td><del>2500.00</del></td><td><ins>3000.00</ins></td>" in page
    assert "Goal: Join the culture forum" in page
    assert "Role: Vice-chair (Head of Culture)" in page


def test_history_shows_a_goal_added_later(culture_client, culture_user, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    form_page = culture_client.get(url("membership-edit", membership))
    culture_client.post(
        url("membership-edit", membership), posted_back(form_page, **{"goals-1-title": "Chair a forum"})
    )

    response = culture_client.get(url("membership-history", membership))

    latest = response.context["changes"][0]
    assert (latest.action, latest.who, latest.subject) == ("created", culture_user, "Goal: Chair a forum")
    assert '<span class="history__subject">Goal: Chair a forum</span>' in html(response)


def test_history_without_recorded_changes_says_so(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit)
    Membership.history.all().delete()

    response = culture_client.get(url("membership-history", membership))

    assert response.status_code == 200
    assert response.context["changes"] == []
    assert "No changes have been recorded." in html(response)


# Deleting a membership ------------------------------------------------------------------------


def test_delete_membership_asks_for_confirmation(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, network__name="Eurocities")

    response = culture_client.get(url("membership-delete", membership))

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Delete “Eurocities – Culture and Leisure Division”?</h1>" in page
    assert "The membership and everything recorded under it will be removed from the register." in page
    assert "Yes, delete" in page
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_delete_membership(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, network__name="Eurocities")
    RoleFactory(membership=membership)
    other = MembershipFactory(active=True, owner_unit=culture_unit)

    response = culture_client.post(url("membership-delete", membership))

    assert response.status_code == 302
    assert response["Location"] == url("membership-list")
    assert list(Membership.objects.all()) == [other]
    assert list(MembershipGoal.objects.values_list("membership", flat=True)) == [other.pk]
    assert Role.objects.count() == 0
    assert Network.objects.filter(name="Eurocities").exists()
    listing = culture_client.get(response["Location"])
    assert messages_of(listing) == ["“Eurocities – Culture and Leisure Division” was deleted."]


def test_deleted_membership_keeps_its_history(culture_client, culture_user, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    pk = membership.pk

    culture_client.post(url("membership-delete", membership))

    last = Membership.history.filter(id=pk).order_by("-history_id").first()
    assert (last.history_type, last.history_user) == ("-", culture_user)


# Networks -------------------------------------------------------------------------------------


def test_network_list_shows_each_network(culture_client, culture_unit):
    eurocities = NetworkFactory(name="Eurocities", acronym="", owner_unit=culture_unit)
    iclei = NetworkFactory(name="Local Governments for Sustainability", acronym="ICLEI", kind="other")
    PriorityNetworkFactory(network=iclei, is_target=True)

    response = culture_client.get(url("network-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [eurocities, iclei]
    page = html(response)
    assert "2 results" in page
    assert f'<a href="{iclei.get_absolute_url()}">Local Governments for Sustainability</a>' in page
    assert ">ICLEI</td>" in page
    assert ">2021–2025 (target to join)</td>" in page
    assert ">Culture and Leisure Division</td>" in page


def test_network_list_empty_state(culture_client):
    response = culture_client.get(url("network-list"))

    assert response.status_code == 200
    assert "Nothing has been registered yet." in html(response)


def test_network_list_pagination_and_sorting(culture_client):
    networks = [NetworkFactory(name=f"Network {n:02}", scope="nordic") for n in range(27)]
    NetworkFactory(name="Network 50 global", scope="global")

    response = culture_client.get(url("network-list"), {"scope": "nordic", "sort": "-name", "page": "2"})

    assert response.status_code == 200
    assert [n.name for n in response.context["object_list"]] == ["Network 01", "Network 00"]
    assert 'href="?scope=nordic&amp;sort=-name&amp;page=1" rel="prev"' in html(response)
    first = culture_client.get(url("network-list"), {"scope": "nordic", "sort": "-name"})
    assert first.context["object_list"][0] == networks[-1]


def test_network_detail_shows_its_memberships(culture_client, culture_unit, urban_unit):
    network = NetworkFactory(
        name="Eurocities",
        website="https://eurocities.eu",
        themes="Culture, mobility",
        description="A network.",
    )
    MembershipFactory(active=True, network=network, owner_unit=culture_unit)
    MembershipFactory(network=network, owner_unit=urban_unit)
    PriorityNetworkFactory(network=network, note="Key network")

    response = culture_client.get(network.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Eurocities</h1>" in page
    assert "Culture, mobility" in page
    assert '<a href="https://eurocities.eu" rel="noopener noreferrer">' in page
    assert "2021–2025 (Key network)" in page
    assert "Culture and Leisure Division</a>" in page
    assert "Urban Environment Division</a>" in page
    assert "The city is not a member of this network." not in page
    assert f'href="{url("membership-add")}?network={network.pk}"' in page


def test_network_detail_empty_state(culture_client):
    network = NetworkFactory()

    response = culture_client.get(network.get_absolute_url())

    assert response.status_code == 200
    assert "The city is not a member of this network." in html(response)


def test_add_network(culture_client, culture_unit):
    response = culture_client.post(
        url("network-add"),
        {
            "name": "Eurocities",
            "acronym": "EC",
            "kind": "city_network",
            "scope": "europe",
            "website": "https://eurocities.eu",
            "themes": "Culture",
            "description": "",
            "owner_unit": culture_unit.pk,
        },
    )

    network = Network.objects.get()
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert (network.name, network.acronym, network.kind, network.owner_unit) == (
        "Eurocities",
        "EC",
        "city_network",
        culture_unit,
    )
    assert "“Eurocities (EC)” was added." in messages_of(culture_client.get(response["Location"]))


def test_add_network_errors_save_nothing(culture_client, culture_unit):
    NetworkFactory(name="Eurocities")

    response = culture_client.post(
        url("network-add"),
        {"name": "Eurocities", "kind": "no-such-kind", "scope": "europe", "owner_unit": culture_unit.pk},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Network with this Name already exists."]
    assert errors["kind"] == ["Select a valid choice. no-such-kind is not one of the available choices."]
    assert field_error_html("name", "Network with this Name already exists.") in html(response)
    assert Network.objects.count() == 1


def test_edit_network_and_its_history(culture_client, culture_user, culture_unit):
    network = NetworkFactory(name="Eurocities", owner_unit=culture_unit)
    form_page = culture_client.get(url("network-edit", network))
    assert form_page.status_code == 200

    response = culture_client.post(
        url("network-edit", network), posted_back(form_page, name="EUROCITIES", scope="global")
    )

    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.scope) == ("EUROCITIES", "global")
    history = culture_client.get(url("network-history", network))
    assert history.status_code == 200
    latest = history.context["changes"][0]
    assert (latest.action, latest.who) == ("changed", culture_user)
    assert {(c.label, c.old, c.new) for c in latest.changes} == {
        ("Name", "Eurocities", "EUROCITIES"),
        ("Geographic scope", "Europe", "Global"),
    }
    assert "<td><del>Europe</del></td><td><ins>Global</ins></td>" in html(history)


def test_network_history_lists_designations(culture_client):
    network = NetworkFactory()
    PriorityNetworkFactory(network=network)

    response = culture_client.get(url("network-history", network))

    assert response.status_code == 200
    assert [entry.subject for entry in response.context["changes"] if entry.subject] == [
        f"Priority network: {network} – 2021–2025"
    ]


def test_delete_network_asks_for_confirmation(culture_client, culture_unit):
    network = NetworkFactory(name="Eurocities", owner_unit=culture_unit)

    response = culture_client.get(url("network-delete", network))

    assert response.status_code == 200
    assert "<h1>Delete “Eurocities”?</h1>" in html(response)
    assert "The network and everything recorded under it will be removed" in html(response)
    assert Network.objects.filter(pk=network.pk).exists()


def test_delete_network(culture_client, culture_unit):
    network = NetworkFactory(name="Eurocities", owner_unit=culture_unit)
    PriorityNetworkFactory(network=network)

    response = culture_client.post(url("network-delete", network))

    assert response.status_code == 302
    assert response["Location"] == url("network-list")
    assert not Network.objects.exists()
    assert not PriorityNetwork.objects.exists()
    assert messages_of(culture_client.get(response["Location"])) == ["“Eurocities” was deleted."]


def test_delete_network_with_memberships_is_refused(culture_client, culture_unit, urban_unit):
    network = NetworkFactory(name="Eurocities", owner_unit=culture_unit)
    PriorityNetworkFactory(network=network)
    membership = MembershipFactory(active=True, network=network, owner_unit=urban_unit)

    response = culture_client.post(url("network-delete", network))

    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert Network.objects.filter(pk=network.pk).exists()
    assert PriorityNetwork.objects.filter(network=network).count() == 1
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert membership.goals.count() == 1
    detail = culture_client.get(response["Location"])
    assert messages_of(detail) == ["“Eurocities” cannot be deleted while other records refer to it."]
    assert "“Eurocities” cannot be deleted while other records refer to it." in html(detail)


def test_record_pages_of_a_missing_network_are_404(strategy_client):
    for name in ("network-detail", "network-edit", "network-delete", "network-history"):
        assert strategy_client.get(reverse(f"networks:{name}", args=[999999])).status_code == 404, name


def test_responsible_person_choices_are_active_users(culture_client):
    UserFactory(username="left-the-city", is_active=False)

    response = culture_client.get(url("membership-add"))

    usernames = {user.username for user in response.context["form"].fields["responsible_person"].queryset}
    assert "left-the-city" not in usernames
    assert "culture" in usernames


# Typed names instead of drop-downs -------------------------------------------------------------


def test_a_membership_is_saved_with_the_network_unit_and_people_typed_by_name(
    culture_client, culture_user, culture_unit
):
    network = NetworkFactory(name="Eurocities", acronym="EC")
    holder = UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")
    data = new_membership_data(
        network=network,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "Join the culture forum"}],
        roles=[{"title": "Culture forum chair", "holder": "Aino Korhonen", "holder_user": "aino.k"}],
    )
    data.update({"network": "ec", "owner_unit": "KUVA", "responsible_person": "culture"})

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.network, membership.owner_unit, membership.responsible_person) == (
        network,
        culture_unit,
        culture_user,
    )
    assert membership.roles.get().holder_user == holder


def test_a_network_or_role_holder_that_no_one_is_named_is_refused(culture_client, culture_user, culture_unit):
    data = new_membership_data(
        network=NetworkFactory(name="Eurocities"),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "Join the culture forum"}],
        roles=[{"title": "Forum chair", "holder": "Aino Korhonen", "holder_user": "Aino Korhonen"}],
    )
    data["network"] = "Eurocitis"

    response = culture_client.post(url("membership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["network"] == ["No network is named “Eurocitis”."]
    roles = response.context["formsets"]["roles"]
    assert roles.forms[0].errors["holder_user"] == ["No one is named “Aino Korhonen”."]
    assert '<a href="#id_network">Network: No network is named “Eurocitis”.</a>' in html(response)
    assert 'value="Eurocitis"' in html(response)
    assert Membership.objects.count() == 0


def test_the_edit_form_shows_the_linked_records_by_name(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit, network__name="Eurocities", network__acronym="EC")
    holder = UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")
    RoleFactory(membership=membership, holder_user=holder)

    response = culture_client.get(url("membership-edit", membership))

    page = html(response)
    assert 'name="network" value="Eurocities (EC)"' in page
    assert 'name="owner_unit" value="Culture and Leisure Division (kuva)"' in page
    assert 'name="roles-0-holder_user" value="Aino Korhonen (aino.k)"' in page
    assert not re.search(r'<select name="(network|owner_unit|responsible_person|roles-0-holder_user)"', page)


def test_the_edit_form_names_every_role_holder_in_the_same_queries_however_many_roles(
    culture_client, culture_unit
):
    membership = MembershipFactory(owner_unit=culture_unit)
    path = url("membership-edit", membership)

    def queries_with_roles(count: int) -> int:
        for _ in range(count):
            RoleFactory(membership=membership, holder_user=UserFactory())
        culture_client.get(path)
        with CaptureQueriesContext(connection) as captured:
            culture_client.get(path)
        return len(captured)

    assert queries_with_roles(1) == queries_with_roles(5)
