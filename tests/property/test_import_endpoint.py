"""Random and hostile files at the import page: never a server error, the dry run saves nothing,
and the confirmed import saves either every row, each passing the model's rules, or nothing.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from helsinki_intl.records.imports.resources import importers
from tests.eu_projects.factories import ApplicationFactory
from tests.events.factories import EventBidFactory
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    NetworkFactory,
    PriorityFactory,
    RoleFactory,
)
from tests.partnerships.factories import PartnershipFactory
from tests.property.hostile import (
    HOSTILE_DATES,
    HOSTILE_NUMBERS,
    HOSTILE_TEXT,
    hostile_settings,
    isolated,
    row_counts,
)

HOSTILE_CELLS = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBERS, HOSTILE_DATES)
HOSTILE_FILES = st.one_of(
    st.binary(max_size=2_000),
    st.sampled_from([b"PK\x03\x04" + b"\x00" * 100, b"\xff\xfe" + "a;b\n1;2".encode("utf-16-le"), b"\n\n"]),
)


@pytest.fixture
def records(culture_unit, urban_unit, culture_user):
    PriorityFactory(code="talent")
    for unit in (culture_unit, urban_unit):
        membership = MembershipFactory(
            network=NetworkFactory(owner_unit=unit), owner_unit=unit, responsible_person=culture_user
        )
        MembershipGoalFactory(membership=membership)
        RoleFactory(membership=membership, holder_user=culture_user)
        # Every register that imports needs rows of its own for the hostile files to start from.
        PartnershipFactory(owner_unit=unit, responsible_person=culture_user)
        ApplicationFactory(owner_unit=unit, responsible_person=culture_user)
        EventBidFactory(owner_unit=unit, responsible_person=culture_user)


def exported_rows(resource: str, user) -> list[list[str]]:
    """The register's records as an import file's rows, the header row first."""
    importer = importers.resource_class(resource)(user=user)
    dataset = importer.export(queryset=importer._meta.model.objects.all())
    return [list(dataset.headers), *([str(cell or "") for cell in row] for row in dataset)]


@st.composite
def hostile_csv(draw, rows: list[list[str]]) -> bytes:
    """The exported rows with a few cells, a column or the header row made hostile."""
    rows = [list(row) for row in rows]
    width = len(rows[0])
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        rows[row][draw(st.integers(0, width - 1))] = draw(HOSTILE_CELLS)
    if draw(st.booleans()):  # a new row: a record's row with cells of another record or hostile ones
        row = list(rows[draw(st.integers(1, len(rows) - 1))])
        for column in draw(st.lists(st.integers(0, width - 1), min_size=1, max_size=3)):
            other_row = rows[draw(st.integers(1, len(rows) - 1))]
            row[column] = draw(st.one_of(st.just(other_row[column]), HOSTILE_CELLS))
        rows.append(row)
    if draw(st.booleans()):
        rows.append([draw(HOSTILE_CELLS) for _ in range(width)])
    if draw(st.booleans()):  # a row repeated, or a column missing
        if draw(st.booleans()):
            rows.append(list(rows[-1]))
        else:
            column = draw(st.integers(0, width - 1))
            rows = [row[:column] + row[column + 1 :] for row in rows]
    output = io.StringIO()
    csv.writer(output, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows(rows)
    return output.getvalue().encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("resource", importers.names())
@hostile_settings
@given(data=st.data())
def test_import_survives_hostile_files(resource, records, strategy_client, strategy_user, data):
    model = importers.resource_class(resource)._meta.model
    content = data.draw(st.one_of(hostile_csv(exported_rows(resource, strategy_user)), HOSTILE_FILES))
    name = data.draw(st.sampled_from(["records.csv", "records.xlsx", "../../etc/passwd", "a\x00.csv"]))
    chosen = data.draw(st.one_of(st.just(resource), HOSTILE_TEXT), label="resource")
    with isolated():
        before = row_counts()
        upload = SimpleUploadedFile(name, content)
        preview = strategy_client.post(reverse("imports"), {"resource": chosen, "file": upload})
        assert preview.status_code == 200
        assert row_counts() == before
        confirmed = strategy_client.post(reverse("imports-confirm"))
        event(f"confirm HTTP {confirmed.status_code}")
        assert confirmed.status_code in (200, 302)
        if row_counts() == before:
            return
        event("saved")
        assert confirmed.status_code == 302
        for record in model.objects.all():
            record.full_clean()
