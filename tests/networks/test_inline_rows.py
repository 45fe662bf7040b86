"""Adding a goal or a role from a membership's page: a plain form post, or with htmx the goals
or roles section alone; only for those who may edit the membership."""

import pytest
from django.urls import reverse

from networks.models import MembershipGoal, Role
from tests.factories import MembershipFactory, MembershipGoalFactory

HTMX = {"headers": {"HX-Request": "true"}}
NEW_GOAL = {"goal-title": "Host a forum meeting", "goal-target": "One a year", "goal-indicator": ""}


@pytest.fixture
def membership(culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit, network__name="Eurocities")
    MembershipGoalFactory(membership=membership, title="Join a working group", order=3)
    return membership


def goals_url(membership) -> str:
    return reverse("networks:membership-goals", args=[membership.pk])


def test_the_page_offers_the_form_to_those_who_may_edit(culture_client, urban_client, membership):
    form = f'action="{goals_url(membership)}"'

    assert form in culture_client.get(membership.get_absolute_url()).content.decode()
    assert form not in urban_client.get(membership.get_absolute_url()).content.decode()


def test_without_javascript_the_goal_is_added_and_the_page_shown_again(culture_client, membership):
    response = culture_client.post(goals_url(membership), NEW_GOAL)

    assert response.status_code == 302
    assert response["Location"] == f"{membership.get_absolute_url()}#goals-heading"
    goal = membership.goals.get(title="Host a forum meeting")
    assert (goal.target, goal.order) == ("One a year", 4)  # after the last goal
    page = culture_client.get(response["Location"]).content.decode()
    assert "The goal “Host a forum meeting” was added." in page


def test_with_htmx_the_answer_is_the_goals_section_with_the_new_goal(culture_client, membership):
    response = culture_client.post(goals_url(membership), NEW_GOAL, **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section id="goals" aria-labelledby="goals-heading">')
    assert "<html" not in page
    assert "<td>Join a working group</td>" in page
    assert "<td>Host a forum meeting</td><td>One a year</td><td>—</td>" in page
    assert "The goal “Host a forum meeting” was added." in page
    assert 'name="goal-title" value=' not in page  # an empty form for the next goal


@pytest.mark.parametrize("extra", [{}, HTMX], ids=["plain", "htmx"])
def test_a_goal_without_a_title_is_refused_at_its_field(culture_client, membership, extra):
    response = culture_client.post(goals_url(membership), {**NEW_GOAL, "goal-title": ""}, **extra)

    page = response.content.decode()
    assert response.status_code == 200
    error = "<p>This field is required.</p>"
    assert f'<div class="hds-text-input__error-text" id="id_goal-title_error">{error}</div>' in page
    assert 'aria-invalid="true"' in page
    assert "One a year" in page  # what was typed stays
    assert membership.goals.count() == 1


def test_those_who_may_not_edit_the_membership_cannot_add_goals(urban_client, client, membership):
    assert urban_client.post(goals_url(membership), NEW_GOAL).status_code == 403
    assert urban_client.post(goals_url(membership), NEW_GOAL, **HTMX).status_code == 403
    assert client.post(goals_url(membership), NEW_GOAL).status_code == 302  # to sign in
    assert MembershipGoal.objects.filter(title="Host a forum meeting").count() == 0


# Roles ----------------------------------------------------------------------------------------

NEW_ROLE = {"role-title": "Chair", "role-holder": "Mayor of Helsinki", "role-start_date": "2025-01-01"}


def roles_url(membership) -> str:
    return reverse("networks:membership-roles", args=[membership.pk])


def test_without_javascript_a_role_is_added_and_the_page_shown_again(culture_client, membership):
    response = culture_client.post(roles_url(membership), NEW_ROLE)

    assert response["Location"] == f"{membership.get_absolute_url()}#roles-heading"
    role = membership.roles.get()
    assert (role.title, role.holder, str(role.start_date)) == ("Chair", "Mayor of Helsinki", "2025-01-01")


def test_with_htmx_the_answer_is_the_roles_section_with_the_new_role(culture_client, membership):
    response = culture_client.post(roles_url(membership), NEW_ROLE, **HTMX)

    page = response.content.decode()
    assert page.startswith('<section id="roles" aria-labelledby="roles-heading">')
    assert "<td>Chair</td><td>Mayor of Helsinki</td><td>01/01/2025</td><td>—</td>" in page
    assert "The role “Chair (Mayor of Helsinki)” was added." in page


def test_a_role_that_ends_before_it_starts_is_refused_at_its_field(culture_client, membership):
    response = culture_client.post(roles_url(membership), {**NEW_ROLE, "role-end_date": "2024-01-01"}, **HTMX)

    error = "<p>A role cannot end before it starts.</p>"
    assert f'<div class="hds-text-input__error-text" id="id_role-end_date_error">{error}</div>' in (
        response.content.decode()
    )
    assert not membership.roles.exists()


def test_those_who_may_not_edit_the_membership_cannot_add_roles(urban_client, membership):
    assert urban_client.post(roles_url(membership), NEW_ROLE, **HTMX).status_code == 403
    assert not Role.objects.exists()
