"""The register's admin pages open, and its import and export match related rows by natural keys."""

import pytest
from django.urls import reverse
from tablib import Dataset

from partnerships.models import Contact, Partner, Partnership, PartnershipGoal, PartnershipReview
from partnerships.resources import PartnerResource, PartnershipResource
from tests.factories import OrgUnitFactory
from tests.partnerships.factories import ContactFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Partner, Partnership, PartnershipGoal, Contact, PartnershipReview])
def test_admin_lists_and_forms_open(strategy_client, strategy_user, model):
    partnership = PartnershipFactory(active=True)
    ContactFactory(partnership=partnership)
    PartnershipReview.objects.create(
        partnership=partnership,
        reviewer=strategy_user,
        benefit_assessment="Useful.",
        recommendation="continue",
    )
    record = model.objects.first()
    opts = model._meta

    for page in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
    ):
        assert strategy_client.get(page).status_code == 200, page


def test_import_matches_units_partners_and_people_by_their_names(strategy_user):
    unit = OrgUnitFactory(code="strategia")
    partners = Dataset(headers=["name", "kind", "country", "region", "website", "owner_unit"])
    partners.append(["Riga", "city", "LV", "baltic", "https://www.riga.lv", "strategia"])
    partnerships = Dataset(
        headers=["partner", "owner_unit", "responsible_person", "type", "information_exchange", "status"]
    )
    partnerships.append(["Riga", "strategia", strategy_user.username, "thematic", "1", "explored"])

    assert not PartnerResource().import_data(partners, raise_errors=True).has_errors()
    assert not PartnershipResource().import_data(partnerships, raise_errors=True).has_errors()

    partnership = Partnership.objects.get()
    assert (partnership.partner.name, partnership.owner_unit, partnership.responsible_person) == (
        "Riga",
        unit,
        strategy_user,
    )
    exported = PartnershipResource().export()
    assert exported.dict[0]["partner"] == "Riga"
    assert exported.dict[0]["owner_unit"] == "strategia"


def test_import_refuses_a_new_twin_city_relationship(strategy_user):
    OrgUnitFactory(code="strategia")
    Partner.objects.create(
        name="Tallinn", kind="city", country="EE", region="baltic", owner_unit=OrgUnitFactory(code="kymp")
    )
    rows = Dataset(headers=["partner", "owner_unit", "responsible_person", "type", "information_exchange"])
    rows.append(["Tallinn", "strategia", strategy_user.username, "twin_city", "1"])

    result = PartnershipResource().import_data(rows)

    assert result.has_validation_errors()
    assert result.invalid_rows[0].field_specific_errors == {
        "type": [
            "The city signs no new twin-city (friendship) agreements: choose thematic or project-based "
            "cooperation. Only an existing twin-city relationship keeps this type."
        ]
    }
    assert not Partnership.objects.exists()
