"""The demo's documents: a decision (PDF) and the minutes of a meeting (text) on the first record
of each kind units own, attached by international affairs through the write path, so that the
records' pages, histories and followers' notifications show them. Safe to run again."""

from django.core.files.base import ContentFile

from helsinki_intl.organisation.models import User
from helsinki_intl.records.attached import attachable_models

from .models import Document
from .services import document_add


def pdf(text: str) -> bytes:
    """A one-page PDF showing one line of (ASCII) text."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def documents_for(record) -> list[tuple[str, bytes]]:
    title = str(record).encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    return [
        ("Decision HEL 2025-000123.pdf", pdf(f"Decision on {title} - illustrative demo document")),
        (
            "Minutes of the coordination group.txt",
            f"Minutes (demo)\n\nThe coordination group discussed {record}.\nNext steps agreed.\n".encode(),
        ),
    ]


def load() -> None:
    if Document.objects.exists():
        return
    strategy = User.objects.filter(username="strategy").first()
    if strategy is None:
        return
    for model in attachable_models().values():
        record = model._default_manager.order_by("pk").first()
        if record is None:
            continue
        for name, data in documents_for(record):
            document_add(record=record, file=ContentFile(data, name=name), name=name, by=strategy, via="demo")
