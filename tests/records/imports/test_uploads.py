import io
import zipfile

import pytest

from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.imports.uploads import UploadError, read_upload
from networks.models import Membership

from .conftest import sample
from .workbooks import HOSTILE_WORKBOOKS, SHEET, with_part, workbook

DAMAGED = "The Excel file is damaged or incomplete."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("windows1252.csv", "The file is not in UTF-8 (line 1). Save it as “CSV UTF-8” and try again."),
        ("empty.csv", "The file is empty."),
        ("header_only.csv", "The file has a header row but no rows to import."),
        ("truncated.xlsx", "The Excel file is damaged or incomplete."),
        ("formula.xlsx", "Cell H3 holds a formula; only values can be imported."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_its_reason(name, message):
    with pytest.raises(UploadError) as refused:
        read_upload(sample(name))

    assert str(refused.value) == message


@pytest.mark.parametrize("name", HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_refused_as_damaged(name):
    with pytest.raises(UploadError) as refused:
        read_upload(HOSTILE_WORKBOOKS[name]())

    assert str(refused.value) == DAMAGED


def test_the_workbook_the_hostile_ones_are_made_from_is_read():
    assert read_upload(workbook()).dict == [{"Verkosto": "Eurocities", "Omistajayksikkö": "kuva"}]


def test_a_workbook_whose_dimension_claims_the_whole_sheet_is_read_by_its_cells():
    data = with_part(SHEET, lambda xml: xml.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"'))
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)

    assert read_upload(data).dict == [{"Verkosto": "Eurocities", "Omistajayksikkö": "kuva"}]


def test_a_value_beyond_the_portals_columns_is_refused():
    far_cell = b'<c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row>'
    data = with_part(SHEET, lambda xml: xml.replace(b"</row>", far_cell, 1))

    with pytest.raises(UploadError) as refused:
        read_upload(data)

    assert str(refused.value) == "The file has too many columns: at most 500."


def test_a_csv_of_one_fifty_megabyte_line_is_refused_by_its_size():
    with pytest.raises(UploadError) as refused:
        read_upload(b"x" * (50 * 1024 * 1024))

    assert str(refused.value) == "The file is too large: at most 5.0\xa0MB can be imported."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"x" * (50 * 1024 * 1024), "The row starting on line 1 has a cell too long to be imported."),
        (b"a," * (25 * 1024 * 1024), "The file has too many columns: at most 500."),
        (
            b"Name\n" + b'"' + b"x" * (50 * 1024 * 1024),
            "The row starting on line 2 cannot be read as CSV: check its quotation marks.",
        ),
    ],
)
def test_a_csv_of_one_fifty_megabyte_line_is_refused_when_the_limit_lets_it_in(settings, line, message):
    settings.IMPORT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024

    with pytest.raises(UploadError) as refused:
        read_upload(line)

    assert str(refused.value) == message


def test_fifty_megabytes_of_junk_are_refused_before_reading(settings):
    junk = bytes(range(256)) * (50 * 1024 * 1024 // 256)

    with pytest.raises(UploadError) as refused:
        read_upload(junk)

    assert str(refused.value) == "The file is too large: at most 5.0\xa0MB can be imported."


def test_junk_within_the_size_limit_is_neither_csv_nor_xlsx():
    with pytest.raises(UploadError) as refused:
        read_upload(bytes(range(256)) * 1000)

    assert str(refused.value) == "The file is neither a CSV file nor an Excel (XLSX) file."


def test_a_zip_bomb_is_refused_from_its_directory_before_unpacking(monkeypatch):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024

    def unpacked(*args, **kwargs):
        raise AssertionError("the bomb was unpacked")

    monkeypatch.setattr("helsinki_intl.records.imports.uploads.openpyxl.load_workbook", unpacked)
    with pytest.raises(UploadError) as refused:
        read_upload(bomb.getvalue())

    assert str(refused.value) == "The Excel file unpacks to too much data to be imported."


def test_a_zip_that_is_not_a_workbook_is_refused():
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w") as archive:
        archive.writestr("readme.txt", "hello")

    with pytest.raises(UploadError) as refused:
        read_upload(archive_bytes.getvalue())

    assert str(refused.value) == "The file is neither a CSV file nor an Excel (XLSX) file."


def test_the_size_limit_comes_from_the_settings(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100

    with pytest.raises(UploadError) as refused:
        read_upload(sample("memberships_fi.csv"))

    assert str(refused.value) == "The file is too large: at most 100\xa0bytes can be imported."


@pytest.mark.django_db
def test_an_unknown_column_is_named_and_nothing_is_saved(register, strategy_user):
    data = sample("memberships_fi.csv").replace(b"Tavoitteet", b"Huomiot")

    with pytest.raises(UploadError) as refused:
        import_file(resource="memberships", data=data, file_name="x.csv", user=strategy_user, dry_run=False)

    assert str(refused.value) == "Unknown column “Huomiot”."
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_headers_are_accepted_in_swedish_and_english(register, strategy_user):
    csv = (
        "Nätverk;Owner unit;Ansvarsperson;Status\r\nCovenant of Mayors;kuva;anna.virtanen;Föreslagen\r\n"
    ).encode()

    report = import_file(
        resource="memberships", data=csv, file_name="sv.csv", user=strategy_user, dry_run=False
    )

    assert [(row.number, row.status) for row in report.rows] == [(2, "new")]
    assert Membership.objects.filter(network__name="Covenant of Mayors", owner_unit__code="kuva").exists()


def test_quoted_cells_keep_their_doubled_quotes_and_line_breaks():
    data = b'Name,Notes\r\nA,"She said ""yes""\r\nand left"\r\nB,"""\r"\r\n'

    dataset = read_upload(data)

    assert dataset.dict == [
        {"Name": "A", "Notes": 'She said "yes"\r\nand left'},
        {"Name": "B", "Notes": '"'},
    ]


def test_semicolon_separated_files_are_read_by_their_header_row():
    dataset = read_upload(b'Nimi;Huomiot\r\nA;"x; y"\r\n')

    assert dataset.dict == [{"Nimi": "A", "Huomiot": "x; y"}]


def test_an_unclosed_quotation_mark_is_named_by_its_line():
    data = b'Name,Notes\r\nA,ok\r\nB,"never closed\r\n' + b"x" * 200_000

    with pytest.raises(UploadError) as refused:
        read_upload(data)

    assert str(refused.value) == (
        "The row starting on line 3 cannot be read as CSV: check its quotation marks."
    )


def test_openpyxl_reading_workbooks_without_defusedxml_is_a_check_error(monkeypatch):
    import openpyxl
    from django.core import checks

    assert not [error for error in checks.run_checks() if error.id == "records.E002"]

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)

    assert [error.id for error in checks.run_checks() if error.id == "records.E002"] == ["records.E002"]
