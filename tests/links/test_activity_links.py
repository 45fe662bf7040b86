"""A planned activity names the memberships, partners, applications and bids it serves: saved with
the activity, shown on its page, and on a membership's trail in the year the activity starts."""

import pytest

from activities.models import Activity
from helsinki_intl.links.models import RecordLink
from helsinki_intl.links.relations import SERVES, kinds_from, kinds_to
from networks.models import Membership
from tests.activities.test_views import new_activity_data, url
from tests.eu_projects.factories import ApplicationFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db

SERVES_MEMBERSHIPS = "links_serves_networks_membership"
SERVES_PARTNERS = "links_serves_partnerships_partner"
SERVES_APPLICATIONS = "links_serves_eu_projects_application"
SERVES_BIDS = "links_serves_events_eventbid"


def test_an_activity_may_serve_memberships_partners_applications_and_bids():
    [kind] = kinds_from(Activity)
    assert kind.relation == SERVES
    assert kind.targets == (
        "networks.membership",
        "partnerships.partner",
        "eu_projects.application",
        "events.eventbid",
    )
    assert SERVES in {kind.relation for kind in kinds_to(Membership)}


def test_an_activity_names_what_it_serves_and_the_membership_s_trail_shows_it(
    culture_client, culture_unit, culture_user, strategy_unit
):
    eurocities = MembershipFactory(
        network=NetworkFactory(name="Eurocities"), owner_unit=strategy_unit, active=True
    )
    tallinn = PartnerFactory(name="Tallinn")
    application = ApplicationFactory(project_name="Culture for climate action", acronym="CULCLIM")
    bid = EventBidFactory(name="World Circular Economy Forum")
    data = new_activity_data(owner_unit=culture_unit, responsible_person=culture_user)
    data[SERVES_MEMBERSHIPS] = ["Eurocities (strategia)", ""]
    data[SERVES_PARTNERS] = ["Tallinn"]
    data[SERVES_APPLICATIONS] = ["Culture for climate action (CULCLIM)"]
    data[SERVES_BIDS] = ["World Circular Economy Forum"]

    response = culture_client.post(url("activity-add"), data)

    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    targets = {(link.relation, link.target_label) for link in RecordLink.objects.from_record(activity)}
    assert targets == {
        ("serves", "Eurocities – Strategy Department"),
        ("serves", "Tallinn"),
        ("serves", str(application)),
        ("serves", "World Circular Economy Forum"),
    }
    page = culture_client.get(activity.get_absolute_url()).content.decode()
    for target in (eurocities, tallinn, application, bid):
        assert f'href="{target.get_absolute_url()}"' in page
    trail = culture_client.get(eurocities.get_absolute_url()).content.decode()
    assert f'<a href="{activity.get_absolute_url()}">{activity}</a>' in trail
    partner_page = culture_client.get(tallinn.get_absolute_url()).content.decode()
    assert "Serving this record" in partner_page


def test_an_application_named_by_a_name_that_finds_none_is_refused_at_its_field(
    culture_client, culture_unit, culture_user
):
    data = new_activity_data(owner_unit=culture_unit, responsible_person=culture_user)
    data[SERVES_APPLICATIONS] = ["No such project"]

    response = culture_client.post(url("activity-add"), data)

    assert response.status_code == 200
    assert "No application is named “No such project”." in response.content.decode()
    assert not Activity.objects.exists()
