"""The planned activities' pages: list, detail with its synergies, add, edit, delete, history."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.activities.factories import ActivityFactory
from tests.factories import MembershipFactory, NetworkFactory, PriorityFactory
from tests.partnerships.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def url(name: str, record=None) -> str:
    return reverse(f"activities:{name}", args=[record.pk] if record is not None else [])


def html(response) -> str:
    return response.content.decode()


def _post_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def posted_back(response, **changes) -> dict:
    """The data a browser posts back from a rendered form, plus changes."""
    data = {}
    for bound_field in response.context["form"]:
        value = bound_field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [_post_value(item) for item in value]
        else:
            data[bound_field.html_name] = _post_value(value)
    data.update(changes)
    return data


def new_activity_data(*, owner_unit, responsible_person, **fields) -> dict:
    data = {
        "title": "Smart city delegation to Tallinn",
        "kind": "trade_mission",
        "owner_unit": owner_unit.name_en,
        "responsible_person": responsible_person.get_full_name(),
        "starts_on": "2029-05-14",
        "ends_on": "2029-05-16",
        "city": "Tallinn",
        "country": "EE",
        "city_leadership": "mayor",
        "target_groups": ["for_companies", "for_decision_makers"],
        "target_markets": "Estonia",
        "description": "Companies meet Tallinn's digital agency.",
    }
    data.update(fields)
    return data


def test_list_shows_each_activity(culture_client, culture_unit, urban_unit):
    visit = ActivityFactory(title="Study visit to Tallinn", owner_unit=culture_unit)
    campaign = ActivityFactory(
        title="Work in Helsinki",
        kind="campaign",
        owner_unit=urban_unit,
        online=True,
        city="",
        country="",
        city_leadership="deputy_mayor",
        starts_on=datetime.date(2028, 6, 1),
        ends_on=datetime.date(2028, 6, 30),
    )

    response = culture_client.get(url("activity-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [visit, campaign]
    page = html(response)
    assert "<h1>Planned activities</h1>" in page
    assert f'<a href="{visit.get_absolute_url()}">Study visit to Tallinn</a>' in page
    assert ">Tallinn, Estonia</td>" in page
    assert ">Online</td>" in page
    assert ">A deputy mayor</td>" in page
    assert reverse("activities:calendar") in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "campaign"}, ["Campaign"]),
        ({"country": "EE"}, ["Visit"]),
        ({"leadership": "true"}, ["Campaign"]),
        ({"target_group": "for_talent"}, ["Campaign"]),
        ({"status": "confirmed"}, ["Campaign"]),
        ({"report_missing": "true"}, ["Done"]),
        ({"q": "campaign"}, ["Campaign"]),
        ({"sort": "-title"}, ["Visit", "Done", "Campaign"]),
    ],
)
def test_the_list_filters_and_sorts(culture_client, params, expected):
    ActivityFactory(title="Visit")
    ActivityFactory(
        title="Campaign",
        kind="campaign",
        status="confirmed",
        city="Riga",
        country="LV",
        city_leadership="mayor",
        for_talent=True,
        starts_on=datetime.date(2028, 6, 1),
        ends_on=datetime.date(2028, 6, 2),
    )
    ActivityFactory(
        title="Done",
        status="done",
        city="Oslo",
        country="NO",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 1, 2),
    )

    response = culture_client.get(url("activity-list"), params)

    assert [activity.title for activity in response.context["object_list"]] == expected


def test_the_list_reads_a_constant_number_of_queries(culture_client, django_assert_max_num_queries):
    priority = PriorityFactory()
    for number in range(30):
        activity = ActivityFactory(title=f"Visit {number}")
        activity.participating_units.set([activity.owner_unit])
        activity.priorities.set([priority])
    culture_client.get(url("activity-list"))  # the caches warm

    with django_assert_max_num_queries(12):
        response = culture_client.get(url("activity-list"))
    assert response.status_code == 200


def test_a_unit_member_adds_an_activity_with_its_timeline_and_event(
    culture_client, culture_unit, culture_user
):
    data = new_activity_data(owner_unit=culture_unit, responsible_person=culture_user)

    response = culture_client.post(url("activity-add"), data)

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert activity.status == Activity.Status.PLANNED
    assert activity.owner_unit == culture_unit
    assert activity.city_leadership == "mayor"
    assert activity.target_groups == ["for_companies", "for_decision_makers"]
    assert list(activity.status_changes.values_list("from_status", "status")) == [("", "planned")]
    assert activity.history.count() == 1


def test_a_place_is_required_unless_online(culture_client, culture_unit, culture_user):
    data = new_activity_data(owner_unit=culture_unit, responsible_person=culture_user, city="", country="")

    response = culture_client.post(url("activity-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["city"] == ["Give the city, or mark the activity online."]
    assert not Activity.objects.exists()

    data |= {"online": "on"}
    assert culture_client.post(url("activity-add"), data).status_code == 302


def test_another_units_activity_cannot_be_edited(urban_client, culture_unit):
    activity = ActivityFactory(owner_unit=culture_unit)

    assert urban_client.get(url("activity-edit", activity)).status_code == 403
    assert urban_client.post(url("activity-edit", activity), {"title": "Taken"}).status_code == 403
    activity.refresh_from_db()
    assert activity.title != "Taken"


def test_an_edit_keeps_the_target_groups_and_units(culture_client, culture_unit, urban_unit):
    activity = ActivityFactory(owner_unit=culture_unit, for_visitors=True)
    activity.participating_units.set([urban_unit])
    page = culture_client.get(url("activity-edit", activity))

    response = culture_client.post(url("activity-edit", activity), posted_back(page, title="Renamed"))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert activity.target_groups == ["for_visitors"]
    assert list(activity.participating_units.all()) == [urban_unit]


def test_the_page_shows_the_synergies_in_the_same_city_and_country(culture_client, culture_unit):
    activity = ActivityFactory(title="Mission to Tallinn", owner_unit=culture_unit)
    ActivityFactory(
        title="Study visit to Tallinn",
        starts_on=datetime.date(2028, 5, 20),
        ends_on=datetime.date(2028, 5, 21),
    )
    ActivityFactory(
        title="Conference in Tartu",
        city="Tartu",
        starts_on=datetime.date(2028, 6, 1),
        ends_on=datetime.date(2028, 6, 1),
    )
    ActivityFactory(
        title="Far in time", starts_on=datetime.date(2028, 9, 1), ends_on=datetime.date(2028, 9, 1)
    )
    partnership = PartnershipFactory(partner=PartnerFactory(name="Tallinn", country="EE"))
    PartnershipFactory(partner=PartnerFactory(name="Riga", country="LV"))

    response = culture_client.get(activity.get_absolute_url())

    page = html(response)
    assert "Other activities to the same city within 30 days" in page
    assert "Study visit to Tallinn" in page
    assert "Other activities to Estonia within 30 days" in page
    assert "Conference in Tartu" in page
    assert "Far in time" not in page
    assert "Partnerships in Estonia" in page
    assert f'<a href="{partnership.get_absolute_url()}">' in page
    assert "Riga" not in page


def test_the_page_shows_the_current_memberships_of_networks_with_their_office_in_the_country(
    culture_client, culture_unit
):
    activity = ActivityFactory(title="Mission to Tallinn", owner_unit=culture_unit)
    membership = MembershipFactory(active=True, network=NetworkFactory(name="Baltic Cities", country="EE"))
    MembershipFactory(status="ended", network=NetworkFactory(name="Old Baltic Forum", country="EE"))
    MembershipFactory(active=True, network=NetworkFactory(name="Nordic Forum", country="SE"))

    page = html(culture_client.get(activity.get_absolute_url()))

    assert "Memberships in Estonia" in page
    assert f'<a href="{membership.get_absolute_url()}">' in page
    assert "Old Baltic Forum" not in page
    assert "Nordic Forum" not in page


def test_the_form_shows_the_synergies_of_the_saved_place(culture_client, culture_unit):
    activity = ActivityFactory(owner_unit=culture_unit)
    ActivityFactory(
        title="Study visit to Tallinn",
        starts_on=datetime.date(2028, 5, 20),
        ends_on=datetime.date(2028, 5, 21),
    )

    page = html(culture_client.get(url("activity-edit", activity)))

    assert "Study visit to Tallinn" in page


def test_the_detail_page_reads_a_constant_number_of_queries(culture_client, django_assert_max_num_queries):
    activity = ActivityFactory()
    for number in range(15):
        ActivityFactory(title=f"Near {number}", starts_on=datetime.date(2028, 5, 11))
        PartnershipFactory(partner=PartnerFactory(name=f"Partner {number}", country="EE"))
    culture_client.get(activity.get_absolute_url())

    with django_assert_max_num_queries(25):
        response = culture_client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "and 5 more" in html(response)


def test_delete_and_history(culture_client, culture_unit):
    activity = ActivityFactory(owner_unit=culture_unit)

    assert culture_client.get(url("activity-history", activity)).status_code == 200
    assert culture_client.post(url("activity-delete", activity)).status_code == 302
    assert not Activity.objects.exists()
