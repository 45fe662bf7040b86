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
from tests.activities.factories import ActivityFactory
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
    NAMED_DATES,
    NAMED_NUMBERS,
    NAMED_TEXT,
    changes,
    hostile_settings,
    isolated,
    posting,
    snapshot,
)
from tests.records.imports.workbooks import HOSTILE_WORKBOOKS

HOSTILE_CELLS = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBERS, HOSTILE_DATES)
NAMED_CELLS = list(dict.fromkeys([*NAMED_TEXT, *NAMED_NUMBERS, *NAMED_DATES]))
NAMED_FILES = [
    b"PK\x03\x04" + b"\x00" * 100,
    b"\xff\xfe" + "a;b\n1;2".encode("utf-16-le"),
    b"\n\n",
    *(make() for make in HOSTILE_WORKBOOKS.values()),
]
HOSTILE_FILES = st.one_of(st.binary(max_size=2_000), st.sampled_from(NAMED_FILES))
FILE_NAMES = ["records.csv", "records.xlsx", "../../etc/passwd", "a\x00.csv"]


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
        ActivityFactory(owner_unit=unit, responsible_person=culture_user)


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
    return csv_file(rows, delimiter=draw(st.sampled_from([",", ";", "\t"])))


def csv_file(rows: list[list[str]], delimiter: str = ",") -> bytes:
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter).writerows(rows)
    return output.getvalue().encode("utf-8", "surrogatepass")


def post_import(client, resource: str, chosen: str, name: str, content: bytes) -> int:
    """The preview answers and saves nothing (no row changes); the confirmed import saves every
    row, each passing the model's rules, or changes nothing."""
    model = importers.resource_class(resource)._meta.model
    with isolated():
        before = snapshot()
        upload = SimpleUploadedFile(name, content)
        preview = client.post(reverse("imports"), {"resource": chosen, "file": upload})
        assert preview.status_code == 200
        assert not changes(before)
        confirmed = client.post(reverse("imports-confirm"))
        assert confirmed.status_code in (200, 302)
        if changes(before):
            assert confirmed.status_code == 302
            for record in model.objects.all():
                record.full_clean()
    return confirmed.status_code


@pytest.mark.parametrize("resource", importers.names())
@hostile_settings
@given(data=st.data())
def test_import_survives_hostile_files(resource, records, strategy_client, strategy_user, data):
    content = data.draw(st.one_of(hostile_csv(exported_rows(resource, strategy_user)), HOSTILE_FILES))
    name = data.draw(st.sampled_from(FILE_NAMES))
    chosen = data.draw(st.one_of(st.just(resource), HOSTILE_TEXT), label="resource")
    event(f"confirm HTTP {post_import(strategy_client, resource, chosen, name, content)}")


@pytest.mark.parametrize("resource", importers.names())
def test_import_takes_every_named_value(resource, records, strategy_client, strategy_user):
    """Every named value in every column (one file: a record's row with one cell replaced, for
    each column and value; a value with a NUL byte, which makes a file no CSV, in a file of its
    own), and every named file and file name."""
    header, record, *_others = exported_rows(resource, strategy_user)
    rows = [
        [*record[:column], value, *record[column + 1 :]]
        for column in range(len(header))
        for value in NAMED_CELLS
        if "\x00" not in value
    ]
    with posting("every column", "every named value"):
        post_import(strategy_client, resource, resource, "records.csv", csv_file([header, *rows]))
    for value in NAMED_CELLS:
        if "\x00" in value:
            with posting("every column", value):
                content = csv_file([header, [value] * len(header)])
                post_import(strategy_client, resource, resource, "records.csv", content)
    valid = csv_file([header, record])
    for name in FILE_NAMES:
        with posting("file name", name):
            post_import(strategy_client, resource, resource, name, valid)
    for content in NAMED_FILES:
        with posting("file", content):
            post_import(strategy_client, resource, resource, "records.csv", content)


def test_import_takes_every_named_text_for_its_register(records, strategy_client, strategy_user):
    valid = csv_file(exported_rows("networks", strategy_user)[:2])
    for chosen in NAMED_TEXT:
        with posting("resource", chosen):
            post_import(strategy_client, "networks", chosen, "records.csv", valid)
