"""The notifications page, the header's count, following from a record's page, and the settings."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsinki_intl.notifications.emails import masked_address, unsubscribe_token
from helsinki_intl.notifications.models import Follow, Frequency, Notification, NotificationSettings
from tests.factories import MembershipFactory, NetworkFactory

from .helpers import changed, proposed_assessed_and_decided, told

LIST = reverse("notifications:list")


@pytest.mark.django_db
def test_the_page_names_the_record_who_did_what_and_links_to_it(
    membership, culture_client, culture_user, strategy_user
):
    strategy_user.first_name, strategy_user.last_name = "Anna", "Virtanen"
    strategy_user.save()
    changed(membership, strategy_user)
    told(culture_user)

    page = culture_client.get(LIST).content.decode()

    assert f'href="{membership.get_absolute_url()}">{membership}</a>' in page
    assert "Anna Virtanen changed it." in page
    assert "You have 1 unread notification." in page


@pytest.mark.django_db
def test_an_empty_page_says_what_will_come_here(culture_client):
    page = culture_client.get(LIST).content.decode()

    assert "You have no notifications yet." in page


@pytest.mark.django_db
def test_the_list_filters_unread_and_by_register_and_sorts(
    membership, culture_client, culture_user, strategy_user
):
    changed(membership, strategy_user, notes="First.")
    changed(membership, strategy_user, notes="Second.")
    told(culture_user)
    first, second = Notification.objects.filter(user=culture_user).order_by("event_id")
    culture_client.post(reverse("notifications:read", args=[first.pk]))

    unread = culture_client.get(LIST, {"show": "unread"}).context["notifications"]
    oldest = culture_client.get(LIST, {"sort": "oldest"}).context["notifications"]
    elsewhere = culture_client.get(LIST, {"register": "events"}).content.decode()

    assert [notification.pk for notification in unread] == [second.pk]
    assert [notification.pk for notification in oldest] == [first.pk, second.pk]
    assert "No notifications match these filters." in elsewhere


@pytest.mark.django_db
def test_the_page_reads_as_many_queries_for_thirty_notifications_as_for_three(
    culture_unit, culture_client, culture_user, strategy_user
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert culture_client.get(LIST).status_code == 200
        return len(captured)

    for _ in range(3):
        changed(MembershipFactory(owner_unit=culture_unit, responsible_person=culture_user), strategy_user)
    told(culture_user)
    few = queries()
    for _ in range(27):
        changed(MembershipFactory(owner_unit=culture_unit, responsible_person=culture_user), strategy_user)
    told(culture_user)

    assert queries() == few


@pytest.mark.django_db
def test_the_header_count_costs_no_query_of_its_own_and_is_never_stale(
    membership, culture_client, culture_user, strategy_user
):
    home = reverse("home")
    changed(membership, strategy_user)
    told(culture_user)

    with CaptureQueriesContext(connection) as captured:
        page = culture_client.get(home).content.decode()

    assert '1<span class="visually-hidden"> unread</span>' in page
    counting = [query["sql"] for query in captured if "notifications_notification" in query["sql"]]
    assert len(counting) == 1 and 'FROM "organisation_user"' in counting[0], "read with the person"
    notification = Notification.objects.get(user=culture_user)
    culture_client.post(reverse("notifications:read", args=[notification.pk]))
    assert 'visually-hidden"> unread' not in culture_client.get(home).content.decode()


@pytest.mark.django_db
def test_mark_all_as_read(membership, culture_client, culture_user, strategy_user):
    changed(membership, strategy_user, notes="First.")
    changed(membership, strategy_user, notes="Second.")
    told(culture_user)

    response = culture_client.post(reverse("notifications:read-all"), {"next": "https://elsewhere.example/"})

    assert response["Location"] == LIST
    assert not Notification.objects.filter(user=culture_user).unread().exists()


@pytest.mark.django_db
def test_marking_another_person_s_notification_is_not_found(
    membership, urban_client, culture_user, strategy_user
):
    changed(membership, strategy_user)
    told(culture_user)
    notification = Notification.objects.get(user=culture_user)

    assert urban_client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def follow_data(record, following: bool) -> dict:
    data = {"target_type": record._meta.label_lower, "target": record.pk, "next": record.get_absolute_url()}
    return {**data, "following": "on"} if following else data


@pytest.mark.django_db
def test_a_record_s_page_offers_to_follow_and_to_stop(membership, culture_client, urban_client, urban_user):
    own = culture_client.get(membership.get_absolute_url()).content.decode()
    stranger = urban_client.get(membership.get_absolute_url()).content.decode()
    assert "Stop following" in own and "because it is yours" in own
    assert ">Follow</button>" in stranger

    response = urban_client.post(reverse("notifications:follow"), follow_data(membership, True))

    assert response["Location"] == membership.get_absolute_url()
    assert Follow.objects.of(urban_user, membership).get().following
    assert "Stop following" in urban_client.get(membership.get_absolute_url()).content.decode()

    urban_client.post(reverse("notifications:follow"), follow_data(membership, False))
    assert not Follow.objects.of(urban_user, membership).get().following


@pytest.mark.django_db
def test_stopping_following_one_s_own_record_stops_its_notifications(
    membership, culture_client, culture_user, strategy_user
):
    culture_client.post(reverse("notifications:follow"), follow_data(membership, False))

    changed(membership, strategy_user)

    assert told(culture_user) == []
    assert ">Follow</button>" in culture_client.get(membership.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"target_type": "networks.membership", "target": "999999", "following": "on"},
        {"target_type": "organisation.user", "target": "1", "following": "on"},
        {"target_type": "networks.membershipgoal", "target": "1", "following": "on"},
        {"target_type": "networks.membership", "target": "x", "following": "on"},
        {"target": "1"},
    ],
)
@pytest.mark.django_db
def test_following_what_is_not_there_or_not_followable_says_so_and_saves_nothing(culture_client, data):
    response = culture_client.post(reverse("notifications:follow"), data, follow=True)

    assert "There is nothing to follow here." in response.content.decode()
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_the_settings_page_saves_the_digest_and_lists_what_one_follows(
    culture_client, culture_user, urban_unit
):
    network = NetworkFactory(name="Eurocities")
    Follow.objects.create(
        user=culture_user, content_type=ContentType.objects.get_for_model(network), object_id=network.pk
    )
    url = reverse("notifications:settings")

    page = culture_client.get(url).content.decode()
    saved = culture_client.post(url, {"digest": "weekly"})
    refused = culture_client.post(url, {"digest": "hourly"})

    assert ">Eurocities</a>" in page
    assert saved.status_code == 302
    assert NotificationSettings.objects.get(user=culture_user).digest == Frequency.WEEKLY
    assert not NotificationSettings.objects.get(user=culture_user).decisions_at_once
    assert refused.status_code == 200
    assert "Select a valid choice." in refused.content.decode()


@pytest.mark.django_db
def test_the_unsubscribe_link_asks_then_stops_the_e_mails_without_signing_in(culture_user):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(culture_user)])
    anonymous = Client(enforce_csrf_checks=True)

    asked = anonymous.get(url)
    assert not NotificationSettings.objects.filter(user=culture_user).exists()
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})

    assert "Stop the e-mails" in asked.content.decode()
    assert culture_user.email not in asked.content.decode()
    assert done.status_code == 200
    wishes = NotificationSettings.objects.get(user=culture_user)
    assert (wishes.digest, wishes.decisions_at_once) == (Frequency.NEVER, False)


@pytest.mark.parametrize(
    ("address", "shown"),
    [("maria.virtanen@hel.fi", "m…@hel.fi"), ("x@hel.fi", "x…@hel.fi"), ("no-at-sign", "…"), ("", "…")],
)
def test_the_unsubscribe_page_shows_the_address_masked(address, shown):
    assert masked_address(address) == shown


@pytest.mark.parametrize("token", ["nonsense", "eyJwZXJzb24iOjF9:forged:signature"])
@pytest.mark.django_db
def test_an_unsubscribe_link_not_signed_by_the_portal_changes_nothing(culture_user, token):
    url = reverse("notifications:unsubscribe", args=[token])

    assert Client().post(url).status_code == 404
    assert not NotificationSettings.objects.exists()


@pytest.mark.django_db
def test_a_decision_is_listed_with_what_was_decided(
    membership, culture_client, culture_user, coordinator_user, strategy_user
):
    proposed_assessed_and_decided(membership, culture_user, coordinator_user, strategy_user)
    told(culture_user)

    page = culture_client.get(LIST).content.decode()

    assert "recorded a decision: Active." in page
    assert "recorded the assessment." in page


@pytest.mark.django_db
def test_the_settings_page_reads_as_many_queries_for_ten_followed_records_as_for_two(
    culture_unit, culture_client, culture_user
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert culture_client.get(reverse("notifications:settings")).status_code == 200
        return len(captured)

    def follow_memberships(count: int) -> None:
        for membership in MembershipFactory.create_batch(count, owner_unit=culture_unit):
            Follow.objects.create(
                user=culture_user,
                content_type=ContentType.objects.get_for_model(membership),
                object_id=membership.pk,
            )

    follow_memberships(2)
    few = queries()
    follow_memberships(8)

    assert queries() == few


@pytest.mark.django_db
def test_a_notification_with_facts_of_an_unexpected_shape_is_still_shown(
    membership, culture_client, culture_user
):
    from helsinki_intl.outbox.services import event_record

    event = event_record(kind="review_overdue", record=membership, by=None)
    event.payload = ["not", "a", "dict"]
    event.save()
    Notification.objects.create(user=culture_user, event=event, record_name=str(membership))

    page = culture_client.get(LIST).content.decode()

    assert "Its review is overdue" in page
