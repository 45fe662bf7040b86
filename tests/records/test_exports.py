"""Exports of the registers' lists: CSV and Excel, filtered and sorted as the list, streamed, safe."""

import csv
import datetime
import io
import logging
from decimal import Decimal, InvalidOperation

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import QuerySet
from django.db.models.sql import compiler
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl.utils.escape import unescape

from helsinki_intl.records.export import cells, columns, writers
from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.strategy.models import SDG
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory, OrgUnitFactory, PriorityFactory, UserFactory
from tests.partnerships.factories import PartnerFactory, PartnershipFactory

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def export(client, url_name: str, file_format: str, **params):
    return client.get(reverse(url_name), {**params, "export": file_format})


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff"), "a byte order mark tells Excel the file is UTF-8"
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))


def xlsx_cells(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows()]


def xlsx_rows(response) -> list[list]:
    return [[cell.value for cell in row] for row in xlsx_cells(response)]


def rows_of(response, file_format: str) -> list[list]:
    return csv_rows(response) if file_format == "csv" else xlsx_rows(response)


# Each register's list: rows, the list's filter and sorting, and the first column expected -----------


def memberships():
    MembershipFactory(network__name="Alpha")
    MembershipFactory(network__name="Beta", active=True)
    MembershipFactory(network__name="Gamma", active=True)
    return "networks:membership-list", {"status": "active", "sort": "-network"}, ["Gamma", "Beta"]


def networks():
    NetworkFactory(name="Aurora", kind="foundation")
    NetworkFactory(name="Boreal")
    NetworkFactory(name="Cirrus")
    return "networks:network-list", {"kind": "city_network", "sort": "-name"}, ["Cirrus", "Boreal"]


def partners():
    PartnerFactory(name="UNICEF", kind="un_agency")
    PartnerFactory(name="Oslo")
    PartnerFactory(name="Tallinn")
    return "partnerships:partner-list", {"kind": "city", "sort": "-name"}, ["Tallinn", "Oslo"]


def partnerships():
    PartnershipFactory(partner__name="Alpha")
    PartnershipFactory(partner__name="Beta", active=True)
    PartnershipFactory(partner__name="Gamma", active=True)
    return "partnerships:partnership-list", {"status": "active", "sort": "-partner"}, ["Gamma", "Beta"]


def applications():
    ApplicationFactory(project_name="Alpha", status="idea")
    ApplicationFactory(project_name="Beta")
    ApplicationFactory(project_name="Gamma")
    return "eu_projects:application-list", {"status": "preparing", "sort": "-project"}, ["Gamma", "Beta"]


def calls():
    horizon = ProgrammeFactory(name="Horizon Europe")
    CallFactory(identifier="LIFE-1")
    CallFactory(identifier="HORIZON-1", programme=horizon)
    CallFactory(identifier="HORIZON-2", programme=horizon)
    params = {"programme": "Horizon", "sort": "-identifier"}
    return "eu_projects:call-list", params, ["HORIZON-2", "HORIZON-1"]


def programmes():
    ProgrammeFactory(name="LIFE")
    ProgrammeFactory(name="Interreg Aurora")
    ProgrammeFactory(name="Interreg Baltic Sea Region")
    return (
        "eu_projects:programme-list",
        {"q": "Interreg", "sort": "-name"},
        [
            "Interreg Baltic Sea Region",
            "Interreg Aurora",
        ],
    )


def appropriations():
    for year in (2025, 2026, 2027):
        CoFinancingAppropriationFactory(year=year)
    return "eu_projects:cofinancingappropriation-list", {"sort": "year"}, [2025, 2026, 2027]


def bids():
    EventBidFactory(name="Alpha")
    EventBidFactory(name="Beta", status="for_decision")
    EventBidFactory(name="Gamma", status="for_decision")
    return "events:eventbid-list", {"status": "for_decision", "sort": "-name"}, ["Gamma", "Beta"]


def activities():
    ActivityFactory(title="Alpha")
    ActivityFactory(title="Beta", kind="campaign")
    ActivityFactory(title="Gamma", kind="campaign")
    return "activities:activity-list", {"kind": "campaign", "sort": "-title"}, ["Gamma", "Beta"]


REGISTERS = [
    memberships,
    networks,
    partners,
    partnerships,
    applications,
    calls,
    programmes,
    appropriations,
    bids,
    activities,
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("register", REGISTERS, ids=lambda register: register.__name__)
def test_each_list_exports_what_its_filters_and_sorting_give(strategy_client, register, file_format):
    url_name, params, expected = register()

    response = export(strategy_client, url_name, file_format, **params)

    assert response.status_code == 200
    header, *rows = rows_of(response, file_format)
    first_column = [row[0] for row in rows]
    if file_format == "csv":
        expected = [str(value) for value in expected]
    assert first_column == expected
    assert all(header), "every column has a header"


def test_an_export_has_every_page_of_the_list(strategy_client):
    for number in range(settings.PAGINATE_BY + 5):
        MembershipFactory(network__name=f"Network {number:02}")

    response = export(strategy_client, "networks:membership-list", "csv", page=2)

    assert len(csv_rows(response)) == 1 + settings.PAGINATE_BY + 5


def test_files_are_named_after_the_list_and_the_day(strategy_client):
    MembershipFactory()
    today = timezone.localdate().isoformat()

    csv_response = export(strategy_client, "networks:membership-list", "csv")
    xlsx_response = export(strategy_client, "networks:membership-list", "xlsx")

    assert csv_response["Content-Disposition"] == f'attachment; filename="memberships-{today}.csv"'
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="memberships-{today}.xlsx"' in xlsx_response["Content-Disposition"]
    assert xlsx_response["Content-Type"] == writers.FORMATS["xlsx"]


def test_values_are_written_as_numbers_dates_and_names(strategy_client, culture_unit):
    period_priority = PriorityFactory(name_en="Talent attraction")
    membership = MembershipFactory(
        network__name="Eurocities",
        owner_unit=culture_unit,
        annual_fee=Decimal("1234.50"),
        status="active",
        start_date=datetime.date(2024, 2, 1),
        next_review_due=datetime.date(2026, 3, 31),
    )
    membership.priorities.set([period_priority])
    membership.sdgs.set(SDG.objects.filter(number__in=[11, 13]))

    header, row = csv_rows(export(strategy_client, "networks:membership-list", "csv"))
    values = dict(zip(header, row, strict=True))
    xlsx_header, xlsx_row = xlsx_cells(export(strategy_client, "networks:membership-list", "xlsx"))
    cells_by_header = {title.value: cell for title, cell in zip(xlsx_header, xlsx_row, strict=True)}

    assert values["Annual fee (€)"] == "1234.50"
    assert values["Start date"] == "2024-02-01"
    assert values["Status"] == "Active"
    assert values["Owner unit"] == "Culture and Leisure Division"
    assert values["Priorities"] == "Talent attraction"
    assert values["Sustainable development goals"] == (
        "11. Sustainable cities and communities; 13. Climate action"
    )
    fee = cells_by_header["Annual fee (€)"]
    assert fee.data_type == "n" and fee.value == 1234.5 and fee.number_format == "#,##0.00"
    assert cells_by_header["Next review due"].value == datetime.datetime(2026, 3, 31)
    assert cells_by_header["Next review due"].is_date


def test_headers_and_values_follow_the_language(strategy_client):
    MembershipFactory(network__name="Eurocities", active=True)
    strategy_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"

    header, row = csv_rows(export(strategy_client, "networks:membership-list", "csv"))
    xlsx_header = xlsx_rows(export(strategy_client, "networks:membership-list", "xlsx"))[0]

    assert header[:2] == ["Verkosto", "Vastuuyksikkö"]
    assert "Tila" in header and "Vuotuinen jäsenmaksu (€)" in header
    assert xlsx_header == header
    assert "Aktiivinen" in row


# Formulas --------------------------------------------------------------------------------------


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


@pytest.fixture
def hostile_rows(db):
    """Memberships whose network names a spreadsheet would run, and a year with more granted than it has."""
    for value in HOSTILE:
        MembershipFactory(network__name=value)
    CoFinancingAppropriationFactory(year=2026, amount=Decimal("100.00"))
    ApplicationFactory(
        cofinancing_year=2026,
        cofinancing_requested=Decimal("300.00"),
        cofinancing_granted=Decimal("300.00"),
        status="granted",
    )


def test_csv_cells_never_start_a_formula(strategy_client, hostile_rows):
    rows = csv_rows(export(strategy_client, "networks:membership-list", "csv"))
    rows += csv_rows(export(strategy_client, "eu_projects:cofinancingappropriation-list", "csv"))

    for cell in (cell for row in rows for cell in row):
        assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), cell
    networks = [row[0] for row in rows[1 : 1 + len(HOSTILE)]]
    assert sorted(networks) == sorted(f"'{value}" for value in HOSTILE)
    assert "-200.00" in rows[-1], "a negative amount stays a number"


def test_xlsx_cells_are_never_formulas(strategy_client, hostile_rows):
    rows = xlsx_cells(export(strategy_client, "networks:membership-list", "xlsx"))
    rows += xlsx_cells(export(strategy_client, "eu_projects:cofinancingappropriation-list", "xlsx"))

    for cell in (cell for row in rows for cell in row):
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), cell.value
    # A carriage return is kept, written as the escape `_x000D_` that spreadsheets decode.
    networks = [unescape(row[0].value) for row in rows[1 : 1 + len(HOSTILE)]]
    assert sorted(networks) == sorted(f"'{value}" for value in HOSTILE)
    left = rows[-1][4]
    assert left.data_type == "n" and left.value == -200


def test_control_characters_are_dropped_before_the_formula_check():
    hostile = ["\x00", "\x00=1", "=1\x00", "ok\x07"]

    text = "".join(writers.csv_stream(["Name"], [[value] for value in hostile]))
    file = io.BytesIO()
    writers.write_xlsx(file, ["Name"], [[value] for value in hostile], title="Test")
    sheet = openpyxl.load_workbook(io.BytesIO(file.getvalue())).active

    csv_values = [row[0] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))][1:]
    xlsx_values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert csv_values == ["", "'=1", "'=1", "ok"]
    assert xlsx_values == [None, "'=1", "'=1", "ok"]


def test_numbers_are_not_neutralised():
    assert cells.csv_cell(Decimal("-2.50")) == "-2.50"
    assert cells.csv_cell(-3) == "-3"
    assert cells.csv_cell("-3") == "'-3"


# Streaming and queries -------------------------------------------------------------------------


def test_csv_is_streamed_chunk_by_chunk(strategy_client, monkeypatch):
    for number in range(6):
        MembershipFactory(network__name=f"Network {number}").priorities.set([PriorityFactory()])
    monkeypatch.setattr(columns, "CHUNK_SIZE", 2)
    monkeypatch.setattr(writers, "ROWS_PER_CHUNK", 1)
    iterated = []
    real_iterator = QuerySet.iterator

    def spy(queryset, *args, **kwargs):
        iterated.append(kwargs.get("chunk_size"))
        return real_iterator(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    fetched = []
    real_cursor_iter = compiler.cursor_iter

    def counted_fetches(cursor, sentinel, col_count, itersize):
        for rows in real_cursor_iter(cursor, sentinel, col_count, itersize):
            if itersize == columns.CHUNK_SIZE:  # the export's rows, not the records they name
                fetched.append(len(rows))
            yield rows

    monkeypatch.setattr(compiler, "cursor_iter", counted_fetches)

    response = export(strategy_client, "networks:membership-list", "csv")
    assert isinstance(response, StreamingHttpResponse)
    assert iterated == [], "nothing is read before the response is sent"
    stream = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as header_queries:
        header = next(stream).decode("utf-8")
    first_row = next(stream).decode("utf-8")
    fetched_for_the_first_row = list(fetched)
    remaining = list(stream)

    assert header.startswith("\ufeffNetwork,") and header.count("\r\n") == 1
    assert len(header_queries) == 0, "the header goes out before the list is read"
    assert first_row.startswith("Network ") and first_row.count("\r\n") == 1
    assert iterated == [2]
    assert fetched_for_the_first_row == [2], "later chunks are fetched only when the stream reaches them"
    assert len(remaining) == 5
    assert fetched == [2, 2, 2]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_takes_the_same_queries_for_5_or_50_rows(
    strategy_client, django_assert_max_num_queries, file_format
):
    priorities = [PriorityFactory(), PriorityFactory()]
    units = [OrgUnitFactory(), OrgUnitFactory()]
    sdgs = list(SDG.objects.all()[:2])

    def add(count: int) -> None:
        for _ in range(count):
            membership = MembershipFactory(responsible_person=UserFactory())
            membership.priorities.set(priorities)
            membership.participating_units.set(units)
            membership.sdgs.set(sdgs)

    def run():
        return rows_of(export(strategy_client, "networks:membership-list", file_format), file_format)

    add(5)
    with CaptureQueriesContext(connection) as five:
        assert len(run()) == 6
    add(45)
    with django_assert_max_num_queries(len(five)):
        assert len(run()) == 51


# Who may export --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = export(client, "networks:membership-list", "csv")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_format_is_not_found(strategy_client):
    assert export(strategy_client, "networks:membership-list", "pdf").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_responsible_persons_only_for_international_affairs(
    strategy_client, culture_client, culture_unit, file_format
):
    person = UserFactory(first_name="Aino", last_name="Virta", email="aino.virta@example.com")
    MembershipFactory(owner_unit=culture_unit, responsible_person=person)

    for_affairs = rows_of(export(strategy_client, "networks:membership-list", file_format), file_format)
    for_others = rows_of(export(culture_client, "networks:membership-list", file_format), file_format)

    assert "Responsible person" in for_affairs[0]
    assert "Aino Virta <aino.virta@example.com>" in for_affairs[1]
    assert "Responsible person" not in for_others[0]
    assert not any("Aino Virta" in str(cell) for cell in for_others[1])
    assert len(for_others[0]) == len(for_affairs[0]) - 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_person_without_an_e_mail_address_is_exported_with_the_user_name(strategy_client, file_format):
    MembershipFactory(
        responsible_person=UserFactory(username="avirta", first_name="Aino", last_name="Virta", email="")
    )

    rows = rows_of(export(strategy_client, "networks:membership-list", file_format), file_format)

    assert "Aino Virta <avirta>" in rows[1]


def test_the_list_links_to_its_exports_with_its_filters(culture_client, culture_unit):
    MembershipFactory(owner_unit=culture_unit, active=True)

    response = culture_client.get(
        reverse("networks:membership-list"), {"status": "active", "sort": "network", "page": 1}
    )

    page = response.content.decode()
    assert 'href="?status=active&amp;sort=network&amp;export=csv"' in page
    assert 'href="?status=active&amp;sort=network&amp;export=xlsx"' in page
    assert "leave out the responsible persons" in page


def test_international_affairs_are_not_told_of_left_out_columns(strategy_client):
    MembershipFactory()

    page = strategy_client.get(reverse("networks:membership-list")).content.decode()

    assert "export=csv" in page
    assert "leave out the responsible persons" not in page


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        if record.getMessage().startswith("export "):
            self.messages.append(record.getMessage())


@pytest.fixture
def audit_log():
    handler = _Records()
    logger = logging.getLogger("helsinki_intl.audit")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_export_is_logged(culture_client, audit_log, file_format):
    MembershipFactory(active=True)
    MembershipFactory()

    rows_of(export(culture_client, "networks:membership-list", file_format, status="active"), file_format)

    assert audit_log == [
        f"export list=memberships format={file_format} user=culture filters='status=active' rows=1 "
        "personal_data=False complete=True"
    ]


# The management command ------------------------------------------------------------------------


@pytest.fixture
def one_of_each(db):
    memberships()
    networks()
    partners()
    partnerships()
    applications()
    calls()
    programmes()
    appropriations()
    bids()
    activities()


@pytest.mark.parametrize("name", list_exports.names())
def test_the_command_exports_every_list_as_csv(one_of_each, name, audit_log):
    out = io.StringIO()

    call_command("export", "csv", name, "--language", "en", stdout=out)

    header, *rows = list(csv.reader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline="")))
    resource = list_exports.get(name)()
    assert header == [str(field.column_name) for field in resource.get_export_fields()]
    assert len(rows) == resource.get_queryset().count() > 0
    assert audit_log[-1].startswith(f"export list={name} format=csv user=")


@pytest.mark.parametrize("name", list_exports.names())
def test_the_command_exports_every_list_as_xlsx(one_of_each, name, tmp_path):
    output = tmp_path / f"{name}.xlsx"

    call_command("export", "xlsx", name, "--output", str(output), stderr=io.StringIO())

    sheet = openpyxl.load_workbook(output).active
    resource = list_exports.get(name)()
    assert sheet.max_row == 1 + resource.get_queryset().count()
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_command_neutralises_formulas(hostile_rows):
    out = io.StringIO()

    call_command("export", "csv", "memberships", stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline="")))
    assert all(not cell.startswith(FORMULA_STARTS) or _is_number(cell) for row in rows for cell in row)


def test_the_command_writes_in_the_language_asked(one_of_each):
    out = io.StringIO()

    call_command("export", "csv", "memberships", "--language", "fi", stdout=out)

    assert out.getvalue().removeprefix("\ufeff").startswith("Verkosto,Vastuuyksikkö,Vastuuhenkilö,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pdf", "memberships"], "Unknown format 'pdf'"),
        (["csv", "nonsense"], "Unknown list 'nonsense': use one of activities, applications,"),
        (["xlsx", "memberships"], "--output"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export", *args, stdout=io.StringIO())
