"""Every record a unit owns, in every register declared, carries documents and a journal: its page
shows both, and a register declared later has them by its declaration's `unit_owned`."""

import pytest

from helsinki_intl.records.attached import attachable_models
from helsinki_intl.records.registers import registers
from tests.project.test_permission_walk import record_of

UNIT_OWNED = sorted(attachable_models())


def test_the_record_types_are_those_the_registers_declare_unit_owned():
    declared = {f"{register.app_label}.{name}" for register in registers for name in register.unit_owned}

    assert set(UNIT_OWNED) == declared
    assert {"networks.membership", "partnerships.partnership", "events.eventbid"} <= declared


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", UNIT_OWNED)
def test_the_record_s_page_shows_its_documents_and_journal(record_type, culture_client, culture_unit):
    record = record_of(attachable_models()[record_type], culture_unit)

    html = culture_client.get(record.get_absolute_url()).content.decode()

    assert 'id="documents-heading"' in html and 'id="journal-heading"' in html
    assert f"/documents/{record_type}/{record.pk}/add/" in html
    assert f"/journal/{record_type}/{record.pk}/add/" in html
