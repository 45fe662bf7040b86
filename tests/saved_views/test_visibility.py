"""Who sees a saved view: its owner, and the members of the group or unit it is shared with."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from helsinki_intl.organisation.models import User
from helsinki_intl.saved_views.models import SavedView
from tests.factories import UserFactory

from .factories import SavedViewFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> User:
    """The user as a request loads them, with their units and groups."""
    return User.objects.signed_in(user.pk)


@pytest.fixture
def views(culture_user, culture_unit, coordination_group):
    return {
        "private": SavedViewFactory(owner=culture_user, name="Private"),
        "unit": SavedViewFactory(owner=culture_user, name="For the unit", shared_with_unit=culture_unit),
        "group": SavedViewFactory(
            owner=culture_user, name="For the group", shared_with_group=coordination_group
        ),
    }


def visible(user) -> set[str]:
    return set(SavedView.objects.visible_to(signed_in(user)).values_list("name", flat=True))


def test_the_owner_sees_all_their_views(views, culture_user):
    assert visible(culture_user) == {"Private", "For the unit", "For the group"}


def test_a_member_of_the_unit_sees_only_what_is_shared_with_the_unit(views, culture_unit):
    colleague = UserFactory(units=[culture_unit])

    assert visible(colleague) == {"For the unit"}


def test_a_member_of_the_group_sees_only_what_is_shared_with_the_group(views, coordinator_user):
    assert visible(coordinator_user) == {"For the group"}


def test_others_see_none_of_them(views, urban_user, strategy_unit):
    assert visible(urban_user) == set()
    assert visible(UserFactory(units=[strategy_unit], groups=["international-affairs"])) == set()


def test_nobody_signed_out_sees_any(views):
    assert not SavedView.objects.visible_to(AnonymousUser()).exists()


def test_visible_to_takes_one_query(views, culture_user, django_assert_num_queries):
    user = signed_in(culture_user)

    with django_assert_num_queries(1):
        list(SavedView.objects.visible_to(user))


def test_the_saved_views_page_lists_own_views_and_those_shared_with_the_person(
    views, coordinator_client, culture_user
):
    mine = SavedViewFactory(owner=User.objects.get(username="coordinator"), name="Coordinator's own")

    response = coordinator_client.get(reverse("saved_views:index"))

    assert response.status_code == 200
    assert response.context["own_views"] == [mine]
    assert response.context["shared_views"] == [views["group"]]
    html = response.content.decode()
    assert f'href="{views["group"].get_absolute_url()}"' in html
    assert "For the unit" not in html and "Private" not in html
    assert str(culture_user) in html  # the owner of what is shared
    assert reverse("saved_views:edit", args=[views["group"].pk]) not in html
    assert reverse("saved_views:history", args=[views["group"].pk]) in html


def test_a_shared_view_of_a_list_the_person_may_not_open_is_not_offered(culture_user, culture_unit, client):
    SavedViewFactory(
        owner=culture_user,
        name="Queue",
        list_name="coordination:review-queue",
        query="",
        shared_with_unit=culture_unit,
    )
    colleague = UserFactory(units=[culture_unit])
    client.force_login(colleague)

    response = client.get(reverse("saved_views:index"))

    assert response.context["shared_views"] == []


def test_the_saved_views_page_says_when_there_are_none(urban_client):
    html = urban_client.get(reverse("saved_views:index")).content.decode()

    assert "You have no saved views yet." in html
    assert "No views have been shared with you." in html


def test_the_main_menu_links_to_the_saved_views_page(urban_client):
    html = urban_client.get(reverse("home")).content.decode()

    assert f'href="{reverse("saved_views:index")}"' in html


def test_a_list_page_links_to_the_views_of_that_list_the_person_sees(views, coordinator_client, culture_user):
    SavedViewFactory(
        owner=culture_user,
        name="Of another list",
        list_name="events:eventbid-list",
        shared_with_group=views["group"].shared_with_group,
    )

    response = coordinator_client.get(reverse("networks:membership-list"))

    assert response.context["views"] == [views["group"]]
    html = response.content.decode()
    assert f'href="{views["group"].get_absolute_url()}"' in html
    assert "Of another list" not in html


def test_the_view_shown_now_is_marked_current(views, culture_client):
    html = culture_client.get(f"{reverse('networks:membership-list')}?status=active").content.decode()

    assert f'href="{views["private"].get_absolute_url()}" aria-current="page"' in html
