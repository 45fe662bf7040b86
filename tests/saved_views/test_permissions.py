"""Only the owner renames, reshares or deletes a view, checked on the server for GET and POST;
whoever sees the view sees its history."""

import pytest
from django.urls import reverse

from helsinki_intl.saved_views.models import SavedView
from tests.factories import UserFactory

from .factories import SavedViewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def view(culture_user, culture_unit):
    return SavedViewFactory(owner=culture_user, name="Ours", shared_with_unit=culture_unit)


def rows() -> list[dict]:
    return list(SavedView.objects.values())


@pytest.mark.parametrize("page", ["edit", "delete"])
@pytest.mark.parametrize("who", ["urban_client", "coordinator_client", "strategy_client", "colleague"])
def test_others_may_not_change_or_delete_it(request, view, page, who, culture_unit, client):
    if who == "colleague":  # the view is shared with them, yet not theirs
        client.force_login(UserFactory(units=[culture_unit]))
        other = client
    else:
        other = request.getfixturevalue(who)
    url = reverse(f"saved_views:{page}", args=[view.pk])
    before = rows()

    assert other.get(url).status_code == 403
    assert other.post(url, {"name": "Taken over", "visibility": "private"}).status_code == 403
    assert rows() == before


def test_a_superuser_does_not_change_another_s_view_in_the_portal(view, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert (
        client.post(
            reverse("saved_views:edit", args=[view.pk]), {"name": "x", "visibility": "private"}
        ).status_code
        == 403
    )


def test_the_owner_renames_it_and_stops_sharing_it(view, culture_client):
    response = culture_client.post(
        reverse("saved_views:edit", args=[view.pk]), {"name": "Renamed", "visibility": "private"}
    )

    assert response.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.is_shared, view.query) == ("Renamed", False, "status=active")


def test_the_edit_form_shows_the_current_sharing(view, culture_client):
    form = culture_client.get(reverse("saved_views:edit", args=[view.pk])).context["form"]

    assert form["visibility"].value() == "unit"
    assert form["unit"].value() == str(view.shared_with_unit_id)


def test_renaming_to_a_name_the_owner_has_is_refused(view, culture_client, culture_user):
    SavedViewFactory(owner=culture_user, name="Other")

    response = culture_client.post(
        reverse("saved_views:edit", args=[view.pk]), {"name": "other", "visibility": "private"}
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    view.refresh_from_db()
    assert view.name == "Ours"


def test_the_owner_deletes_it_after_confirming(view, culture_client):
    url = reverse("saved_views:delete", args=[view.pk])

    assert "Delete the view “Ours”?" in culture_client.get(url).content.decode()
    response = culture_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("saved_views:index")
    assert not SavedView.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("culture_client", 200), ("urban_client", 403), ("strategy_client", 403)]
)
def test_the_history_is_for_those_who_see_the_view(view, request, who, status):
    client = request.getfixturevalue(who)

    assert client.get(reverse("saved_views:history", args=[view.pk])).status_code == status


def test_the_pages_of_a_view_need_signing_in(view, client):
    for page in ("edit", "delete", "history"):
        response = client.get(reverse(f"saved_views:{page}", args=[view.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
