import pytest
from django.utils import translation

from networks.filters import MembershipFilter
from networks.models import Membership
from tests.factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def owner_units_sorted(language: str) -> list[str]:
    with translation.override(language):
        filterset = MembershipFilter({"sort": "owner_unit"}, queryset=Membership.objects.for_list())
        return [membership.owner_unit.code for membership in filterset.qs]


def test_a_translated_name_sorts_in_the_active_language():
    MembershipFactory(owner_unit=OrgUnitFactory(code="kuva", name_fi="Kulttuuri", name_en="Culture"))
    MembershipFactory(owner_unit=OrgUnitFactory(code="kymp", name_fi="Kaupunkiympäristö", name_en="Urban"))
    MembershipFactory(owner_unit=OrgUnitFactory(code="kasko", name_fi="Kasvatus", name_en="Education"))

    assert owner_units_sorted("fi") == ["kasko", "kymp", "kuva"]
    assert owner_units_sorted("en") == ["kuva", "kasko", "kymp"]
