"""A document's kind is judged by its bytes and structure, never by its name."""

import pytest

from helsinki_intl.documents.content import DocumentRefused, judge

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
