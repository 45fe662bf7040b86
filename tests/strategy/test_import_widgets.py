"""The import's reading of goals of sustainable development."""

import pytest

from helsinki_intl.strategy.import_widgets import SDGsWidget

pytestmark = pytest.mark.django_db


def test_goals_are_read_by_number_and_by_the_names_the_export_writes():
    sdgs = SDGsWidget().clean("3, 11; 16. Peace, justice and strong institutions")

    assert sorted(sdg.number for sdg in sdgs) == [3, 11, 16]


@pytest.mark.parametrize("written", ["²", "١٢", "three"])
def test_what_is_not_a_number_is_named_in_the_row_s_error(written):
    with pytest.raises(ValueError, match=f"“{written}” is not the number of a sustainable development goal"):
        SDGsWidget().clean(written)
