"""Saving a list as a view from the list's page: what is kept, and what the form refuses."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from helsinki_intl.saved_views.forms import SavedViewForm
from helsinki_intl.saved_views.models import SavedView
from tests.factories import MembershipFactory, OrgUnitFactory

from .factories import SavedViewFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "networks:membership-list"


def save(client, **fields):
    data = {
        "list_name": MEMBERSHIPS,
        "query": "status=active",
        "name": "Active ones",
        "visibility": "private",
    }
    return client.post(reverse("saved_views:create"), {**data, **fields})


def test_a_list_page_offers_to_save_it_with_its_filters_and_sorting_without_the_page(culture_client):
    MembershipFactory(active=True)

    response = culture_client.get(
        reverse(MEMBERSHIPS), {"status": "active", "page": "1", "sort": "-network", "q": ""}
    )

    form = response.context["form"]
    assert (form.initial["list_name"], form.initial["query"]) == (MEMBERSHIPS, "sort=-network&status=active")
    html = response.content.decode()
    assert f'action="{reverse("saved_views:create")}"' in html
    assert 'name="query" value="sort=-network&amp;status=active"' in html


def test_saving_keeps_the_query_drops_the_page_and_goes_back_to_the_list(culture_client, culture_user):
    response = save(culture_client, query="page=3&status=active&sort=-network&export=csv")

    view = SavedView.objects.get()
    assert (view.owner, view.name, view.list_name) == (culture_user, "Active ones", MEMBERSHIPS)
    assert view.query == "sort=-network&status=active"
    assert not view.is_shared
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(MEMBERSHIPS)}?sort=-network&status=active"
    assert view.get_absolute_url() == response["Location"]


def test_a_view_without_filters_is_the_list_itself(culture_client):
    save(culture_client, query="")

    assert SavedView.objects.get().get_absolute_url() == reverse(MEMBERSHIPS)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"name": "x" * 101}, "name", "Ensure this value has at most 100 characters (it has 101)."),
        ({"name": "Two\nlines"}, "name", None),
        (
            {"visibility": "everyone"},
            "visibility",
            "Select a valid choice. everyone is not one of the available choices.",
        ),
        ({"visibility": "unit", "unit": ""}, "unit", "Choose the unit to share the view with."),
        (
            {"list_name": "admin:index"},
            "list_name",
            "A view can be saved only of a list of the portal that you may open.",
        ),
        ({"list_name": ""}, "list_name", "This field is required."),
        ({"query": "q=" + "x" * 2000}, "query", None),
    ],
    ids=[
        "no name",
        "blank name",
        "too long",
        "two lines",
        "visibility",
        "no unit",
        "not a list",
        "no list",
        "long query",
    ],
)
def test_the_form_comes_back_with_what_to_correct(culture_client, fields, field, message):
    response = save(culture_client, **fields)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
        assert message.replace("'", "&#x27;") in response.content.decode()
    assert not SavedView.objects.exists()


def test_a_name_the_person_has_already_is_refused_whatever_its_case(culture_client, culture_user):
    SavedViewFactory(owner=culture_user, name="Active ones")

    response = save(culture_client, name="ACTIVE ONES")

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "You already have a view named “ACTIVE ONES”. Choose another name."
    ]
    assert SavedView.objects.count() == 1


def test_another_person_may_use_the_same_name(culture_client, urban_user):
    SavedViewFactory(owner=urban_user, name="Active ones")

    assert save(culture_client).status_code == 302
    assert SavedView.objects.count() == 2


def test_the_database_refuses_the_same_name_twice_too(culture_user):
    SavedViewFactory(owner=culture_user, name="Mine")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedViewFactory(owner=culture_user, name="MINE")


def test_a_name_saved_meanwhile_is_a_message_at_the_name_not_an_error_page(
    culture_client, culture_user, monkeypatch
):
    def clash_after_the_check(form):
        SavedViewFactory(owner=culture_user, name=form.cleaned_data["name"])
        return form.cleaned_data["name"]

    monkeypatch.setattr(SavedViewForm, "clean_name", clash_after_the_check)

    response = save(culture_client)

    assert response.status_code == 200
    assert "You already have a view named “Active ones”" in response.context["form"].errors["name"][0]
    assert SavedView.objects.count() == 1


def test_a_list_the_person_may_not_open_cannot_be_saved(culture_client):
    response = save(culture_client, list_name="coordination:review-queue", query="due=overdue")

    assert response.status_code == 200
    assert "list_name" in response.context["form"].errors
    assert not SavedView.objects.exists()


def test_the_coordination_group_saves_a_view_of_the_review_queue(coordinator_client):
    save(coordinator_client, list_name="coordination:review-queue", query="due=overdue")

    assert SavedView.objects.get().get_absolute_url() == f"{reverse('coordination:review-queue')}?due=overdue"


def test_a_person_shares_only_with_a_unit_they_belong_to(culture_client, culture_unit, urban_unit):
    refused = save(culture_client, visibility="unit", unit=str(urban_unit.pk))

    assert "unit" in refused.context["form"].errors
    assert not SavedView.objects.exists()

    save(culture_client, visibility="unit", unit=str(culture_unit.pk))

    assert SavedView.objects.get().shared_with_unit == culture_unit


def test_a_person_shares_only_with_a_group_they_belong_to(
    culture_client, coordinator_client, coordination_group
):
    refused = save(culture_client, visibility="group", group=coordination_group.name)

    assert "visibility" in refused.context["form"].errors, "a person in no group is offered none"
    assert not SavedView.objects.exists()

    save(coordinator_client, visibility="group", group=coordination_group.name)

    assert SavedView.objects.get().shared_with_group == coordination_group


def test_international_affairs_shares_with_any_unit(strategy_client, culture_unit):
    save(strategy_client, visibility="unit", unit=str(culture_unit.pk))

    assert SavedView.objects.get().shared_with_unit == culture_unit


def test_a_private_view_keeps_no_group_or_unit_that_was_posted_too(culture_client, culture_unit):
    save(culture_client, visibility="private", unit=str(culture_unit.pk))

    assert not SavedView.objects.get().is_shared


def test_saving_needs_a_signed_in_person(client):
    response = save(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not SavedView.objects.exists()


def test_the_save_address_takes_only_posts(culture_client):
    assert culture_client.get(reverse("saved_views:create")).status_code == 405


def test_the_form_on_a_list_offers_the_person_s_own_units_and_groups(strategy_client, strategy_unit):
    OrgUnitFactory(name_en="A unit of others")

    response = strategy_client.get(reverse(MEMBERSHIPS))

    form = response.context["form"]
    assert [label for _value, label in form.fields["unit"].choices] == ["—", "Strategy Department"]
    assert [value for value, _label in form.fields["group"].choices] == [
        "",
        "international-affairs",
        "coordination-group",
    ]
    assert {label for _value, label in form.fields["group"].choices} >= {
        "International affairs",
        "International coordination group",
    }


def test_a_name_is_shown_as_text_wherever_it_appears(
    culture_client, culture_user, culture_unit, urban_client
):
    name = '<script>alert("x")</script>'
    SavedViewFactory(owner=culture_user, name=name, shared_with_unit=culture_unit)

    pages = [reverse(MEMBERSHIPS), reverse("saved_views:index")]
    for path in pages:
        html = culture_client.get(path).content.decode()
        assert name not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    refused = save(culture_client, name=name)  # the same name again: the form comes back
    assert refused.status_code == 200
    assert name not in refused.content.decode()
