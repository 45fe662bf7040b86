"""Who may read, add, change and delete in the partnership register's portal pages."""

from urllib.parse import quote

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from partnerships.models import Partner, Partnership
from tests.factories import UserFactory
from tests.partnerships.factories import ContactFactory, PartnerFactory, PartnershipFactory
from tests.partnerships.helpers import html, new_partnership_data, posted_back, url

# Another unit is not among one's own: the form names the person's own.
NOT_OWN_UNIT = (
    "You may add records only for your own units: Culture and Leisure Division (kuva). "
    "“Urban Environment Division” is not one of them."
)
pytestmark = pytest.mark.django_db

READERS = ["strategy_client", "coordinator_client", "culture_client", "urban_client", "unitless_client"]
EDITORS_OF_CULTURE_RECORDS = ["culture_client", "strategy_client"]
OTHERS_FOR_CULTURE_RECORDS = ["urban_client", "coordinator_client", "unitless_client"]


@pytest.fixture
def unitless_user(db):
    return UserFactory(username="unitless")


@pytest.fixture
def unitless_client(unitless_user):
    client = Client()
    client.force_login(unitless_user)
    return client


@pytest.fixture
def culture_partnership(culture_unit):
    partnership = PartnershipFactory(
        active=True, owner_unit=culture_unit, partner__name="Reykjavik", goal__title="Library exchange"
    )
    ContactFactory(partnership=partnership, summary="A call with the city library.")
    return partnership


@pytest.fixture
def culture_partner(culture_unit):
    return PartnerFactory(name="Copenhagen", country="DK", region="nordic", owner_unit=culture_unit)


def snapshot(record) -> dict:
    """Everything the database holds about a record and the rows it owns, fetched afresh."""
    fresh = type(record).objects.get(pk=record.pk)
    state = model_to_dict(fresh)
    state["updated_at"] = fresh.updated_at
    if isinstance(fresh, Partnership):
        state["goals"] = list(fresh.goals.values())
        state["contacts"] = list(fresh.contacts.values())
    return state


def edit_data_for(record, client_with_access, **changes) -> dict:
    """A complete, valid edit form as its owner would post it, with changes."""
    form_page = client_with_access.get(url(f"{record._meta.model_name}-edit", record))
    assert form_page.status_code == 200
    return posted_back(form_page, **changes)


def record_pages(partnership, partner) -> list[str]:
    pages = [url("partnership-list"), url("partnership-add"), url("partner-list"), url("partner-add")]
    for view in ("detail", "edit", "delete", "history"):
        pages.append(url(f"partnership-{view}", partnership))
        pages.append(url(f"partner-{view}", partner))
    return pages


# Anonymous requests ---------------------------------------------------------------------------


def test_anonymous_requests_to_every_page_go_to_sign_in(client, culture_partnership, culture_partner):
    pages = record_pages(culture_partnership, culture_partner)
    assert len(pages) == 12

    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{reverse('login')}?next={quote(page)}", page


def test_anonymous_posts_change_nothing(
    client, strategy_client, culture_partnership, culture_partner, culture_unit
):
    partnership_before = snapshot(culture_partnership)
    partner_before = snapshot(culture_partner)
    posts = {
        url("partnership-edit", culture_partnership): edit_data_for(
            culture_partnership, strategy_client, themes="Stolen"
        ),
        url("partnership-delete", culture_partnership): {},
        url("partner-edit", culture_partner): edit_data_for(culture_partner, strategy_client, name="Stolen"),
        url("partner-delete", culture_partner): {},
        url("partner-add"): {"name": "New", "kind": "un_agency", "owner_unit": culture_unit.pk},
    }

    for page, data in posts.items():
        response = client.post(page, data)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{reverse('login')}?next="), page

    assert snapshot(culture_partnership) == partnership_before
    assert snapshot(culture_partner) == partner_before
    assert Partner.objects.count() == 2


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_every_signed_in_user_reads_lists_details_and_history(
    request, reader, culture_partnership, culture_partner
):
    client = request.getfixturevalue(reader)
    pages = [url("partnership-list"), url("partner-list")]
    for view in ("detail", "history"):
        pages += [url(f"partnership-{view}", culture_partnership), url(f"partner-{view}", culture_partner)]

    for page in pages:
        assert client.get(page).status_code == 200, page


# Changing and deleting: other units -----------------------------------------------------------


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
@pytest.mark.parametrize("view", ["edit", "delete"])
def test_another_unit_may_not_open_the_edit_or_delete_page(
    request, other, view, culture_partnership, culture_partner
):
    client = request.getfixturevalue(other)

    assert client.get(url(f"partnership-{view}", culture_partnership)).status_code == 403
    assert client.get(url(f"partner-{view}", culture_partner)).status_code == 403


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
def test_a_crafted_edit_or_delete_of_another_units_partnership_changes_nothing(
    request, other, strategy_client, culture_partnership, urban_unit
):
    client = request.getfixturevalue(other)
    before = snapshot(culture_partnership)
    data = edit_data_for(
        culture_partnership,
        strategy_client,
        owner_unit=urban_unit.name_en,
        themes="Hijacked",
        status="dormant",
        **{
            "goals-0-title": "Hijacked goal",
            "contacts-0-DELETE": "on",
            "contacts-1-date": "2024-01-01",
            "contacts-1-summary": "Invented contact",
        },
    )

    assert client.post(url("partnership-edit", culture_partnership), data).status_code == 403
    assert client.post(url("partnership-delete", culture_partnership)).status_code == 403
    assert snapshot(culture_partnership) == before


@pytest.mark.parametrize("other", OTHERS_FOR_CULTURE_RECORDS)
def test_a_crafted_edit_or_delete_of_another_units_partner_changes_nothing(
    request, other, strategy_client, culture_partner, urban_unit
):
    client = request.getfixturevalue(other)
    before = snapshot(culture_partner)
    data = edit_data_for(culture_partner, strategy_client, name="Renamed", owner_unit=urban_unit.name_en)

    assert client.post(url("partner-edit", culture_partner), data).status_code == 403
    assert client.post(url("partner-delete", culture_partner)).status_code == 403
    assert snapshot(culture_partner) == before


# Changing and deleting: the owner unit and international affairs -----------------------------


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_owner_unit_and_strategy_department_edit_and_delete_a_partnership(
    request, editor, culture_partnership
):
    client = request.getfixturevalue(editor)
    form_page = client.get(url("partnership-edit", culture_partnership))
    assert form_page.status_code == 200

    response = client.post(
        url("partnership-edit", culture_partnership),
        posted_back(form_page, themes="Libraries", **{"goals-0-title": "Library exchange twice a year"}),
    )

    assert response.status_code == 302
    culture_partnership.refresh_from_db()
    assert culture_partnership.themes == "Libraries"
    assert [goal.title for goal in culture_partnership.goals.all()] == ["Library exchange twice a year"]
    assert client.get(url("partnership-delete", culture_partnership)).status_code == 200
    assert client.post(url("partnership-delete", culture_partnership)).status_code == 302
    assert not Partnership.objects.filter(pk=culture_partnership.pk).exists()


@pytest.mark.parametrize("editor", EDITORS_OF_CULTURE_RECORDS)
def test_owner_unit_and_strategy_department_edit_and_delete_a_partner(request, editor, culture_partner):
    client = request.getfixturevalue(editor)
    form_page = client.get(url("partner-edit", culture_partner))
    assert form_page.status_code == 200

    response = client.post(
        url("partner-edit", culture_partner), posted_back(form_page, website="https://www.kk.dk")
    )

    assert response.status_code == 302
    culture_partner.refresh_from_db()
    assert culture_partner.website == "https://www.kk.dk"
    assert client.post(url("partner-delete", culture_partner)).status_code == 302
    assert not Partner.objects.filter(pk=culture_partner.pk).exists()


# Adding ---------------------------------------------------------------------------------------


def test_a_user_of_no_unit_may_not_add(unitless_client, unitless_user, culture_unit):
    assert unitless_client.get(url("partnership-add")).status_code == 403
    assert unitless_client.get(url("partner-add")).status_code == 403

    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=unitless_user,
        goals=[{"title": "A goal"}],
    )
    assert unitless_client.post(url("partnership-add"), data).status_code == 403
    partner_data = {"name": "New", "kind": "un_agency", "owner_unit": culture_unit.pk}
    assert unitless_client.post(url("partner-add"), partner_data).status_code == 403

    assert not Partnership.objects.exists()
    assert not Partner.objects.filter(name="New").exists()


@pytest.mark.parametrize("adder", ["culture_client", "urban_client", "coordinator_client", "strategy_client"])
def test_a_unit_member_may_open_the_add_pages(request, adder):
    client = request.getfixturevalue(adder)

    assert client.get(url("partnership-add")).status_code == 200
    assert client.get(url("partner-add")).status_code == 200


def test_a_user_may_not_add_a_partnership_for_another_unit(culture_client, culture_user, urban_unit):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=urban_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )

    response = culture_client.post(url("partnership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert NOT_OWN_UNIT in html(response)
    assert not Partnership.objects.exists()


def test_strategy_department_may_add_a_partnership_for_any_unit(strategy_client, culture_user, urban_unit):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=urban_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )

    assert strategy_client.post(url("partnership-add"), data).status_code == 302
    assert Partnership.objects.get().owner_unit == urban_unit


def test_a_user_may_not_add_a_partner_for_another_unit(culture_client, strategy_client, urban_unit):
    data = {
        "name": "Oslo",
        "kind": "city",
        "country": "NO",
        "region": "nordic",
        "owner_unit": urban_unit.name_en,
    }

    response = culture_client.post(url("partner-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert not Partner.objects.exists()
    assert strategy_client.post(url("partner-add"), data).status_code == 302
    assert Partner.objects.get().owner_unit == urban_unit


def test_the_owner_unit_may_not_hand_a_partnership_to_another_unit(
    culture_client, culture_partnership, urban_unit
):
    before = snapshot(culture_partnership)
    form_page = culture_client.get(url("partnership-edit", culture_partnership))

    response = culture_client.post(
        url("partnership-edit", culture_partnership), posted_back(form_page, owner_unit=urban_unit.name_en)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"] == [NOT_OWN_UNIT]
    assert snapshot(culture_partnership) == before


# What the pages offer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "may_change"),
    [
        ("culture_client", True),
        ("strategy_client", True),
        ("urban_client", False),
        ("unitless_client", False),
    ],
)
def test_edit_and_delete_buttons_only_for_those_allowed(
    request, viewer, may_change, culture_partnership, culture_partner
):
    client = request.getfixturevalue(viewer)

    for record in (culture_partnership, culture_partner):
        name = record._meta.model_name
        page = html(client.get(record.get_absolute_url()))
        assert (
            f'<a class="hds-button hds-button--primary" href="{url(f"{name}-edit", record)}">Edit</a>' in page
        ) is may_change
        assert (f'href="{url(f"{name}-delete", record)}">Delete</a>' in page) is may_change
        assert f'href="{url(f"{name}-history", record)}">Change history</a>' in page


@pytest.mark.parametrize(("viewer", "may_add"), [("culture_client", True), ("unitless_client", False)])
def test_add_links_only_for_those_allowed(request, viewer, may_add, culture_partner):
    client = request.getfixturevalue(viewer)

    partnerships = html(client.get(url("partnership-list")))
    partners = html(client.get(url("partner-list")))
    partner_page = html(client.get(culture_partner.get_absolute_url()))

    assert (
        f'<a class="hds-button hds-button--primary" href="{url("partnership-add")}">Add a partnership</a>'
        in partnerships
    ) is may_add
    assert (
        f'<a class="hds-button hds-button--primary" href="{url("partner-add")}">Add a partner</a>' in partners
    ) is may_add
    assert (f'href="{url("partnership-add")}?partner={culture_partner.pk}"' in partner_page) is may_add
