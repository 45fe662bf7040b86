"""A document's kind is judged by its bytes and structure, never by its name."""

import pytest

from helsinki_intl.documents import content
from helsinki_intl.documents.content import MAX_ZIP_ENTRIES, DocumentRefused, judge

from . import files


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("decision.pdf", files.PDF, "application/pdf"),
        ("photo.png", files.PNG, "image/png"),
        ("photo.JPG", files.JPEG, "image/jpeg"),
        ("anim.gif", files.GIF, "image/gif"),
        ("pic.webp", files.WEBP, "image/webp"),
        (
            "agreement.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("minutes.odt", files.odt(), "application/vnd.oasis.opendocument.text"),
        ("old.doc", files.ole2("WordDocument"), "application/msword"),
        ("old.xls", files.ole2("Workbook"), "application/vnd.ms-excel"),
        ("old.ppt", files.ole2("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        ("notes.txt", files.TEXT, "text/plain"),
        ("figures.csv", b"year;amount\n2025;4000\n", "text/plain"),
    ],
)
def test_the_kinds_kept_are_judged_by_their_content(name, data, media_type, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024 * 1024

    assert judge(files.upload(name, data), name).media_type == media_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        # The content is not what the name says.
        ("minutes.pdf", files.PNG, r"ends in \.pdf, but its content is of another kind: PNG image"),
        ("photo.png", files.PDF, r"ends in \.png, but its content is of another kind: PDF document"),
        ("report.docx", files.xlsx(), r"ends in \.docx, but its content is of another kind: Excel workbook"),
        ("notes.txt", files.PDF, r"ends in \.txt, but its content is of another kind: PDF document"),
        ("decision", files.PDF, r"has no ending; its content is: PDF document\. Rename it to end in \.pdf"),
        # Web pages and scripts, whatever they are called.
        ("page.html", files.HTML, "web page markup or a script"),
        ("notes.txt", files.HTML, "web page markup or a script"),
        ("logo.svg", files.SVG, "web page markup or a script"),
        ("notes.txt", b"see javascript:alert(1)", "web page markup or a script"),
        # Archives that are not documents, bombs and macros.
        ("archive.zip", files.zipped({"a.txt": b"hello"}), "This kind of file cannot be attached"),
        ("agreement.docx", files.zip_bomb(), "unpacks to far more data"),
        ("macro.docx", files.docx(**{"word/vbaProject.bin": b"x"}), "macros"),
        ("control.docx", files.docx(**{"word/activeX/activeX1.xml": b"<ax/>"}), "macros"),
        ("macro.odt", files.odt(**{"Basic/Standard/Module1.xml": b"<script/>"}), "macros"),
        ("script.odt", files.odt(**{"Scripts/python/run.py": b"import os"}), "macros"),
        ("macro.doc", files.ole2("WordDocument", "Macros"), "macros"),
        ("macro.xls", files.ole2("Workbook", "_VBA_PROJECT_CUR"), "macros"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "damaged"),
        # Binaries, other encodings, nothing.
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", "This kind of file cannot be attached"),
        ("notes.txt", "ääkköset".encode("latin-1"), "UTF-8"),
        ("notes.txt", b"", "empty"),
        ("old.doc", files.ole2("Something Else"), "This kind of file cannot be attached"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(DocumentRefused, match=message):
        judge(files.upload(name, data), name)


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100

    with pytest.raises(DocumentRefused, match="too large: at most 100"):
        judge(files.upload("decision.pdf", files.PDF + b" " * 100), "decision.pdf")


def test_a_zip_of_too_many_entries_is_refused_from_its_last_record_before_its_directory_is_read(monkeypatch):
    many = files.docx(**{f"word/part{number}.xml": b"" for number in range(MAX_ZIP_ENTRIES)})
    monkeypatch.setattr(content.zipfile, "ZipFile", None)  # any read of the directory would fail

    with pytest.raises(DocumentRefused, match="unpacks to far more data"):
        judge(files.upload("agreement.docx", many), "agreement.docx")


def test_a_zip_whose_last_record_says_zip64_is_refused_as_too_many_entries():
    record = bytearray(files.docx())
    end = record.rfind(b"PK\x05\x06")
    record[end + 8 : end + 12] = b"\xff\xff\xff\xff"  # the entries on this disk and in all

    with pytest.raises(DocumentRefused, match="unpacks to far more data"):
        judge(files.upload("agreement.docx", bytes(record)), "agreement.docx")


def test_a_zip_whose_last_record_announces_a_long_directory_is_refused_before_reading_it(monkeypatch):
    record = bytearray(files.docx())
    end = record.rfind(b"PK\x05\x06")
    record[end + 12 : end + 16] = (64 * 1024 * 1024).to_bytes(4, "little")  # the directory's length
    monkeypatch.setattr(content.zipfile, "ZipFile", None)

    with pytest.raises(DocumentRefused, match="unpacks to far more data"):
        judge(files.upload("agreement.docx", bytes(record)), "agreement.docx")


@pytest.mark.parametrize("cut", [1, 10, 22])
def test_a_zip_cut_short_in_its_last_record_is_refused_as_damaged(cut):
    whole = files.docx()

    with pytest.raises(DocumentRefused, match="damaged"):
        judge(files.upload("agreement.docx", whole[:-cut]), "agreement.docx")


def test_a_document_with_as_many_entries_as_allowed_is_kept():
    allowed = files.docx(**{f"word/part{number}.xml": b"" for number in range(MAX_ZIP_ENTRIES - 2)})

    assert judge(files.upload("agreement.docx", allowed), "agreement.docx").media_type.endswith(".document")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'name;amount\nEurocities;=HYPERLINK("http://x")\n', 2),
        (b'name,amount\n"@SUM(A1:A2)",1\n', 2),
        (b"=1+1\n", 1),
        (b"a\tb\nc\t  +cmd|' /C calc'!A0\n", 2),
        (b"year;note\n2025;- see the minutes\n", 2),
    ],
)
def test_a_csv_file_with_a_cell_a_spreadsheet_would_run_is_refused_with_its_line(data, line):
    with pytest.raises(
        DocumentRefused, match=f"Line {line} of the CSV file has a cell that a spreadsheet would run"
    ):
        judge(files.upload("figures.csv", data), "figures.csv")


def test_a_csv_file_of_signed_numbers_and_plain_text_is_kept():
    data = b'vuosi;summa;muutos\n2025;4 000,50;-1,5\n2026;+200;"- 3"\nHelsinki = Helsingfors;a-b;x@y\n'

    assert judge(files.upload("figures.csv", data), "figures.csv").media_type == "text/plain"


def test_a_text_file_is_not_judged_as_a_spreadsheet():
    assert judge(files.upload("notes.txt", b"=1+1 is two\n"), "notes.txt").media_type == "text/plain"
