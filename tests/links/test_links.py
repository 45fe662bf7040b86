"""Links between records of different registers: an application or a bid names the memberships
and partners it came through, saved with the record, shown on both ends, in the history and the
event, and gone with a deleted target."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eu_projects.models import Application
from helsinki_intl.links.models import RecordLink
from helsinki_intl.links.relations import CAME_THROUGH, SERVES, kinds_from, kinds_to
from helsinki_intl.links.services import record_links_set
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.services import record_delete
from networks.lookups import MEMBERSHIPS as MEMBERSHIPS_LOOKUP
from networks.models import Membership
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.eu_projects.helpers import html, new_application_data, posted_back
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory
from tests.partnerships.factories import PartnerFactory

MEMBERSHIPS = "links_came_through_networks_membership"
PARTNERS = "links_came_through_partnerships_partner"


@pytest.fixture
def eurocities(strategy_unit):
    return MembershipFactory(network=NetworkFactory(name="Eurocities"), owner_unit=strategy_unit, active=True)


@pytest.fixture
def tallinn(db):
    return PartnerFactory(name="Tallinn")


def app_url(name: str, record=None) -> str:
    return reverse(f"eu_projects:{name}", args=[record.pk] if record is not None else [])


def test_the_registers_declare_who_links_to_whom():
    sources = {kind.source for kind in kinds_from(Application)} | {
        kind.source for kind in kinds_to(Membership)
    }
    assert sources == {"eu_projects.application", "events.eventbid", "activities.activity"}
    assert {kind.relation for kind in kinds_to(Membership)} == {CAME_THROUGH, SERVES}


def test_an_application_names_the_membership_and_partner_it_came_through(
    culture_client, culture_unit, culture_user, eurocities, tallinn
):
    data = new_application_data(call=CallFactory(), owner_unit=culture_unit, responsible_person=culture_user)
    data[MEMBERSHIPS] = ["Eurocities (strategia)", ""]
    data[PARTNERS] = ["Tallinn"]
    data["came_through_other"] = "Baltic Sea Ports Network"

    response = culture_client.post(app_url("application-add"), data)

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.came_through_other == "Baltic Sea Ports Network"
    links = RecordLink.objects.from_record(application)
    assert sorted((link.relation, link.target_label) for link in links) == [
        ("came_through", "Eurocities – Strategy Department"),
        ("came_through", "Tallinn"),
    ]
    page = html(culture_client.get(application.get_absolute_url()))
    assert f'<a href="{eurocities.get_absolute_url()}">Eurocities – Strategy Department</a>' in page
    assert f'<a href="{tallinn.get_absolute_url()}">Tallinn</a>' in page
    assert "Baltic Sea Ports Network" in page
    membership_page = html(culture_client.get(eurocities.get_absolute_url()))  # in its trail
    assert f'<a href="{application.get_absolute_url()}">{application}</a>' in membership_page
    partner_page = html(culture_client.get(tallinn.get_absolute_url()))
    assert "Came through this record" in partner_page
    assert f'<a href="{application.get_absolute_url()}">{application}</a>' in partner_page
    created = DomainEvent.objects.about(application).get(kind="application.created")
    assert created.payload["links_added"] == [
        {"type": "networks.membership", "id": eurocities.pk},
        {"type": "partnerships.partner", "id": tallinn.pk},
    ]


def test_the_edit_form_shows_the_links_and_an_emptied_box_removes_one(
    culture_client, culture_unit, culture_user, eurocities, tallinn
):
    application = ApplicationFactory(owner_unit=culture_unit, responsible_person=culture_user)
    record_links_set(
        record=application, kind=kinds_from(Application)[0], targets=[eurocities, tallinn], by=culture_user
    )
    form_page = culture_client.get(app_url("application-edit", application))
    page = html(form_page)
    assert 'value="Eurocities (strategia)"' in page
    assert '<label class="hds-text-input__label" for="id_links_came_through_networks_membership_0">' in page

    response = culture_client.post(
        app_url("application-edit", application), posted_back(form_page, **{MEMBERSHIPS: [""]})
    )

    assert response.status_code == 302
    assert [link.target_label for link in RecordLink.objects.from_record(application)] == ["Tallinn"]
    changed = DomainEvent.objects.about(application).get(kind="application.changed")
    assert changed.payload["links_removed"] == [{"type": "networks.membership", "id": eurocities.pk}]
    history = html(culture_client.get(app_url("application-history", application)))
    assert "Came through: memberships" in history
    assert "<del>Eurocities – Strategy Department</del>" in history


def test_a_name_that_finds_no_record_is_refused_at_its_field_and_nothing_is_saved(
    culture_client, culture_unit, culture_user, eurocities
):
    data = new_application_data(call=CallFactory(), owner_unit=culture_unit, responsible_person=culture_user)
    data[MEMBERSHIPS] = ["Eurocities (strategia)", "C40 Cities"]

    response = culture_client.post(app_url("application-add"), data)

    assert response.status_code == 200
    assert "No membership is named “C40 Cities”." in html(response)
    assert '<a href="#id_links_came_through_networks_membership_0">' in html(response)
    assert not Application.objects.exists()
    assert not RecordLink.objects.exists()


def test_the_service_refuses_a_target_its_kind_does_not_declare(culture_user, eurocities):
    application = ApplicationFactory()
    other_application = ApplicationFactory()
    kind = kinds_from(Application)[0]

    with pytest.raises(ValidationError):
        record_links_set(record=application, kind=kind, targets=[other_application], by=culture_user)
    with pytest.raises(ValidationError):
        unsaved = Membership(network=eurocities.network, owner_unit=eurocities.owner_unit)
        record_links_set(record=application, kind=kind, targets=[unsaved], by=culture_user)

    assert not RecordLink.objects.exists()


def test_a_bid_names_what_it_came_through_too(culture_user, eurocities):
    bid = EventBidFactory()
    (kind,) = kinds_from(type(bid))

    record_links_set(record=bid, kind=kind, targets=[eurocities], by=culture_user)

    assert RecordLink.objects.to_record(eurocities).get().source_id == bid.pk


def test_a_deleted_target_takes_its_links_with_it_and_the_source_s_page_still_shows(
    culture_client, strategy_user, culture_user, culture_unit, eurocities, tallinn
):
    application = ApplicationFactory(owner_unit=culture_unit, responsible_person=culture_user)
    record_links_set(
        record=application, kind=kinds_from(Application)[0], targets=[eurocities, tallinn], by=culture_user
    )

    record_delete(record=tallinn, by=strategy_user)

    assert [link.target_label for link in RecordLink.objects.all()] == ["Eurocities – Strategy Department"]
    response = culture_client.get(application.get_absolute_url())
    assert response.status_code == 200
    history = html(culture_client.get(app_url("application-history", application)))
    assert "<del>Tallinn</del>" in history


def test_a_deleted_source_takes_its_links_with_it(strategy_user, culture_user, eurocities):
    application = ApplicationFactory()
    record_links_set(
        record=application, kind=kinds_from(Application)[0], targets=[eurocities], by=culture_user
    )

    record_delete(record=application, by=strategy_user)

    assert not RecordLink.objects.exists()


def test_a_link_left_to_a_record_that_is_gone_shows_as_removed(
    culture_client, culture_user, eurocities, tallinn
):
    application = ApplicationFactory()
    record_links_set(record=application, kind=kinds_from(Application)[0], targets=[tallinn], by=culture_user)
    # The write path removes the links of a record it deletes; a raw delete leaves one behind.
    type(tallinn).objects.filter(pk=tallinn.pk).delete()

    page = html(culture_client.get(application.get_absolute_url()))

    assert "Tallinn (removed)" in page


def test_the_pages_that_show_links_read_them_in_constant_queries(culture_client, culture_user, strategy_unit):
    application = ApplicationFactory()
    membership = MembershipFactory(owner_unit=strategy_unit, active=True)
    kind = kinds_from(Application)[0]
    record_links_set(record=application, kind=kind, targets=[membership, PartnerFactory()], by=culture_user)
    other = ApplicationFactory()
    record_links_set(record=other, kind=kind, targets=[membership], by=culture_user)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert culture_client.get(url).status_code == 200
        return len(captured)

    few = queries(membership.get_absolute_url()), queries(application.get_absolute_url())
    more_memberships = [MembershipFactory(active=True) for _ in range(4)]
    partners = [PartnerFactory() for _ in range(4)]
    record_links_set(
        record=application, kind=kind, targets=[membership, *more_memberships, *partners], by=culture_user
    )
    for _ in range(4):
        record_links_set(record=ApplicationFactory(), kind=kind, targets=[membership], by=culture_user)

    assert (queries(membership.get_absolute_url()), queries(application.get_absolute_url())) == few


def test_a_membership_is_suggested_and_found_by_its_network_and_unit_code(
    culture_client, eurocities, urban_unit
):
    MembershipFactory(network=eurocities.network, owner_unit=urban_unit, active=True)

    response = culture_client.get(reverse("lookup-memberships"), {"q": "euroc"})

    assert response.status_code == 200
    assert "Eurocities (strategia)" in html(response) and "Eurocities (kymp)" in html(response)
    lookup = MEMBERSHIPS_LOOKUP
    assert lookup.find(Membership.objects.all(), "Eurocities (strategia)") == eurocities
    with pytest.raises(ValidationError, match="Several memberships"):
        lookup.find(Membership.objects.all(), "Eurocities")
