"""The quarterly summary: its figures over a known quarter, the page, the files and the command.

The quarter is 2026Q1. Every record's change history is dated explicitly, so that the figures
read "as they stood" at the end of the quarter differ from the records' current state; the
figures of decisions and outcomes are read from the status timelines, whose rows are noted here
as the steps would have noted them (`test_summary_timelines` makes them through every writer).
"""

import csv
import datetime
import io
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eu_projects.models import Application
from events.models import EventBid
from helsinki_intl.coordination.summary import (
    TOP_ROWS,
    Breakdown,
    BreakdownRow,
    Column,
    Period,
    breakdown_top,
    build_summary,
    current_quarter,
    last_full_quarter,
    recent_quarters,
)
from helsinki_intl.records.money import format_euros
from helsinki_intl.strategy.models import SDG
from networks.models import Membership, MembershipReview
from partnerships.models import Partnership
from tests.eu_projects.factories import ApplicationFactory, ApplicationStatusChangeFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, PriorityFactory, StrategyPeriodFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

Q1 = Period.parse_quarter("2026Q1")
HISTORY_MODELS = [Membership, Partnership, Application, EventBid]
URL = reverse("coordination:summary")


def at(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


@contextmanager
def dated(when: datetime.datetime):
    """Date the history rows written inside the block `when`."""
    before = timezone.now()
    yield
    for model in HISTORY_MODELS:
        model.history.filter(history_date__gte=before).update(history_date=when)


def change(record, when, **fields):
    with dated(when):
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()


def noted(record, from_status: str, status: str, on: datetime.date, **decision):
    """A row of the record's status timeline, noted on the day `on`."""
    return record.status_changes.create(from_status=from_status, status=status, changed_on=on, **decision)


def joined(unit, on: datetime.date = datetime.date(2026, 2, 1)) -> Membership:
    """A membership the city joined by a decision dated `on`."""
    membership = MembershipFactory(owner_unit=unit, status=Membership.Status.ACTIVE, start_date=on)
    noted(membership, "assessed", "active", on, decision_date=on)
    return membership


@pytest.fixture
def quarter(culture_unit, urban_unit):
    """Records inside and outside 2026Q1; the returned dict names the ones tests look at."""
    period = StrategyPeriodFactory(
        name="2025–2029", starts_on=datetime.date(2025, 8, 1), ends_on=datetime.date(2029, 7, 31)
    )
    talent = PriorityFactory(period=period, name_en="Talent attraction", order=1)
    climate = PriorityFactory(period=period, name_en="Climate", order=2)
    old_priority = PriorityFactory(name_en="Old period's priority")
    sdg11 = SDG.objects.get(number=11)
    reviewer = UserFactory(username="reviewer")

    with dated(at(2026, 2, 1)):
        started = MembershipFactory(
            network__name='=HYPERLINK("http://evil")',
            owner_unit=culture_unit,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2026, 2, 1),
            next_review_due=datetime.date(2027, 2, 1),
        )
        started.priorities.set([talent, old_priority])
        started.sdgs.set([sdg11])
    # Decided in the quarter, recorded after it: counted in the quarter of its decision.
    noted(started, "assessed", "active", datetime.date(2026, 4, 2), decision_date=datetime.date(2026, 2, 1))
    with dated(at(2025, 1, 1)):
        ended = MembershipFactory(
            owner_unit=urban_unit,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2020, 1, 1),
            next_review_due=datetime.date(2026, 9, 1),
        )
        ended.priorities.set([climate])
    change(ended, at(2026, 3, 31), status=Membership.Status.ENDED, end_date=datetime.date(2026, 3, 31))
    noted(ended, "", "active", datetime.date(2020, 1, 1), predates_portal=True)
    noted(ended, "active", "ended", datetime.date(2026, 3, 31), decision_date=datetime.date(2026, 3, 20))
    with dated(at(2025, 6, 1)):
        outside = MembershipFactory(
            owner_unit=culture_unit,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2025, 12, 31),
            end_date=datetime.date(2026, 4, 1),
            next_review_due=datetime.date(2026, 5, 1),
        )
        overdue = MembershipFactory(
            owner_unit=urban_unit,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2019, 1, 1),
            next_review_due=datetime.date(2026, 3, 15),
        )
        overdue.priorities.set([talent])
    # From before the portal: joined on its start date. Its end decided in the second quarter.
    noted(outside, "", "active", datetime.date(2025, 12, 31), predates_portal=True)
    noted(outside, "active", "ended", datetime.date(2026, 4, 1))
    noted(overdue, "", "active", datetime.date(2019, 1, 1), predates_portal=True)
    # Proposed to end and kept in the quarter: it did not join again.
    noted(overdue, "active", "ending", datetime.date(2026, 1, 10))
    noted(overdue, "ending", "active", datetime.date(2026, 2, 5))
    with dated(at(2026, 3, 5)):
        declined = MembershipFactory(owner_unit=urban_unit, status=Membership.Status.DECLINED)
        declined.priorities.set([climate])
    declined_on = datetime.date(2026, 3, 5)
    noted(declined, "assessed", "declined", declined_on, decision_date=declined_on)
    with dated(at(2025, 12, 20)):
        declined_before = MembershipFactory(owner_unit=urban_unit, status=Membership.Status.DECLINED)
    # Recorded in the quarter, decided before it.
    noted(
        declined_before,
        "assessed",
        "declined",
        datetime.date(2026, 1, 7),
        decision_date=datetime.date(2025, 12, 20),
    )
    # Reviewed after the quarter: overdue as it stood at the end of the quarter, not now.
    change(overdue, at(2026, 4, 10), next_review_due=datetime.date(2027, 4, 10))
    with dated(at(2026, 1, 1)):
        # Due on the quarter's last day: not yet overdue then.
        due_on_last_day = MembershipFactory(
            owner_unit=culture_unit,
            status=Membership.Status.ACTIVE,
            start_date=datetime.date(2019, 1, 1),
            next_review_due=datetime.date(2026, 3, 31),
        )
    for membership, day in [(started, datetime.date(2026, 3, 1)), (outside, datetime.date(2026, 4, 1))]:
        MembershipReview.objects.create(
            membership=membership,
            reviewed_on=day,
            reviewer=reviewer,
            benefit_assessment="Useful.",
            recommendation="continue",
        )

    with dated(at(2025, 10, 1)):
        PartnershipFactory(owner_unit=culture_unit, status=Partnership.Status.ACTIVE)
    with dated(at(2026, 1, 10)):
        explored = PartnershipFactory(owner_unit=urban_unit, status=Partnership.Status.EXPLORED)
    change(explored, at(2026, 5, 1), status=Partnership.Status.ACTIVE)
    with dated(at(2026, 6, 1)):
        PartnershipFactory(owner_unit=urban_unit, status=Partnership.Status.ACTIVE)

    with dated(at(2025, 9, 1)):
        submitted = ApplicationFactory(
            project_name="Submitted", owner_unit=culture_unit, eu_grant_requested=Decimal("800000.00")
        )
        submitted.priorities.set([talent])
        submitted.sdgs.set([sdg11])
        granted = ApplicationFactory(
            project_name="Granted",
            owner_unit=urban_unit,
            eu_grant_requested=Decimal("600000.00"),
            cofinancing_requested=Decimal("60000.00"),
            cofinancing_year=2026,
        )
        granted.priorities.set([climate])
        rejected = ApplicationFactory(project_name="Rejected", owner_unit=urban_unit)
        later = ApplicationFactory(project_name="Later", owner_unit=culture_unit)
    change(submitted, at(2026, 2, 10), status=Application.Status.SUBMITTED)
    change(
        granted,
        at(2026, 3, 1),
        status=Application.Status.GRANTED,
        eu_grant_granted=Decimal("500000.00"),
        cofinancing_granted=Decimal("50000.00"),
        cofinancing_decision=Application.CoFinancing.GRANTED,
    )
    granted.cofinancing_changes.create(
        from_status="requested",
        status="granted",
        amount=Decimal("50000.00"),
        changed_on=datetime.date(2026, 3, 1),
    )
    for application, status, day in [
        (submitted, "submitted", datetime.date(2026, 2, 10)),
        (granted, "submitted", datetime.date(2025, 11, 1)),
        (granted, "granted", datetime.date(2026, 3, 1)),
        (rejected, "submitted", datetime.date(2025, 10, 1)),
        (rejected, "rejected", datetime.date(2026, 1, 20)),
        (later, "submitted", datetime.date(2026, 4, 2)),
    ]:
        ApplicationStatusChangeFactory(application=application, status=status, changed_on=day)

    with dated(at(2026, 2, 15)):
        decided = EventBidFactory(
            decided=True,
            owner_unit=culture_unit,
            status=EventBid.Status.APPROVED,
            decision_date=datetime.date(2026, 2, 15),
        )
        decided.priorities.set([talent])
    # Recorded the day after the decision.
    noted(
        decided,
        "for_decision",
        "approved",
        datetime.date(2026, 2, 16),
        decision_date=datetime.date(2026, 2, 15),
    )
    with dated(at(2025, 12, 1)):
        decided_before = EventBidFactory(
            decided=True,
            owner_unit=culture_unit,
            status=EventBid.Status.DECLINED,
            decision_date=datetime.date(2025, 12, 1),
        )
        submitted = {"decided": True, "decision_date": datetime.date(2025, 10, 1), "status": "submitted"}
        won = EventBidFactory(owner_unit=urban_unit, **submitted)
        won_before = EventBidFactory(owner_unit=urban_unit, **submitted)
        lost = EventBidFactory(owner_unit=culture_unit, **submitted)
    # Decided before the quarter, recorded in it.
    noted(
        decided_before,
        "for_decision",
        "declined",
        datetime.date(2026, 1, 2),
        decision_date=datetime.date(2025, 12, 1),
    )
    for bid in (won, won_before, lost):
        decided_on = datetime.date(2025, 10, 1)
        noted(bid, "for_decision", "approved", decided_on, decision_date=decided_on)
        noted(bid, "approved", "submitted", datetime.date(2025, 10, 15))
    change(won, at(2026, 3, 10), status=EventBid.Status.WON)
    noted(won, "submitted", "won", datetime.date(2026, 3, 10))
    change(won_before, at(2025, 11, 1), status=EventBid.Status.WON)
    noted(won_before, "submitted", "won", datetime.date(2025, 11, 1))
    change(won_before, at(2026, 2, 1), status=EventBid.Status.HELD)
    noted(won_before, "won", "held", datetime.date(2026, 2, 1))
    change(lost, at(2026, 1, 5), status=EventBid.Status.LOST)
    noted(lost, "submitted", "lost", datetime.date(2026, 1, 5))

    return {
        "started": started,
        "ended": ended,
        "outside": outside,
        "overdue": overdue,
        "due_on_last_day": due_on_last_day,
        "talent": talent,
        "climate": climate,
        "old_priority": old_priority,
        "sdg11": sdg11,
    }


EXPECTED = {
    "memberships_joined": 1,
    "memberships_ended": 1,
    "memberships_declined": 1,
    "memberships_reviewed": 1,
    "memberships_overdue": 1,
    "partnerships_active": 1,
    "partnerships_explored": 1,
    "applications_submitted": 1,
    "applications_granted": 1,
    "applications_rejected": 1,
    "eu_grant_requested": Decimal("800000.00"),
    "eu_grant_granted": Decimal("500000.00"),
    "cofinancing_granted": Decimal("50000.00"),
    "bids_decided": 1,
    "bids_won": 1,
    "bids_lost": 1,
}


def test_figures_count_what_happened_in_the_quarter(quarter):
    summary = build_summary(Q1)

    for key, value in EXPECTED.items():
        assert summary.value(key) == value, key
    other_statuses = [
        s
        for s in Partnership.Status.values
        if s not in (Partnership.Status.ACTIVE, Partnership.Status.EXPLORED)
    ]
    assert [summary.value(f"partnerships_{s}") for s in other_statuses] == [0] * len(other_statuses)


def test_figures_of_another_quarter_exclude_the_first(quarter):
    summary = build_summary(Period.parse_quarter("2026Q2"))

    assert summary.value("memberships_joined") == 0
    assert summary.value("memberships_ended") == 1
    assert summary.value("memberships_declined") == 0
    assert summary.value("memberships_reviewed") == 1
    # Still active after their review dates: one due on 31 March, one on 1 May.
    assert summary.value("memberships_overdue") == 2
    assert summary.value("partnerships_active") == 3
    assert summary.value("applications_submitted") == 1
    assert summary.value("applications_granted") == 0
    assert summary.value("eu_grant_requested") == Decimal("800000.00")
    assert summary.value("cofinancing_granted") == Decimal("0.00")
    assert summary.value("bids_decided") == 0
    assert summary.value("bids_won") == 0


def test_figures_of_the_quarter_before_count_its_decisions_recorded_later(quarter):
    summary = build_summary(Period.parse_quarter("2025Q4"))

    # Joined on its start date, from before the portal.
    assert summary.value("memberships_joined") == 1
    assert summary.value("memberships_declined") == 1
    assert summary.value("bids_decided") == 4
    assert summary.value("bids_won") == 1


def _breakdown(summary, title: str) -> dict:
    breakdown = next(b for b in summary.breakdowns if str(b.title) == title)
    keys = [column.key for column in summary.breakdown_columns]
    return {row.label: dict(zip(keys, row.values, strict=True)) for row in breakdown.rows}


def test_breakdowns_count_by_current_priority_unit_and_sdg(quarter):
    summary = build_summary(Q1)

    by_priority = _breakdown(summary, "By priority")
    assert list(by_priority) == ["Talent attraction", "Climate"]
    talent, climate = by_priority["Talent attraction"], by_priority["Climate"]
    assert (talent["memberships_joined"], talent["memberships_overdue"], talent["memberships_reviewed"]) == (
        1,
        1,
        1,
    )
    assert talent["applications_submitted"] == 1
    assert talent["eu_grant_requested"] == Decimal("800000.00")
    assert talent["bids_decided"] == 1
    assert (climate["memberships_ended"], climate["memberships_declined"]) == (1, 1)
    assert climate["applications_granted"] == 1
    assert climate["eu_grant_granted"] == Decimal("500000.00")
    assert climate["cofinancing_granted"] == Decimal("50000.00")
    assert climate["memberships_joined"] == 0
    assert talent["memberships_declined"] == 0

    by_unit = _breakdown(summary, "By owner unit")
    culture, urban = by_unit["Culture and Leisure Division"], by_unit["Urban Environment Division"]
    assert (culture["memberships_joined"], culture["bids_decided"], culture["bids_lost"]) == (1, 1, 1)
    assert (urban["memberships_ended"], urban["memberships_overdue"], urban["bids_won"]) == (1, 1, 1)
    assert (urban["memberships_joined"], urban["memberships_declined"], urban["bids_decided"]) == (0, 1, 0)
    assert culture["cofinancing_granted"] == Decimal("0.00")
    assert urban["cofinancing_granted"] == Decimal("50000.00")
    assert (urban["applications_granted"], urban["applications_rejected"]) == (1, 1)
    assert culture["applications_submitted"] == 1

    by_sdg = _breakdown(summary, "By SDG")
    assert len(by_sdg) == 17
    sdg11 = by_sdg[str(quarter["sdg11"])]
    assert (sdg11["memberships_joined"], sdg11["applications_submitted"]) == (1, 1)
    assert sum(row["memberships_joined"] for row in by_sdg.values()) == 1


def test_page_shows_the_figures_with_download_links(strategy_client, quarter):
    response = strategy_client.get(URL, {"quarter": "2026Q1"})

    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.period == Q1
    for key, value in EXPECTED.items():
        assert summary.value(key) == value
    html = response.content.decode()
    assert '<td data-figure="memberships_joined">1</td>' in html
    assert f'data-figure="eu_grant_requested">{format_euros(Decimal("800000"))}<' in html
    assert "?quarter=2026Q1&amp;download=xlsx" in html
    assert "?quarter=2026Q1&amp;download=csv" in html
    assert "Decisions to join dated in the range;" in html


def test_page_takes_a_custom_range_and_keeps_it_in_the_links(strategy_client, quarter):
    response = strategy_client.get(URL, {"start": "2026-02-01", "end": "2026-02-28"})

    summary = response.context["summary"]
    assert summary.period == Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert summary.value("memberships_joined") == 1
    assert summary.value("memberships_ended") == 0
    assert summary.value("bids_decided") == 1
    assert (
        "quarter=custom&amp;start=2026-02-01&amp;end=2026-02-28&amp;download=xlsx"
        in response.content.decode()
    )


def test_page_defaults_to_the_last_full_quarter(strategy_client, db):
    response = strategy_client.get(URL)

    assert response.context["summary"].period == last_full_quarter()
    assert len(recent_quarters()) == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"quarter": "custom", "start": "2026-03-01", "end": "2026-02-01"}, "end"),
        ({"quarter": "custom", "start": "2023-01-01", "end": "2026-01-01"}, "end"),
        ({"quarter": "custom", "start": "2026-03-01"}, None),
        ({"quarter": "2026Q5"}, "quarter"),
    ],
)
def test_page_refuses_a_bad_range(strategy_client, db, params, field):
    response = strategy_client.get(URL, {**params, "download": "xlsx"})

    assert response.status_code == 200
    assert response.context["summary"] is None
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors


def test_only_international_affairs_sees_the_summary(
    client, coordinator_client, culture_client, strategy_client
):
    assert strategy_client.get(URL).status_code == 200
    assert coordinator_client.get(URL).status_code == 403
    assert culture_client.get(URL, {"download": "xlsx"}).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_nav_links_to_reports_for_those_who_may(strategy_client, culture_client):
    assert f'href="{URL}"' in strategy_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' not in culture_client.get(reverse("home")).content.decode()


def _sheet_rows(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(values_only=True))


def _figure_values(workbook) -> list:
    """The summary sheet's figures: the rows with a value and an explanation."""
    rows = _sheet_rows(workbook, "Summary")
    return [row[1] for row in rows if len(row) == 3 and row[2] and row[0] != "Figure"]


def test_workbook_matches_the_page_and_lists_the_records_changed(strategy_client, quarter):
    page = strategy_client.get(URL, {"quarter": "2026Q1"}).context["summary"]
    response = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="international-summary-2026Q1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == [
        "Summary",
        "Memberships",
        "Partnerships",
        "EU applications",
        "Event bids",
        "Planned activities",
    ]
    assert _figure_values(workbook) == [
        figure.value for section in page.sections for figure in section.figures
    ]

    memberships = _sheet_rows(workbook, "Memberships")
    assert memberships[0][0] == "Network"
    networks = sorted(row[0] for row in memberships[1:])
    # Joined (history in range), ended (changed on the last day), due on the last day (created on
    # 1 January), declined (created in March).
    assert len(networks) == 4
    assert '\'=HYPERLINK("http://evil")' in networks
    assert quarter["outside"].network.name not in networks
    assert quarter["overdue"].network.name not in networks
    applications = {row[0] for row in _sheet_rows(workbook, "EU applications")[1:]}
    assert applications == {"Submitted", "Granted"}
    # Decided, won, lost, and the bid held after winning before the quarter.
    assert len(_sheet_rows(workbook, "Event bids")) == 1 + 4
    assert len(_sheet_rows(workbook, "Partnerships")) == 1 + 1


def test_each_sheet_shows_its_headers_whole_and_keeps_them_in_view(strategy_client, quarter):
    response = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.column_dimensions["A"].width == 40
        for cell in sheet[1][1:]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert min(len(str(cell.value)), 36) < width <= 40, (sheet.title, cell.value, width)


def test_csv_zip_has_one_file_per_sheet(strategy_client, quarter):
    response = strategy_client.get(URL, {"quarter": "2026Q1", "download": "csv"})

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        "Summary.csv",
        "Memberships.csv",
        "Partnerships.csv",
        "EU applications.csv",
        "Event bids.csv",
        "Planned activities.csv",
    ]
    summary = list(csv.reader(io.StringIO(archive.read("Summary.csv").decode("utf-8-sig"))))
    assert ["Joined", "1"] in [row[:2] for row in summary]
    assert ["Proposals declined", "1"] in [row[:2] for row in summary]
    assert ["EU grant granted (€)", "500000.00", "Of the applications granted in the range."] in summary
    memberships = archive.read("Memberships.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in memberships


def test_page_reads_the_figures_from_the_cache_until_the_data_changes(strategy_client, quarter, culture_unit):
    with CaptureQueriesContext(connection) as first:
        strategy_client.get(URL, {"quarter": "2026Q1"})
    with CaptureQueriesContext(connection) as again:
        response = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"})

    assert response.status_code == 200
    figure_queries = [query for query in first.captured_queries if "UNION ALL" in query["sql"]]
    assert figure_queries
    assert not [query for query in again.captured_queries if "UNION ALL" in query["sql"]]

    joined(culture_unit)
    response = strategy_client.get(URL, {"quarter": "2026Q1"})
    assert response.context["summary"].value("memberships_joined") == EXPECTED["memberships_joined"] + 1


def test_the_page_s_tables_and_the_files_are_made_once_until_the_data_changes(
    strategy_client, quarter, culture_unit
):
    started = EXPECTED["memberships_joined"]
    page = strategy_client.get(URL, {"quarter": "2026Q1"}).content.decode()
    assert f'data-figure="memberships_joined">{started}<' in page
    with CaptureQueriesContext(connection) as first:
        workbook = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"}).content
    with CaptureQueriesContext(connection) as again:
        assert strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"}).content == workbook
    assert len(again) < len(first), "the records that changed are read once"

    joined(culture_unit)

    page = strategy_client.get(URL, {"quarter": "2026Q1"}).content.decode()
    assert f'data-figure="memberships_joined">{started + 1}<' in page

    def figures(content: bytes) -> list:
        return _figure_values(load_workbook(io.BytesIO(content), read_only=True))

    now = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"}).content
    # The join, and its annual fee (the factory's €1,000) among the fees of the memberships held.
    assert sum(figures(now)) == sum(figures(workbook)) + 1 + 1000


def _add_records(count: int, unit) -> None:
    for _ in range(count):
        joined(unit).sdgs.set([SDG.objects.get(number=3)])
        ApplicationStatusChangeFactory(
            application__owner_unit=unit, status="submitted", changed_on=datetime.date(2026, 2, 2)
        )
        bid = EventBidFactory(owner_unit=unit, decided=True, decision_date=datetime.date(2026, 2, 3))
        noted(bid, "for_decision", "approved", datetime.date(2026, 2, 3), decision_date=bid.decision_date)


def test_the_figures_take_the_same_number_of_queries_however_many_records(
    quarter, culture_unit, django_assert_num_queries
):
    _add_records(1, culture_unit)
    with CaptureQueriesContext(connection) as few:
        build_summary(Q1)

    _add_records(10, culture_unit)
    with django_assert_num_queries(len(few)):
        summary = build_summary(Q1)
    assert summary.value("memberships_joined") == 12
    assert summary.value("bids_decided") == 12
    assert len(few) <= 2


@pytest.mark.parametrize("download", ["xlsx", "csv"])
def test_the_files_take_the_same_number_of_queries_however_many_records(
    strategy_client, quarter, culture_unit, download
):
    counts = []
    for more in (1, 10):
        with dated(at(2026, 2, 1)):
            _add_records(more, culture_unit)
        strategy_client.get(URL, {"quarter": "2026Q1"})  # notes the session's activity
        # The files are cached: with the caches empty the request writes them, row by row.
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = strategy_client.get(URL, {"quarter": "2026Q1", "download": download})
        assert response.status_code == 200
        counts.append(len(captured))

    assert counts[1] == counts[0]


def test_command_writes_the_workbook_and_the_zip(quarter, tmp_path):
    workbook_path = tmp_path / "summary.xlsx"
    zip_path = tmp_path / "summary.zip"

    call_command("quarterly_summary", "2026Q1", "--output", str(workbook_path), stdout=io.StringIO())
    call_command(
        "quarterly_summary", "2026q1", "--format", "csv", "--output", str(zip_path), stdout=io.StringIO()
    )

    workbook = load_workbook(workbook_path, read_only=True)
    assert _figure_values(workbook) == [
        figure.value for section in build_summary(Q1).sections for figure in section.figures
    ]
    assert Decimal("50000.00") in _figure_values(workbook)
    assert len(zipfile.ZipFile(zip_path).namelist()) == 6


@pytest.mark.parametrize("text", ["2026Q5", "2026-Q1", "Q1 2026", ""])
def test_command_refuses_a_bad_quarter(db, text):
    with pytest.raises(CommandError, match="Not a quarter"):
        call_command("quarterly_summary", text, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2025q4", datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
    ],
)
def test_quarters_parse(text, start, end):
    assert Period.parse_quarter(text) == Period(start, end)


def test_the_current_quarter_is_offered_first_and_its_figures_so_far_are_shown(strategy_client, db):
    today = timezone.localdate()
    current = current_quarter()
    assert current.start <= today <= current.end

    response = strategy_client.get(reverse("coordination:summary"), {"quarter": current.quarter_code})

    assert response.status_code == 200
    assert response.context["summary"].period == current
    choices = response.context["form"].fields["quarter"].choices
    assert choices[0] == (current.quarter_code, f"{current.quarter_code} (so far)")
    assert choices[1][0] == last_full_quarter().quarter_code


def test_last_full_quarter_and_the_quarters_before():
    assert last_full_quarter(datetime.date(2026, 1, 15)) == Period.parse_quarter("2025Q4")
    assert last_full_quarter(datetime.date(2026, 7, 1)) == Period.parse_quarter("2026Q2")
    quarters = recent_quarters(3, today=datetime.date(2026, 5, 1))
    assert [q.quarter_code for q in quarters] == ["2026Q1", "2025Q4", "2025Q3"]


# The breakdowns: their top rows and key figures on the page, each whole table on a page of its own


class Tables(HTMLParser):
    """A page's tables: each one's caption, header cells and rows, as the texts of their cells."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._text: list[str] | None = None
        self._row: list[str] = []
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"attrs": dict(attrs), "caption": "", "header": [], "rows": []})
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("caption", "th", "td"):
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td") and self._text is not None:
            text = " ".join("".join(self._text).split())
            self._text = None
            if tag == "caption":
                self.tables[-1]["caption"] = text
            else:
                self._row.append(text)
        elif tag == "thead":
            self._in_head = False
        elif tag == "tr" and self.tables:
            self.tables[-1]["header" if self._in_head else "rows"].append(self._row)


def breakdown_tables(html: str) -> dict[str, dict]:
    """The breakdowns' tables of a page by their names in the URLs: caption, header and rows."""
    tables = {}
    for table in Tables(html).tables:
        if "data-breakdown" in table["attrs"]:
            tables[table["attrs"]["data-breakdown"]] = {**table, "header": table["header"][0]}
    return tables


def euros(value: str) -> str:
    return " ".join(format_euros(Decimal(value)).split())


def whole_table_url(slug: str) -> str:
    return reverse("coordination:summary-breakdown", args=[slug])


KEY_HEADER = [
    "Name",
    "Memberships joined",
    "Memberships reviewed",
    "Membership reviews overdue",
    "EU applications submitted",
    "EU grant granted (€)",
    "Event bids won",
    "Activities taking place",
    "Counts added up",
]


def test_each_breakdown_on_the_page_shows_the_key_figures_of_its_top_rows(strategy_client, quarter):
    response = strategy_client.get(URL, {"quarter": "2026Q1"})

    tables = breakdown_tables(response.content.decode())
    assert list(tables) == ["by-priority", "by-owner-unit", "by-sdg"]
    assert {slug: table["header"] for slug, table in tables.items()} == dict.fromkeys(tables, KEY_HEADER)
    # Two priorities and two units: every row, in the table's own order.
    by_priority = tables["by-priority"]
    assert by_priority["caption"] == "By priority"
    assert by_priority["rows"] == [
        # Joined, reviewed, overdue, submitted, EU grant granted, won; and the counts added up:
        # those and a bid decided.
        ["Talent attraction", "1", "1", "1", "1", euros("0"), "0", "0", "5"],
        # Ended, declined and granted: none of them a key figure.
        ["Climate", "0", "0", "0", "0", euros("500000"), "0", "0", "3"],
    ]
    assert [row[0] for row in tables["by-owner-unit"]["rows"]] == [
        "Culture and Leisure Division",
        "Urban Environment Division",
    ]
    # Seventeen goals: of them the one with anything counted.
    by_sdg = tables["by-sdg"]
    assert by_sdg["caption"] == "By SDG: top 1 of 17"
    assert by_sdg["rows"] == [[str(quarter["sdg11"]), "1", "1", "0", "1", euros("0"), "0", "0", "3"]]


def test_a_breakdown_with_nothing_counted_says_so(strategy_client, quarter):
    tables = breakdown_tables(strategy_client.get(URL, {"quarter": "2024Q1"}).content.decode())

    assert tables["by-sdg"]["caption"] == "By SDG"
    assert tables["by-sdg"]["rows"] == [["Nothing counted in the range."]]
    assert tables["by-priority"]["rows"][0][1:] == ["0", "0", "0", "0", euros("0"), "0", "0", "0"]


def test_the_top_rows_are_those_with_the_most_counted_most_first():
    columns = [Column("a", "A", key_figure=True), Column("b", "B"), Column("c", "C (€)", key_figure=True)]
    values = [
        [0, 0, Decimal("0.00")],  # nothing counted: left out
        [1, 0, Decimal("0.00")],
        [0, 3, Decimal("0.00")],  # the most, in a column the page leaves out
        [1, 0, Decimal("100.00")],  # as many as the second row: after it, euros or not
        [2, 0, Decimal("0.00")],
        [0, 0, Decimal("5.00")],  # euros only: nothing counted, left out
        [1, 0, Decimal("0.00")],  # as the second row: after it
        [0, 1, Decimal("0.00")],  # the sixth row with anything counted: not shown
    ]
    breakdown = Breakdown(
        "by-test", "By test", [BreakdownRow(f"row {n}", row) for n, row in enumerate(values)]
    )

    top = breakdown_top(breakdown, columns)

    assert TOP_ROWS == 5
    assert top.ranked
    assert top.total == 8
    assert [row.label for row in top.rows] == ["row 2", "row 4", "row 1", "row 3", "row 6"]
    assert top.rows[0].cells == [(0, False), (Decimal("0.00"), True)]
    assert top.rows[0].counted == 3
    assert top.rows[3].cells == [(1, False), (Decimal("100.00"), True)]

    short = breakdown_top(Breakdown("by-test", "By test", breakdown.rows[:TOP_ROWS]), columns)
    assert not short.ranked
    assert [row.label for row in short.rows] == [f"row {n}" for n in range(TOP_ROWS)]


@pytest.mark.parametrize(
    ("params", "query"),
    [
        ({"quarter": "2026Q1"}, "quarter=2026Q1"),
        # Older than the quarters the select offers.
        ({"quarter": "2019q2"}, "quarter=2019Q2"),
        (
            {"quarter": "custom", "start": "2026-02-01", "end": "2026-02-28"},
            "quarter=custom&start=2026-02-01&end=2026-02-28",
        ),
    ],
)
def test_each_breakdown_links_to_its_whole_table_of_the_same_range(strategy_client, quarter, params, query):
    page = strategy_client.get(URL, params)
    html = page.content.decode()

    for slug, title in [
        ("by-priority", "By priority"),
        ("by-owner-unit", "By owner unit"),
        ("by-sdg", "By SDG"),
    ]:
        href = f"{whole_table_url(slug)}?{query}"
        assert (
            f'<a href="{href.replace("&", "&amp;")}">{title}: the whole table, every row and figure</a>'
            in html
        )
        whole = strategy_client.get(href)
        assert whole.status_code == 200
        assert whole.context["summary"].period == page.context["summary"].period


def test_the_whole_table_has_every_row_and_figure(strategy_client, quarter):
    response = strategy_client.get(whole_table_url("by-sdg"), {"quarter": "2026Q1"})

    assert response.status_code == 200
    summary = response.context["summary"]
    columns = summary.breakdown_columns
    assert len(columns) == 20
    html = response.content.decode()
    assert "<title>By SDG – Quarterly summary" in html
    assert "Quarterly summary, 01/01/2026–31/03/2026" in html
    assert f'<a href="{URL}?quarter=2026Q1">Quarterly summary</a>' in html
    assert f'<a href="{URL}?quarter=2026Q1">Back to the summary</a>' in html
    assert f'href="{URL}?quarter=2026Q1&amp;download=xlsx"' in html
    table = breakdown_tables(html)["by-sdg"]
    assert table["caption"] == "By SDG: the whole table, 17 rows"
    assert table["header"] == ["Name", *(str(column.label) for column in columns)]
    assert len(table["rows"]) == 17
    sdg11 = next(row for row in table["rows"] if row[0] == str(quarter["sdg11"]))
    by_key = dict(zip((column.key for column in columns), sdg11[1:], strict=True))
    assert by_key["memberships_joined"] == "1"
    assert by_key["applications_submitted"] == "1"
    assert by_key["eu_grant_requested"] == euros("800000")
    assert by_key["bids_won"] == "0"
    whole = summary.breakdown("by-sdg")
    assert [row[0] for row in table["rows"]] == [row.label for row in whole.rows]


def test_the_whole_table_by_unit_lists_every_unit_with_records(strategy_client, quarter):
    response = strategy_client.get(
        whole_table_url("by-owner-unit"), {"start": "2026-02-01", "end": "2026-02-28"}
    )

    table = breakdown_tables(response.content.decode())["by-owner-unit"]
    rows = {row[0]: row[1:] for row in table["rows"]}
    assert list(rows) == ["Culture and Leisure Division", "Urban Environment Division"]
    assert len(rows["Culture and Leisure Division"]) == 20
    # February: the culture unit's join and its bid decided.
    assert rows["Culture and Leisure Division"][0] == "1"


@pytest.mark.parametrize(
    ("slug", "params", "field"),
    [
        ("by-sdg", {"quarter": "2026Q5"}, "quarter"),
        ("by-sdg", {"quarter": "99999999999999999999Q1"}, "quarter"),
        ("by-priority", {"quarter": "custom", "start": "yesterday", "end": "2026-01-01"}, "start"),
        ("by-owner-unit", {"quarter": "custom", "start": "1800-01-01", "end": "1800-02-01"}, "start"),
        ("by-owner-unit", {"quarter": "custom", "start": "2026-03-01", "end": "2026-02-01"}, "end"),
        ("by-owner-unit", {"quarter": "custom", "start": "2026-03-01"}, None),
    ],
)
def test_the_whole_table_of_a_bad_range_shows_the_form_with_what_is_wrong(
    strategy_client, db, slug, params, field
):
    response = strategy_client.get(whole_table_url(slug), params)

    assert response.status_code == 200
    assert response.context["summary"] is None
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
    html = response.content.decode()
    assert breakdown_tables(html) == {}
    assert f'<a href="{URL}">Back to the summary</a>' in html


@pytest.mark.parametrize("slug", ["by-nothing", "BY-SDG", "by_sdg", "sdgs"])
def test_an_unknown_breakdown_is_not_found(strategy_client, db, slug):
    assert strategy_client.get(whole_table_url(slug), {"quarter": "2026Q1"}).status_code == 404


def test_only_international_affairs_sees_the_whole_tables(
    client, coordinator_client, culture_client, strategy_client, db
):
    url = whole_table_url("by-owner-unit")

    assert strategy_client.get(url).status_code == 200
    assert coordinator_client.get(url).status_code == 403
    assert culture_client.get(url, {"quarter": "2026Q1"}).status_code == 403
    assert coordinator_client.get(whole_table_url("by-nothing")).status_code == 403
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_whole_table_reads_the_summary_from_the_cache_until_the_data_changes(
    strategy_client, quarter, culture_unit
):
    url = whole_table_url("by-owner-unit")
    strategy_client.get(URL, {"quarter": "2026Q1"})

    with CaptureQueriesContext(connection) as whole:
        response = strategy_client.get(url, {"quarter": "2026Q1"})

    assert not [query for query in whole.captured_queries if "UNION ALL" in query["sql"]]
    culture = breakdown_tables(response.content.decode())["by-owner-unit"]["rows"][0]
    assert culture[:2] == ["Culture and Leisure Division", "1"]

    joined(culture_unit, on=datetime.date(2026, 2, 2))

    for page in (
        strategy_client.get(url, {"quarter": "2026Q1"}),
        strategy_client.get(URL, {"quarter": "2026Q1"}),
    ):
        culture = breakdown_tables(page.content.decode())["by-owner-unit"]["rows"][0]
        assert culture[:2] == ["Culture and Leisure Division", "2"]


def test_the_workbook_keeps_every_row_and_figure_of_the_breakdowns(strategy_client, quarter):
    response = strategy_client.get(URL, {"quarter": "2026Q1", "download": "xlsx"})

    rows = _sheet_rows(load_workbook(io.BytesIO(response.content), read_only=True), "Summary")
    summary = build_summary(Q1)
    labels = [str(column.label) for column in summary.breakdown_columns]
    for title, count in [("By priority", 2), ("By owner unit", 2), ("By SDG", 17)]:
        start = rows.index((title, *labels))
        assert len(labels) == 20
        table = rows[start + 1 : start + 1 + count]
        assert all(len(row) == 21 and row[0] for row in table)
    by_sdg = rows[rows.index(("By SDG", *labels)) + 1 :][:17]
    assert [row[0] for row in by_sdg] == [str(sdg) for sdg in SDG.objects.order_by("number")]
