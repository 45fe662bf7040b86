"""No save overwrites another unseen, outside the registers too: reference data, programmes and
appropriations carry a version, and the admin's change form refuses a stale save as the portal's does."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from eu_projects.models import CoFinancingAppropriation, Programme
from helsinki_intl.records.admin_locking import STALE_ADMIN_SAVE
from helsinki_intl.strategy.models import Priority
from networks.models import Membership
from tests.eu_projects.factories import CoFinancingAppropriationFactory, ProgrammeFactory
from tests.eu_projects.helpers import posted_back
from tests.factories import MembershipFactory, PriorityFactory
from tests.partnerships.helpers import posted_back as posted_back_with_rows

pytestmark = pytest.mark.django_db


def admin_url(record, view: str = "change") -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_{view}", args=[record.pk])


def _post_value(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def admin_form_data(response) -> dict:
    """The admin change form as shown, inline rows and their management forms included."""
    forms_shown = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms_shown += [formset.management_form, *formset.forms]
    data = {}
    for form in forms_shown:
        for field in form:
            value, widget = field.value(), field.field.widget
            if field.field.disabled or value is None or value is False:
                continue
            if isinstance(widget, forms.MultiWidget):
                for index, (part_widget, part) in enumerate(
                    zip(widget.widgets, widget.decompress(value), strict=True)
                ):
                    data[f"{field.html_name}_{index}"] = part_widget.format_value(part) or ""
            elif value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [_post_value(item) for item in value]
            else:
                data[field.html_name] = _post_value(value)
    return data


@pytest.fixture
def appropriation(db):
    return CoFinancingAppropriationFactory(year=2026, amount=Decimal("1200000.00"))


def test_a_stale_admin_save_is_refused_and_the_newer_value_kept(strategy_client, appropriation):
    stale = admin_form_data(strategy_client.get(admin_url(appropriation)))
    fresh = admin_form_data(strategy_client.get(admin_url(appropriation)))
    assert (
        strategy_client.post(admin_url(appropriation), {**fresh, "amount": "1300000.00"}).status_code == 302
    )

    response = strategy_client.post(admin_url(appropriation), {**stale, "amount": "1100000.00"})

    assert response.status_code == 200
    assert str(STALE_ADMIN_SAVE) in response.content.decode()
    appropriation.refresh_from_db()
    assert appropriation.amount == Decimal("1300000.00")


def test_a_stale_portal_edit_of_an_appropriation_is_refused(strategy_client, appropriation):
    edit = reverse("eu_projects:cofinancingappropriation-edit", args=[appropriation.pk])
    stale = posted_back(strategy_client.get(edit), amount="1200000.00")
    assert (
        strategy_client.post(edit, posted_back(strategy_client.get(edit), amount="1300000")).status_code
        == 302
    )

    response = strategy_client.post(edit, stale)

    assert response.status_code == 409
    appropriation.refresh_from_db()
    assert appropriation.amount == Decimal("1300000.00")


def test_a_stale_portal_edit_of_a_programme_is_refused(strategy_client):
    programme = ProgrammeFactory(name="LIFE")
    edit = reverse("eu_projects:programme-edit", args=[programme.pk])
    stale = posted_back(strategy_client.get(edit), short_name="LIFE-old")
    assert (
        strategy_client.post(edit, posted_back(strategy_client.get(edit), short_name="LIFE")).status_code
        == 302
    )

    assert strategy_client.post(edit, stale).status_code == 409
    assert Programme.objects.get(pk=programme.pk).short_name == "LIFE"


def test_a_stale_admin_save_does_not_overwrite_a_portal_edit(strategy_client, strategy_user, strategy_unit):
    membership = MembershipFactory(owner_unit=strategy_unit, responsible_person=strategy_user)
    stale = admin_form_data(strategy_client.get(admin_url(membership)))
    portal_edit = reverse("networks:membership-edit", args=[membership.pk])
    portal_form = posted_back_with_rows(strategy_client.get(portal_edit), notes="Written in the portal")
    assert strategy_client.post(portal_edit, portal_form).status_code == 302

    response = strategy_client.post(admin_url(membership), {**stale, "notes": "Written in the admin"})

    assert response.status_code == 200
    assert str(STALE_ADMIN_SAVE) in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).notes == "Written in the portal"


def test_reference_data_saved_twice_in_the_admin_from_fresh_forms_keeps_both(strategy_client):
    priority = PriorityFactory(name_en="Talent attraction")
    for name in ("Talent", "Talent and skills"):
        data = admin_form_data(strategy_client.get(admin_url(priority)))
        assert strategy_client.post(admin_url(priority), {**data, "name_en": name}).status_code == 302

    priority = Priority.objects.get(pk=priority.pk)
    assert (priority.name_en, priority.version) == ("Talent and skills", 3)


def test_a_crafted_version_is_refused_like_a_stale_one(strategy_client, appropriation):
    data = admin_form_data(strategy_client.get(admin_url(appropriation)))

    for version in ("", "0", "99", "2147483648", "x"):
        response = strategy_client.post(admin_url(appropriation), {**data, "version": version, "amount": "1"})
        assert response.status_code == 200, version
    assert CoFinancingAppropriation.objects.get(pk=appropriation.pk).amount == Decimal("1200000.00")


def test_a_stale_admin_save_of_a_person_is_refused(strategy_client, culture_user):
    stale = admin_form_data(strategy_client.get(admin_url(culture_user)))
    fresh = admin_form_data(strategy_client.get(admin_url(culture_user)))
    saved = strategy_client.post(admin_url(culture_user), {**fresh, "last_name": "Laaksonen"})
    assert saved.status_code == 302

    response = strategy_client.post(admin_url(culture_user), {**stale, "last_name": "Virtanen"})

    assert response.status_code == 200
    assert str(STALE_ADMIN_SAVE) in response.content.decode()
    culture_user.refresh_from_db()
    assert culture_user.last_name == "Laaksonen"
