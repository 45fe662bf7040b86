"""What an uploaded document is, judged by its bytes and structure, never by its name.

The portal keeps the documents reviews and decisions rest on: PDF, Office documents (the
current zipped formats, OpenDocument and the older binary ones), images and plain text. A file
is accepted only when its content is one of these and its name's ending fits the content: a
PNG named "minutes.pdf" is refused, as is anything a browser could run (HTML, SVG, scripts)
whatever it is called. A zip is judged from its directory before anything in it is unpacked:
too many entries, too much data unpacked or too high a compression ratio is a zip bomb. The
number of entries and the directory's length are read from the zip's last record before the
directory is read at all, so a directory of millions of tiny entries is never held in memory.
"""

import io
import re
import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helsinki_intl.records.export.cells import FORMULA_PREFIXES

HEAD_BYTES = 8192
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Office documents compress XML about ten to one; a bomb a thousand to one or more.
MAX_ZIP_RATIO = 100
# A ratio is only judged on a body of some size: a tiny entry of zeros compresses very well too.
RATIO_JUDGED_FROM_BYTES = 1024 * 1024
ODF_MIMETYPE_BYTES = 100
# A zip ends with a 22-byte record that counts the entries, after a comment of at most 64 KiB.
ZIP_END_RECORD = struct.Struct("<4s4H2LH")
ZIP_END_SIGNATURE = b"PK\x05\x06"
ZIP_END_SEARCHED_BYTES = ZIP_END_RECORD.size + 0xFFFF
# A directory entry takes 46 bytes and its name: a document's 2,000 entries fit in far less.
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of document the portal keeps: its media type, what to call it, its name endings."""

    media_type: str
    label: str
    extensions: tuple[str, ...]


PDF = Kind("application/pdf", gettext_lazy("PDF document"), ("pdf",))
PNG = Kind("image/png", gettext_lazy("PNG image"), ("png",))
JPEG = Kind("image/jpeg", gettext_lazy("JPEG image"), ("jpg", "jpeg"))
GIF = Kind("image/gif", gettext_lazy("GIF image"), ("gif",))
WEBP = Kind("image/webp", gettext_lazy("WebP image"), ("webp",))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    gettext_lazy("Word document"),
    ("docx",),
)
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    gettext_lazy("Excel workbook"),
    ("xlsx",),
)
PPTX = Kind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    gettext_lazy("PowerPoint presentation"),
    ("pptx",),
)
ODT = Kind("application/vnd.oasis.opendocument.text", gettext_lazy("OpenDocument text"), ("odt",))
ODS = Kind(
    "application/vnd.oasis.opendocument.spreadsheet", gettext_lazy("OpenDocument spreadsheet"), ("ods",)
)
ODP = Kind(
    "application/vnd.oasis.opendocument.presentation", gettext_lazy("OpenDocument presentation"), ("odp",)
)
DOC = Kind("application/msword", gettext_lazy("Word document (old format)"), ("doc",))
XLS = Kind("application/vnd.ms-excel", gettext_lazy("Excel workbook (old format)"), ("xls",))
PPT = Kind("application/vnd.ms-powerpoint", gettext_lazy("PowerPoint presentation (old format)"), ("ppt",))
TEXT = Kind("text/plain", gettext_lazy("text file"), ("txt", "csv", "md"))

KINDS = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT, TEXT)
KINDS_BY_MEDIA_TYPE = {kind.media_type: kind for kind in KINDS}

OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
ODF_TYPES = {kind.media_type.encode(): kind for kind in (ODT, ODS, ODP)}
# The streams that name an old binary Office file's kind, in its compound file's directory.
OLE2_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT))
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_MACRO_ENTRIES = ("Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT")
"""Directory entries of an old Office file that hold macros (Word's, Excel's, PowerPoint's)."""
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
"""Parts of an Office Open XML file that hold macros, whatever their folder."""
MACRO_FOLDERS = ("basic/", "scripts/", "activex/")
"""Folders of an OpenDocument file (its macros and scripts) or an Office one (ActiveX controls)
that hold code run on opening."""
OLE2_ENTRY_BYTES = 128
OLE2_STREAM = 2

# What a browser or an interpreter would take for markup or a script: refused as "text".
MARKUP = re.compile(rb"<\s*[a-zA-Z!?/]|javascript:", re.IGNORECASE)
# Text keeps tabs, line breaks and form feeds; other control characters mean it is not text.
TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# A spreadsheet opening a CSV file runs a cell that starts as a formula (`FORMULA_PREFIXES`, which
# the portal's own exports neutralise), quoted or not; a number with a sign is a number.
CSV_CELL = re.compile(r"[,;\t]")
CELL_QUOTING = " \t\"'"
SIGNED_NUMBER = re.compile(r"""^[+-]\s*\d[\d\s.,]*["']?\s*$""")


class DocumentRefused(ValueError):
    """The file is not kept; the message says why, in the person's language."""


@dataclass(frozen=True)
class Judged:
    kind: Kind

    @property
    def media_type(self) -> str:
        return self.kind.media_type


def max_upload_bytes() -> int:
    return settings.DOCUMENTS_MAX_UPLOAD_BYTES


def accepted_kinds() -> str:
    """The name endings accepted, for the upload form's help text."""
    return ", ".join(f".{extension}" for kind in KINDS for extension in kind.extensions)


def judge(file, name: str) -> Judged:
    """Judges an uploaded file (seekable, binary) by its content; raises DocumentRefused."""
    size = _size(file)
    if size > max_upload_bytes():
        raise DocumentRefused(
            _("The file is too large: at most %(size)s can be attached.")
            % {"size": filesizeformat(max_upload_bytes())}
        )
    if size == 0:
        raise DocumentRefused(_("The file is empty."))
    file.seek(0)
    head = file.read(HEAD_BYTES)
    kind = _kind(file, head)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in kind.extensions:
        endings = _(" or ").join(f".{ext}" for ext in kind.extensions)
        if extension:
            message = _(
                "The file's name ends in .%(ending)s, but its content is of another kind: %(kind)s. "
                "Check that it is the file you meant; if it is, rename it to end in %(endings)s."
            )
        else:
            message = _(
                "The file's name has no ending; its content is: %(kind)s. Rename it to end in %(endings)s."
            )
        raise DocumentRefused(message % {"ending": extension, "kind": kind.label, "endings": endings})
    if extension == "csv":
        _check_no_formulas(file)
    file.seek(0)
    return Judged(kind)


def _check_no_formulas(file) -> None:
    """Refuses a CSV file with a cell that a spreadsheet would run as a formula. Cells are split
    at every comma, semicolon and tab, whichever the file uses, so a doubt is a refusal."""
    file.seek(0)
    text = file.read().decode("utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        for cell in CSV_CELL.split(line):
            value = cell.lstrip(CELL_QUOTING)
            if value.startswith(FORMULA_PREFIXES) and not SIGNED_NUMBER.match(value):
                raise DocumentRefused(
                    _(
                        "Line %(line)s of the CSV file has a cell that a spreadsheet would run as a "
                        "formula (it starts with =, +, - or @). Save the values only, or attach "
                        "the file as a PDF."
                    )
                    % {"line": number}
                )


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    return size


def _kind(file, head: bytes) -> Kind:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(file)
    return _text_kind(file)


def not_accepted() -> DocumentRefused:
    return DocumentRefused(
        _("This kind of file cannot be attached. Attach a PDF, an Office document, an image or a text file.")
    )


def _zip_kind(file) -> Kind:
    if _zip_directory_too_large(file):
        raise zip_bomb()
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentRefused(_("The file is damaged or incomplete.")) from None
    with archive:
        entries = archive.infolist()
        _check_unpacked_size(entries)
        names = {entry.filename for entry in entries}
        if any(_runs_code(name) for name in names):
            raise macros_refused()
        if "[Content_Types].xml" in names:
            for part, kind in OOXML_PARTS:
                if part in names:
                    return kind
        if "mimetype" in names and "content.xml" in names:
            try:
                with archive.open("mimetype") as mimetype:
                    kind = ODF_TYPES.get(mimetype.read(ODF_MIMETYPE_BYTES).strip())
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                raise DocumentRefused(_("The file is damaged or incomplete.")) from None
            if kind is not None:
                return kind
    raise not_accepted()


def _runs_code(name: str) -> bool:
    lowered = name.lower()
    return lowered.rpartition("/")[2] in MACRO_PARTS or any(
        lowered.startswith(folder) or f"/{folder}" in lowered for folder in MACRO_FOLDERS
    )


def macros_refused() -> DocumentRefused:
    return DocumentRefused(_("Documents with macros cannot be attached. Save it without macros."))


def _check_unpacked_size(entries) -> None:
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    bomb = (
        len(entries) > MAX_ZIP_ENTRIES
        or unpacked > MAX_ZIP_UNCOMPRESSED_BYTES
        or (unpacked > RATIO_JUDGED_FROM_BYTES and unpacked > MAX_ZIP_RATIO * max(packed, 1))
        or any(
            entry.file_size > RATIO_JUDGED_FROM_BYTES
            and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1)
            for entry in entries
        )
    )
    if bomb:
        raise zip_bomb()


def zip_bomb() -> DocumentRefused:
    return DocumentRefused(_("The file unpacks to far more data than it holds, so it is not kept."))


def _zip_directory_too_large(file) -> bool:
    """Whether the zip's last record announces more entries, or a longer directory, than a
    document has. Python's zipfile reads a directory by its length, not by its count, so both are
    judged. A zip64 file, whose record cannot hold its figures, is too large: a document of a few
    megabytes never needs zip64."""
    size = _size(file)
    start = max(0, size - ZIP_END_SEARCHED_BYTES)
    file.seek(start)
    tail = file.read(size - start)
    at = tail.rfind(ZIP_END_SIGNATURE)
    if at < 0 or len(tail) - at < ZIP_END_RECORD.size:
        raise DocumentRefused(_("The file is damaged or incomplete."))
    record = ZIP_END_RECORD.unpack_from(tail, at)
    count, directory_bytes = record[4], record[5]
    return count > MAX_ZIP_ENTRIES or directory_bytes > MAX_ZIP_DIRECTORY_BYTES


def _ole2_kind(file) -> Kind:
    """An old Office file's kind by the streams its directory names. Each directory entry starts
    on a multiple of 128 bytes, whatever the file's sector size, so the entries are found
    without following the file's allocation chains."""
    file.seek(0)
    data = file.read()
    if any(_ole2_entry_types(data, name) for name in OLE2_MACRO_ENTRIES):
        raise macros_refused()
    for name, kind in OLE2_STREAMS:
        if OLE2_STREAM in _ole2_entry_types(data, name):
            return kind
    raise not_accepted()


def _ole2_entry_types(data: bytes, name: str) -> set[int]:
    """The types (storage, stream) of the directory entries named `name`."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    types = set()
    start = data.find(encoded)
    while start != -1:
        if start % OLE2_ENTRY_BYTES == 0 and len(data) >= start + 68:
            (name_bytes,) = struct.unpack_from("<H", data, start + 64)
            if name_bytes == len(encoded):
                types.add(data[start + 66])
        start = data.find(encoded, start + 1)
    return types


def _text_kind(file) -> Kind:
    file.seek(0)
    data = file.read()
    if TEXT_CONTROL.search(data):
        raise not_accepted()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentRefused(_("A text file must be in UTF-8. Save it as UTF-8 and try again.")) from None
    if MARKUP.search(data):
        raise DocumentRefused(
            _(
                "The file holds web page markup or a script (HTML, SVG, XML), which cannot be "
                "attached. Attach it as a PDF instead."
            )
        )
    return TEXT
