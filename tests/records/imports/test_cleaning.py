"""Field values checked once a file: a right value is remembered, a wrong one refused every time."""

import pytest
from django.core.exceptions import ValidationError

from helsinki_intl.records.imports.cleaning import FieldCleaner
from partnerships.models import Partner

pytestmark = pytest.mark.django_db


def errors_of(cleaner: FieldCleaner, record, exclude=frozenset({"owner_unit"})) -> dict:
    try:
        cleaner.clean_fields(record, set(exclude))
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_wrong_value_is_refused_in_each_record_with_the_models_message():
    cleaner = FieldCleaner()
    first, second = Partner(name="A", country="XX"), Partner(name="B", country="XX")

    assert errors_of(cleaner, first) == errors_of(cleaner, second) == errors_of(FieldCleaner(), first)
    assert set(errors_of(cleaner, second)) == {"country"}


def test_a_right_value_is_checked_once_and_then_remembered(monkeypatch):
    cleaner = FieldCleaner()
    assert errors_of(cleaner, Partner(name="A", kind="city", country="SE")) == {}
    checked = []
    field = Partner._meta.get_field("country")
    original = type(field).clean
    monkeypatch.setattr(
        type(field),
        "clean",
        lambda self, value, record: checked.append(value) or original(self, value, record),
    )

    assert errors_of(cleaner, Partner(name="B", kind="city", country="SE")) == {}
    assert "SE" not in checked
    assert "B" in checked


def test_excluded_and_blank_fields_are_not_checked():
    assert (
        errors_of(FieldCleaner(), Partner(name="", country="XX"), exclude={"owner_unit", "name", "country"})
        == {}
    )
