"""Every answer has an ETag; asking again with it is a 304 until the registers' data changes."""

import datetime

import pytest
from django.urls import resolve
from django.utils import timezone

from helsinki_intl.api import views
from tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/v1/networks/memberships/"


def test_an_unchanged_list_is_a_304_without_queries(culture_client, django_assert_max_num_queries):
    MembershipFactory()
    etag = culture_client.get(MEMBERSHIPS)["ETag"]

    # The session, the person and whether they may read persons: nothing of the list.
    with django_assert_max_num_queries(4):
        response = culture_client.get(MEMBERSHIPS, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.parametrize("ask", [{}, {"format": "csv"}])
def test_an_unchanged_record_is_a_304_without_a_body(culture_user, rf, ask):
    """HTTP gives a 304 no body. gunicorn drops one, with a warning in its log, and Django's
    test client drops it silently: the view itself is asked here."""
    path = f"{MEMBERSHIPS}{MembershipFactory().pk}/"
    request = rf.get(path, ask, HTTP_IF_NONE_MATCH="*")
    request.user = culture_user
    view = resolve(path)

    response = view.func(request, *view.args, **view.kwargs)

    assert response.status_code == 304
    assert response.rendered_content == b""


def test_a_change_of_the_data_gives_a_new_etag(culture_client):
    membership = MembershipFactory()
    etag = culture_client.get(f"{MEMBERSHIPS}{membership.pk}/")["ETag"]

    NetworkFactory()

    response = culture_client.get(f"{MEMBERSHIPS}{membership.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_another_filter_or_a_reader_who_sees_more_has_another_etag(culture_client, strategy_client):
    MembershipFactory()
    etag = culture_client.get(MEMBERSHIPS)["ETag"]

    assert culture_client.get(MEMBERSHIPS + "?status=active", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert strategy_client.get(MEMBERSHIPS, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_another_reader_who_sees_the_same_has_another_etag(culture_client, urban_client):
    """A filter may name its reader (`responsible=me`), so one reader's tag is not another's."""
    MembershipFactory()
    etag = culture_client.get(MEMBERSHIPS + "?responsible=me")["ETag"]

    assert urban_client.get(MEMBERSHIPS + "?responsible=me", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_next_day_has_another_etag(culture_client, monkeypatch):
    """What is current and a deadline within some days are counted from today."""
    MembershipFactory()
    etag = culture_client.get(MEMBERSHIPS + "?current=true")["ETag"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(views.timezone, "localdate", lambda: tomorrow)

    assert culture_client.get(MEMBERSHIPS + "?current=true", HTTP_IF_NONE_MATCH=etag).status_code == 200
