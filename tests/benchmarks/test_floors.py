"""The benchmark's import measure: the portal's import against bulk_create, nothing kept."""

import pytest

from benchmarks.floors import ImportRows, measure_import
from partnerships.models import Partner

pytestmark = pytest.mark.django_db


def test_the_import_is_measured_against_bulk_create_several_times_and_rolled_back(
    culture_unit, strategy_user
):
    figures = measure_import(strategy_user, ImportRows.make(count=5), runs=2)

    assert (figures.rows, figures.saved, figures.error) == (5, True, "")
    assert figures.history_rows == 5
    assert figures.import_seconds > 0 and figures.bulk_create_seconds > 0
    assert not Partner.objects.exists()
    assert not Partner.history.exists()
