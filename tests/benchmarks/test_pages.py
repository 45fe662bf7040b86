"""The pages and the import file the benchmark uses are ones the portal accepts."""

import datetime

import pytest
from django import forms

from benchmarks.floors import ImportRows
from benchmarks.pages import SEARCH_WORD, all_pages, filter_value, list_views
from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.imports.service import import_file


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (forms.ChoiceField(choices=[("", "All"), ("active", "Active")]), "active"),
        (forms.NullBooleanField(), "true"),
        (forms.CharField(), SEARCH_WORD),
    ],
)
def test_a_filter_gets_a_value_its_field_accepts(field, expected):
    assert filter_value(field) == expected
    assert field.clean(expected) not in (None, "")


def test_a_date_filter_gets_a_date_ahead():
    assert datetime.date.fromisoformat(filter_value(forms.DateField())) > datetime.date.today()


@pytest.mark.django_db
def test_a_model_filter_gets_a_record_or_nothing(strategy_unit):
    assert filter_value(forms.ModelChoiceField(OrgUnit.objects.all())) == str(strategy_unit.pk)
    assert filter_value(forms.ModelChoiceField(OrgUnit.objects.none())) is None


@pytest.mark.django_db
def test_every_list_is_measured_plain_filtered_sorted_and_at_its_last_page(strategy_unit):
    pages = all_pages()
    keys = {page.key for page in pages}
    assert {"floor (B0)", "dashboard", "review queue", "quarterly summary"} <= keys
    assert len(list_views()) >= 9
    for url_name, view_class in list_views():
        label = url_name.rsplit(":", 1)[-1].removesuffix("-list")
        assert {f"{label}: list", f"{label}: last page", f"{label}: admin"} <= keys
        for name, list_filter in view_class.filterset_class().filters.items():
            if name == "sort":
                continue
            # Only a filter whose choices come from records the database has none of is left out.
            has_value = filter_value(list_filter.field) is not None
            assert (f"{label}: filter {name}" in keys) == has_value, name

    assert len(keys) == len(pages)


@pytest.mark.django_db
def test_the_benchmark_import_file_imports_without_errors(strategy_user, strategy_unit):
    rows = ImportRows.make(count=5)
    report = import_file(
        resource="partners",
        data=rows.csv_bytes(),
        file_name="benchmark.csv",
        user=strategy_user,
        dry_run=True,
    )
    assert report.counts == {"new": 5, "changed": 0, "unchanged": 0, "wrong": 0}
    assert [partner.name for partner in rows.instances()] == rows.names


@pytest.mark.django_db
def test_every_api_endpoint_is_measured_at_a_hundred_rows():
    measured = {page.path.split("?")[0]: page for page in all_pages() if page.kind == "api"}

    assert set(measured) == {f"/api/v1/{endpoint.path}/" for endpoint in endpoints()}
    assert all(page.path.endswith("?page_size=100") for page in measured.values())
