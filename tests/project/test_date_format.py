"""One date format a language, wherever the portal writes a date: pages, records' names, e-mails."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from helsinki_intl.records.dates import short_date
from tests.partnerships.factories import ContactFactory

DAY = datetime.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("language", "written"), [("fi", "5.1.2026"), ("sv", "2026-01-05"), ("en", "05/01/2026")]
)
def test_a_date_is_written_one_way_in_each_language(language, written):
    with translation.override(language):
        assert short_date(DAY) == written


@pytest.mark.django_db
def test_a_record_named_by_its_date_and_the_dashboard_use_that_format(culture_client):
    contact = ContactFactory(date=DAY, kind="visit")
    with translation.override("fi"):
        assert str(contact).startswith("5.1.2026 – ")

    page = culture_client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    today = timezone.localdate()
    with translation.override("fi"):
        assert f"tilanne {formats.date_format(today, 'SHORT_DATE_FORMAT')}" in page
