"""A record's form takes as many goal, role and contact rows as the person needs before the first
save: "Add a row" shows the form again as posted with one more empty row, without JavaScript."""

import re

import pytest
from django.urls import reverse

from helsinki_intl.records.forms import MAX_GOALS
from networks.models import Membership
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory
from tests.networks.test_views import html, messages_of, new_membership_data, posted_back

pytestmark = pytest.mark.django_db

ADD_URL = reverse("networks:membership-add")


def add_form(culture_user, culture_unit, **changes) -> dict:
    """What the add form of a membership posts, with one goal filled in and no role."""
    network = NetworkFactory(name="Eurocities")
    data = new_membership_data(
        network=network,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "Join the culture forum", "target": "", "indicator": ""}],
    )
    data.update(changes)
    return data


def total_rows(response, prefix: str) -> int:
    return response.context["formsets"][prefix].total_form_count()


def test_add_a_row_shows_the_form_again_with_one_more_goal_and_saves_nothing(
    culture_client, culture_user, culture_unit
):
    data = add_form(culture_user, culture_unit, add_row="goals")

    response = culture_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Membership.objects.exists()
    assert total_rows(response, "goals") == 2
    page = html(response)
    assert 'value="Eurocities"' in page
    assert 'value="Join the culture forum"' in page
    assert re.search(r'<input[^>]*name="goals-1-title"[^>]*autofocus', page)
    assert messages_of(response) == [
        "An empty row was added to “Goals”. Nothing is saved until you press Save."
    ]
    # Not judged yet: an empty new row is no error, nor is anything else.
    assert response.context["error_summary"] == []
    assert "The record was not saved" not in page


def test_rows_added_one_by_one_are_all_saved_with_the_membership(culture_client, culture_user, culture_unit):
    response = culture_client.post(ADD_URL, add_form(culture_user, culture_unit, add_row="goals"))
    response = culture_client.post(
        ADD_URL, posted_back(response, **{"goals-1-title": "Host the 2027 forum", "add_row": "roles"})
    )
    assert total_rows(response, "roles") == 1
    response = culture_client.post(
        ADD_URL,
        posted_back(response, **{"roles-0-title": "Vice-chair", "roles-0-holder": "Head of Culture"}),
    )

    membership = Membership.objects.get()
    assert response.status_code == 302
    assert [goal.title for goal in membership.goals.all()] == [
        "Join the culture forum",
        "Host the 2027 forum",
    ]
    assert [role.title for role in membership.roles.all()] == ["Vice-chair"]


def test_add_a_row_on_the_edit_form_keeps_the_saved_rows_and_changes_nothing(culture_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit, notes="Before")
    MembershipGoalFactory(membership=membership, title="Saved goal")
    edit_url = reverse("networks:membership-edit", args=[membership.pk])
    form = culture_client.get(edit_url)

    response = culture_client.post(edit_url, posted_back(form, notes="Typed, not saved", add_row="goals"))

    membership.refresh_from_db()
    assert response.status_code == 200
    assert membership.notes == "Before"
    assert total_rows(response, "goals") == total_rows(form, "goals") + 1
    assert 'value="Saved goal"' in html(response)
    assert "Typed, not saved" in html(response)
    assert response.context["form"]["version"].value() == str(membership.version)


def test_a_formset_at_its_most_rows_takes_no_more_and_says_so(culture_client, culture_user, culture_unit):
    data = add_form(culture_user, culture_unit, add_row="goals")
    data["goals-TOTAL_FORMS"] = str(MAX_GOALS)

    response = culture_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Membership.objects.exists()
    assert total_rows(response, "goals") == MAX_GOALS
    assert messages_of(response) == ["No more rows can be added to “Goals”: it takes at most 50."]
    assert 'name="add_row" value="goals"' not in html(response)


@pytest.mark.parametrize("total", ["", "two", "²", "-1", "9" * 30])
def test_a_crafted_row_count_adds_no_row_and_answers_an_ordinary_page(
    culture_client, culture_user, culture_unit, total
):
    data = add_form(culture_user, culture_unit, add_row="goals")
    data["goals-TOTAL_FORMS"] = total

    response = culture_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Membership.objects.exists()
    assert messages_of(response) == ["No more rows can be added to “Goals”: it takes at most 50."]


def test_an_unknown_formset_name_is_an_ordinary_save(culture_client, culture_user, culture_unit):
    response = culture_client.post(ADD_URL, add_form(culture_user, culture_unit, add_row="nothing"))

    assert response.status_code == 302
    assert Membership.objects.get().goals.count() == 1


def test_enter_in_a_field_saves_rather_than_adds_a_row(culture_client):
    """A browser's Enter presses the form's first submit button: it must be a plain Save."""
    page = html(culture_client.get(ADD_URL))
    form = page.split('<form method="post" novalidate class="record-form">', 1)[1]
    first_button = re.search(r"<button[^>]*>", form)[0]

    assert 'type="submit"' in first_button
    assert "name=" not in first_button
    assert 'aria-hidden="true"' in first_button and 'tabindex="-1"' in first_button
    assert form.count('name="add_row"') == 2  # goals and roles, each after its rows


def test_a_person_who_may_not_edit_cannot_add_rows_either(urban_client, culture_unit):
    membership = MembershipFactory(owner_unit=culture_unit)

    response = urban_client.post(
        reverse("networks:membership-edit", args=[membership.pk]),
        {"add_row": "goals", "goals-TOTAL_FORMS": "1"},
    )

    assert response.status_code == 403
