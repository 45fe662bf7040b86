"""Hostile XLSX files, each made from a small valid workbook with one part changed."""

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
BOMB_DTD = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
EXTERNAL_DTD = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Verkosto", "Omistajayksikkö"])
    book.active.append(["Eurocities", "kuva"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def with_part(name: str, change, data: bytes | None = None) -> bytes:
    """The workbook with the part `name` changed (or added: `change` gets b"")."""
    source = zipfile.ZipFile(io.BytesIO(data or workbook()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        names = source.namelist()
        for entry in names:
            body = source.read(entry)
            archive.writestr(entry, change(body) if entry == name else body)
        if name not in names:
            archive.writestr(name, change(b""))
    return output.getvalue()


def cut_off_sheet() -> bytes:
    return with_part(SHEET, lambda xml: xml[: len(xml) // 2])


def million_columns() -> bytes:
    """A header row of a million cells that name no column: each one the next."""
    return with_part(SHEET, lambda xml: xml.replace(b'<row r="1">', b'<row r="1">' + b"<c/>" * 1_000_000))


def shared_string_pointing_nowhere() -> bytes:
    return with_part(
        SHEET,
        lambda xml: xml.replace(
            b'<c r="A2" t="inlineStr"><is><t>Eurocities</t></is></c>', b'<c r="A2" t="s"><v>99</v></c>'
        ),
    )


def entity_bomb_in_sheet() -> bytes:
    return with_part(SHEET, lambda xml: BOMB_DTD + xml.replace(b"<t>Eurocities", b"<t>&d;", 1))


def external_entity_in_sheet() -> bytes:
    return with_part(SHEET, lambda xml: EXTERNAL_DTD + xml.replace(b"<t>Eurocities", b"<t>&e;", 1))


def entity_bomb_in_shared_strings() -> bytes:
    """A shared-strings part the workbook names, made of an entity bomb."""
    strings = BOMB_DTD + (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&d;</t></si></sst>'
    )
    data = with_part(SHARED_STRINGS, lambda _xml: strings)
    data = with_part(
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        data,
    )
    return with_part(
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        ),
        data,
    )


def rows_beyond_excel() -> bytes:
    return with_part(SHEET, lambda xml: xml.replace(b'<row r="2">', b'<row r="99999999999">'))


HOSTILE_WORKBOOKS = {
    "cut-off sheet": cut_off_sheet,
    "a million columns": million_columns,
    "shared string pointing nowhere": shared_string_pointing_nowhere,
    "entity bomb in the sheet": entity_bomb_in_sheet,
    "external entity in the sheet": external_entity_in_sheet,
    "entity bomb in the shared strings": entity_bomb_in_shared_strings,
    "rows beyond Excel's last": rows_beyond_excel,
}
