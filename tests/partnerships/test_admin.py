"""The register's admin pages open, and its import and export match related rows by natural keys."""

import pytest
from django.urls import reverse

from helsinki_intl.records.imports.service import import_file
from partnerships.models import Partner, Partnership, PartnershipGoal, PartnershipReview
from partnerships.resources import PartnerResource, PartnershipResource
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Partner, Partnership, PartnershipGoal, PartnershipReview])
def test_admin_lists_and_forms_open(strategy_client, strategy_user, model):
    partnership = PartnershipFactory(active=True)
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


def test_export_names_partners_units_and_people_by_their_keys(strategy_user, strategy_unit):
    PartnershipFactory(
        partner__name="Riika", owner_unit=strategy_unit, responsible_person=strategy_user, active=True
    )

    [row] = PartnershipResource().export().dict

    assert (row["Partner"], row["Owner unit"], row["Responsible person"], row["Type"], row["Status"]) == (
        "Riika",
        "strategia",
        "strategy",
        "Thematic",
        "Active",
    )


@pytest.mark.parametrize(
    ("name", "resource_class"), [("partners", PartnerResource), ("partnerships", PartnershipResource)]
)
def test_an_export_imports_back_unchanged(strategy_user, name, resource_class):
    """The admin exports and imports with the same columns, so an export is an import file."""
    PartnershipFactory(responsible_person=strategy_user, active=True)
    exported = resource_class().export()

    report = import_file(
        resource=name,
        data=exported.csv.encode(),
        file_name="export.csv",
        user=strategy_user,
        dry_run=True,
    )

    assert [row.status for row in report.rows] == ["unchanged"]
