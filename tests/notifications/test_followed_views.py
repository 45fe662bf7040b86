"""Following a saved view: the digest tells what entered it and what left it, once."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsinki_intl.notifications.delivery import record_digests, send_ready_emails
from helsinki_intl.notifications.models import Follow, NotificationEmail
from helsinki_intl.saved_views.models import SavedView
from networks.models import Membership
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.saved_views.factories import SavedViewFactory

MONDAY = datetime.date(2026, 12, 7)


def follow(user, view) -> Follow:
    return Follow.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(view), object_id=view.pk
    )


def digest_on(day: datetime.date) -> None:
    record_digests(day)
    send_ready_emails()


@pytest.fixture
def active_view(urban_user):
    return SavedViewFactory(name="Active memberships", owner=urban_user, query="status=active")


@pytest.mark.django_db
def test_the_digest_tells_what_entered_and_left_a_followed_view_once(active_view, urban_user):
    urban_user.language = "en"
    urban_user.save()
    staying = MembershipFactory(active=True, network=NetworkFactory(name="Staying"))
    leaving = MembershipFactory(active=True, network=NetworkFactory(name="Leaving"))
    follow(urban_user, active_view)

    digest_on(MONDAY)  # the first digest after following takes the view as it is
    assert mail.outbox == []

    Membership.objects.filter(pk=leaving.pk).update(status=Membership.Status.ENDED)
    MembershipFactory(active=True, network=NetworkFactory(name="Joining"))
    digest_on(MONDAY + datetime.timedelta(days=1))
    digest_on(MONDAY + datetime.timedelta(days=1))

    [digest] = mail.outbox
    assert digest.subject == "Your daily digest: changes in the views you follow"
    assert "Active memberships" in digest.body
    assert "1 entered: Joining" in digest.body
    assert "1 left: Leaving" in digest.body
    assert "Staying" not in digest.body
    assert reverse("networks:membership-list") + "?status=active" in digest.body

    digest_on(MONDAY + datetime.timedelta(days=2))
    assert len(mail.outbox) == 1, "nothing changed since"
    assert str(staying) not in digest.body


@pytest.mark.django_db
def test_a_view_no_longer_shared_with_a_follower_is_not_told(
    active_view, urban_user, culture_user, culture_unit
):
    active_view.owner = culture_user
    active_view.shared_with_unit = culture_unit
    active_view.save()
    follow(urban_user, active_view)  # urban is not of the culture unit
    digest_on(MONDAY)
    MembershipFactory(active=True)

    digest_on(MONDAY + datetime.timedelta(days=1))

    assert mail.outbox == []


@pytest.mark.django_db
def test_a_view_of_the_review_queue_cannot_be_followed(coordinator_client, coordinator_user):
    view = SavedViewFactory(owner=coordinator_user, list_name="coordination:review-queue", query="")

    response = coordinator_client.post(
        reverse("notifications:follow"),
        {"target_type": "saved_views.savedview", "target": view.pk, "following": "on"},
        follow=True,
    )

    assert "cannot be followed" in response.content.decode()
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_the_saved_views_page_offers_to_follow_each_view(active_view, urban_client, urban_user):
    page = urban_client.get(reverse("saved_views:index")).content.decode()
    assert 'name="target_type" value="saved_views.savedview"' in page

    urban_client.post(
        reverse("notifications:follow"),
        {"target_type": "saved_views.savedview", "target": active_view.pk, "following": "on"},
    )

    assert Follow.objects.of(urban_user, active_view).get().following
    assert "Stop following" in urban_client.get(reverse("saved_views:index")).content.decode()


@pytest.mark.django_db
def test_a_view_followed_by_many_is_read_once(active_view, urban_unit):
    active_view.shared_with_unit = urban_unit
    active_view.save()

    def queries(followers: int) -> int:
        for _ in range(followers):
            follow(UserFactory(units=[urban_unit]), active_view)
        digest_on(MONDAY)
        MembershipFactory(active=True)
        NotificationEmail.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            record_digests(MONDAY + datetime.timedelta(days=1))
        return len(captured)

    few = queries(2)
    Follow.objects.all().delete()
    SavedView.objects.exclude(pk=active_view.pk).delete()

    assert queries(12) == few
    assert NotificationEmail.objects.count() == 12
