"""The EU funding register's portal pages: lists, filters, details, forms, deletion and history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from eu_projects import views
from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme
from helsinki_intl.strategy.models import SDG, AdvocacyTopic
from tests.eu_projects.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.eu_projects.helpers import (
    FORM_ERRORS,
    call_data,
    field_error_html,
    html,
    messages_of,
    new_application_data,
    posted_back,
    table_rows,
    this_year,
    url,
)
from tests.factories import PriorityFactory

UTC = datetime.UTC


@pytest.fixture
def appropriation(db):
    return CoFinancingAppropriationFactory(year=this_year(), amount=Decimal("1500000.00"))


# Application list -----------------------------------------------------------------------------


def test_application_list_shows_each_application_with_its_call_and_lead_unit(culture_client, culture_unit):
    call = CallFactory(identifier="HORIZON-CL5-2026-09-D4-03", programme__name="Horizon Europe")
    first = ApplicationFactory(project_name="Alpha", acronym="ALPHA", call=call, owner_unit=culture_unit)
    second = ApplicationFactory(project_name="Beta", call=None, status="idea")

    response = culture_client.get(url("application-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [first, second]
    page = html(response)
    assert "2 results" in page
    assert f'<a href="{first.get_absolute_url()}">ALPHA – Alpha</a>' in page
    assert "HORIZON-CL5-2026-09-D4-03" in page and "Horizon Europe" in page
    assert "Lead unit" in page
    assert "Culture and Leisure Division" in table_rows(response)[0]
    assert "31/03/2026 17:00 Europe/Brussels" in table_rows(response)[0]


def test_application_list_shows_this_year_s_appropriation(culture_client, appropriation):
    ApplicationFactory(cofinancing_requested=Decimal("84000.00"), cofinancing_year=this_year())

    response = culture_client.get(url("application-list"))

    page = html(response)
    assert f"Central project appropriation {this_year()}" in page
    assert "€1,500,000.00" in page and "€84,000.00" in page and "€1,500,000.00" in page
    assert response.context["appropriation"].requested == Decimal("84000.00")


def test_application_list_reads_the_appropriation_from_the_cache_until_an_application_changes(
    culture_client, appropriation
):
    application = ApplicationFactory(cofinancing_requested=Decimal("84000.00"), cofinancing_year=this_year())
    culture_client.get(url("application-list"))
    # Written behind the signals' back: the page keeps the figures it has.
    Application.objects.filter(pk=application.pk).update(cofinancing_requested=Decimal("1.00"))
    assert culture_client.get(url("application-list")).context["appropriation"].requested == Decimal(
        "84000.00"
    )

    application.cofinancing_requested = Decimal("90000.00")
    application.save()

    assert culture_client.get(url("application-list")).context["appropriation"].requested == Decimal(
        "90000.00"
    )


def test_application_list_says_when_the_year_has_no_appropriation(culture_client):
    page = html(culture_client.get(url("application-list")))
    assert f"No central project appropriation has been entered for {this_year()}." in page
    assert "Nothing has been registered yet." in page


def test_application_list_pages_by_25(culture_client):
    for index in range(27):
        ApplicationFactory(project_name=f"Project {index:02d}", call=None, status="idea")

    first = culture_client.get(url("application-list"))
    second = culture_client.get(url("application-list"), {"page": 2})

    assert len(first.context["object_list"]) == 25
    assert [a.project_name for a in second.context["object_list"]] == ["Project 25", "Project 26"]
    assert "27 results" in html(second)


# Application sorting and filters --------------------------------------------------------------


@pytest.fixture
def three_applications(culture_unit, urban_unit, economy_unit):
    horizon = ProgrammeFactory(name="Horizon Europe")
    life = ProgrammeFactory(name="LIFE")
    early = CallFactory(
        identifier="LIFE-2026-CET", programme=life, deadline=datetime.datetime(2026, 2, 1, 16, tzinfo=UTC)
    )
    late = CallFactory(identifier="HORIZON-CL5-2026", programme=horizon)
    climate, talent = PriorityFactory(name_en="Climate"), PriorityFactory(name_en="Talent")
    sdg = SDG.objects.get(number=13)
    topic = AdvocacyTopic.objects.create(year=2026, name_fi="Ilmastoneutraalit kaupungit", name_en="Climate")
    charlie = ApplicationFactory(
        project_name="Charlie",
        acronym="CHA",
        call=early,
        owner_unit=urban_unit,
        status="submitted",
        role="coordinator",
        eu_grant_requested=Decimal("500000"),
        partner_organisations="Port of Tallinn",
    )
    alpha = ApplicationFactory(
        project_name="Alpha",
        call=late,
        owner_unit=culture_unit,
        status="preparing",
        eu_grant_requested=Decimal("900000"),
        partner_organisations="Stockholms Hamn",
    )
    bravo = ApplicationFactory(
        project_name="Bravo",
        call=None,
        owner_unit=economy_unit,
        status="idea",
        eu_grant_requested=Decimal("100000"),
    )
    charlie.priorities.add(climate)
    charlie.sdgs.add(sdg)
    charlie.advocacy_topics.add(topic)
    alpha.priorities.add(talent)
    return {
        "alpha": alpha,
        "bravo": bravo,
        "charlie": charlie,
        "horizon": horizon,
        "climate": climate,
        "sdg": sdg,
        "topic": topic,
    }


def names(response) -> list[str]:
    return [record.project_name for record in response.context["object_list"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("project", ["Alpha", "Bravo", "Charlie"]),
        ("-project", ["Charlie", "Bravo", "Alpha"]),
        ("status", ["Bravo", "Alpha", "Charlie"]),
        ("lead_unit", ["Bravo", "Charlie", "Alpha"]),
        ("eu_grant", ["Bravo", "Charlie", "Alpha"]),
        ("-eu_grant", ["Alpha", "Charlie", "Bravo"]),
        ("deadline", ["Charlie", "Alpha", "Bravo"]),
    ],
)
def test_applications_sort_by_each_column(culture_client, three_applications, sort, expected):
    response = culture_client.get(url("application-list"), {"sort": sort})
    assert names(response) == expected


def test_sort_headers_keep_the_filters(culture_client, three_applications):
    page = html(culture_client.get(url("application-list"), {"status": "idea", "sort": "project"}))
    assert 'aria-sort="ascending"><a href="?status=idea&amp;sort=-project">Project' in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "cha"}, ["Charlie"]),
        ({"q": "LIFE-2026"}, ["Charlie"]),
        ({"q": "Stockholms"}, ["Alpha"]),
        ({"q": "alpha stockholms"}, ["Alpha"]),
        ({"status": "idea"}, ["Bravo"]),
        ({"role": "coordinator"}, ["Charlie"]),
        ({"role": "partner"}, ["Alpha", "Bravo"]),
        ({"deadline_before": "2026-02-01"}, ["Charlie"]),
        ({"deadline_before": "2026-01-31"}, []),
        ({"deadline_before": "2026-03-31"}, ["Alpha", "Charlie"]),
    ],
)
def test_application_filters_narrow_the_list(culture_client, three_applications, params, expected):
    assert names(culture_client.get(url("application-list"), params)) == expected


def test_application_filters_by_related_records(culture_client, three_applications, culture_unit):
    records = three_applications
    for params, expected in [
        ({"programme": "horizon"}, ["Alpha"]),
        ({"owner_unit": culture_unit.pk}, ["Alpha"]),
        ({"priority": records["climate"].pk}, ["Charlie"]),
        ({"sdg": records["sdg"].pk}, ["Charlie"]),
        ({"advocacy_topic": records["topic"].pk}, ["Charlie"]),
    ]:
        assert names(culture_client.get(url("application-list"), params)) == expected, params
    assert "Lead unit" in html(culture_client.get(url("application-list")))


def test_a_filter_with_no_match_offers_to_clear_it(culture_client, three_applications):
    page = html(culture_client.get(url("application-list"), {"q": "nothing-like-this"}))
    assert "Nothing matches these filters." in page


# Calls and programmes: lists, sorting and filters ---------------------------------------------


@pytest.fixture
def three_calls(db):
    now = timezone.now()
    horizon = ProgrammeFactory(name="Horizon Europe")
    life = ProgrammeFactory(name="LIFE")
    return {
        "forthcoming": CallFactory(
            identifier="B-FORTHCOMING",
            programme=horizon,
            opens_at=now + datetime.timedelta(days=10),
            deadline=now + datetime.timedelta(days=90),
        ),
        "open": CallFactory(
            identifier="C-OPEN",
            title="Urban greening",
            programme=life,
            opens_at=now - datetime.timedelta(days=10),
            deadline=now + datetime.timedelta(days=20),
        ),
        "closed": CallFactory(
            identifier="A-CLOSED",
            programme=horizon,
            opens_at=now - datetime.timedelta(days=100),
            deadline=now - datetime.timedelta(days=1),
        ),
        "horizon": horizon,
    }


def identifiers(response) -> list[str]:
    return [call.identifier for call in response.context["object_list"]]


def test_call_list_shows_state_and_deadline(culture_client, three_calls):
    response = culture_client.get(url("call-list"))
    assert identifiers(response) == ["A-CLOSED", "C-OPEN", "B-FORTHCOMING"]
    rows = table_rows(response)
    assert 'status-tag--closed">Closed' in rows[0]
    assert 'status-tag--open">Open' in rows[1]
    assert 'status-tag--forthcoming">Forthcoming' in rows[2]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "open"}, ["C-OPEN"]),
        ({"state": "forthcoming"}, ["B-FORTHCOMING"]),
        ({"state": "closed"}, ["A-CLOSED"]),
        ({"q": "greening"}, ["C-OPEN"]),
        ({"q": "life"}, ["C-OPEN"]),
        ({"sort": "identifier"}, ["A-CLOSED", "B-FORTHCOMING", "C-OPEN"]),
        ({"sort": "-deadline"}, ["B-FORTHCOMING", "C-OPEN", "A-CLOSED"]),
        ({"sort": "programme"}, ["A-CLOSED", "B-FORTHCOMING", "C-OPEN"]),
    ],
)
def test_call_filters_and_sorting(culture_client, three_calls, params, expected):
    assert identifiers(culture_client.get(url("call-list"), params)) == expected


def test_calls_filter_by_programme_and_deadline(culture_client, three_calls):
    in_thirty_days = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert identifiers(culture_client.get(url("call-list"), {"programme": "horizon eur"})) == [
        "A-CLOSED",
        "B-FORTHCOMING",
    ]
    assert identifiers(culture_client.get(url("call-list"), {"deadline_before": in_thirty_days})) == [
        "A-CLOSED",
        "C-OPEN",
    ]


def test_programme_list_searches_and_counts_calls(culture_client, three_calls):
    ProgrammeFactory(name="URBACT IV", short_name="URBACT")
    response = culture_client.get(url("programme-list"))
    assert [(p.name, p.call_count) for p in response.context["object_list"]] == [
        ("Horizon Europe", 2),
        ("LIFE", 1),
        ("URBACT IV", 0),
    ]
    assert [
        p.name for p in culture_client.get(url("programme-list"), {"q": "urbact"}).context["object_list"]
    ] == ["URBACT IV"]


# Details --------------------------------------------------------------------------------------


def test_application_detail_shows_everything_and_the_status_timeline(
    culture_client, appropriation, culture_unit
):
    topic = AdvocacyTopic.objects.create(year=2026, name_fi="Osaajat", name_en="Mobility of talent")
    application = ApplicationFactory(
        project_name="Helsinki–Tallinn talent corridor",
        acronym="TALCOR",
        role="coordinator",
        owner_unit=culture_unit,
        status="granted",
        call__identifier="CB-2025-3",
        call__programme__name="Interreg Central Baltic",
        partner_organisations="Tallinn Strategic Management Office\nWork in Estonia",
        total_budget=Decimal("3900000"),
        city_budget=Decimal("1150000"),
        eu_grant_requested=Decimal("3120000"),
        eu_grant_granted=Decimal("3000000"),
        cofinancing_requested=Decimal("230000"),
        cofinancing_granted=Decimal("220000"),
        cofinancing_year=this_year(),
        decision_reference="HEL 2026-001187",
    )
    application.advocacy_topics.add(topic)
    ApplicationStatusChangeFactory(
        application=application, status="submitted", changed_on=datetime.date(2026, 1, 31)
    )
    ApplicationStatusChangeFactory(
        application=application, status="granted", changed_on=datetime.date(2026, 6, 2)
    )

    page = html(culture_client.get(url("application-detail", application)))

    assert page.count("<h1") == 1
    for text in (
        "TALCOR",
        "CB-2025-3",
        "Interreg Central Baltic",
        "Coordinator",
        "<dt>Lead unit</dt><dd>Culture and Leisure Division</dd>",
        "Tallinn Strategic Management Office<br>Work in Estonia",
        "€3,900,000.00",
        "€1,150,000.00",
        "€3,120,000.00",
        "€3,000,000.00",
        "€230,000.00",
        "€220,000.00",
        f"Co-financing from the {this_year()} appropriation",
        "HEL 2026-001187",
        "2026: Mobility of talent",
        f"Central project appropriation {this_year()}",
        "€1,280,000.00",  # left
        "31/01/2026",
        "02/06/2026",
        'status-tag--cofinancing-granted">Granted',
    ):
        assert text in page, text
    assert page.index("31/01/2026") < page.index("02/06/2026")


def test_call_detail_shows_the_deadline_in_its_zone_and_in_helsinki_time(culture_client):
    call = CallFactory(
        deadline=datetime.datetime(2026, 3, 31, 15, tzinfo=UTC), deadline_timezone="Europe/Brussels"
    )
    application = ApplicationFactory(call=call, project_name="Alpha")

    page = html(culture_client.get(url("call-detail", call)))

    assert "31/03/2026 17:00 Europe/Brussels</time>" in page
    assert "(18:00 Europe/Helsinki)" in page
    assert application.get_absolute_url() in page


def test_a_programme_page_shows_its_latest_calls_and_links_to_them_all(culture_client, monkeypatch):
    monkeypatch.setattr(views.ProgrammeDetailView, "calls_shown", 3)
    programme = ProgrammeFactory(name="Interreg Europe")
    start = datetime.datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(5):
        deadline = start + datetime.timedelta(days=day)
        CallFactory(identifier=f"IE-{day}", programme=programme, deadline=deadline)

    response = culture_client.get(url("programme-detail", programme))

    assert [call.identifier for call in response.context["latest_calls"]] == ["IE-4", "IE-3", "IE-2"]
    page = html(response)
    assert "The latest 3 of the programme's 5 calls, by deadline." in page
    assert 'href="/eu_projects/calls/?programme=Interreg+Europe"' in page


def test_a_programme_page_with_few_calls_shows_them_all_without_a_note(culture_client):
    call = CallFactory(identifier="LIFE-2026-CET-LOCAL", programme__name="LIFE")

    page = html(culture_client.get(url("programme-detail", call.programme)))

    assert "LIFE-2026-CET-LOCAL" in page and "The latest" not in page


def test_programme_and_appropriation_details_list_what_belongs_to_them(culture_client, appropriation):
    call = CallFactory(identifier="LIFE-2026-CET-LOCAL", programme__name="LIFE")
    ApplicationFactory(
        project_name="Draws on it", cofinancing_requested=Decimal("1000"), cofinancing_year=this_year()
    )

    assert "LIFE-2026-CET-LOCAL" in html(culture_client.get(url("programme-detail", call.programme)))
    page = html(culture_client.get(url("cofinancingappropriation-detail", appropriation)))
    assert "Draws on it" in page and "€1,499,000.00" not in page and "€1,500,000.00" in page


# Adding and editing applications --------------------------------------------------------------


def test_adding_an_application_saves_it_and_starts_its_timeline(
    culture_client, culture_user, culture_unit, appropriation
):
    call = CallFactory()
    topic = AdvocacyTopic.objects.create(year=2026, name_fi="Ilmasto", name_en="Climate")
    data = new_application_data(call=call, owner_unit=culture_unit, responsible_person=culture_user)
    data["advocacy_topics"] = [topic.pk]

    response = culture_client.post(url("application-add"), data)

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert (application.project_name, application.owner_unit, application.cofinancing_requested) == (
        "Green ports of Baltic Sea cities",
        culture_unit,
        None,  # requested through its own step
    )
    assert list(application.advocacy_topics.all()) == [topic]
    assert list(application.status_changes.values_list("status", "changed_by", "changed_on")) == [
        ("idea", culture_user.pk, timezone.localdate())
    ]


def test_the_add_form_labels_the_owner_unit_as_lead_unit_and_takes_the_call(culture_client):
    call = CallFactory()
    response = culture_client.get(url("application-add"), {"call": call.pk})
    assert response.context["form"]["owner_unit"].label == "Lead unit"
    assert response.context["form"]["call"].value() == f"{call.title} ({call.identifier})"


def test_an_edit_adds_nothing_to_the_timeline(culture_client, culture_unit):
    application = ApplicationFactory(owner_unit=culture_unit, status="preparing")
    edit = url("application-edit", application)

    culture_client.post(edit, posted_back(culture_client.get(edit), notes="Budget checked"))
    assert Application.objects.get(pk=application.pk).notes == "Budget checked"
    assert not application.status_changes.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"city_budget": "1000000.01"},
            "city_budget",
            "The city&#x27;s budget cannot be more than the total budget.",
        ),
        ({"total_budget": "-1"}, "total_budget", "An amount cannot be negative."),
    ],
)
def test_an_edit_with_an_error_shows_it_at_the_field_and_saves_nothing(
    culture_client, culture_unit, changes, field, message
):
    application = ApplicationFactory(owner_unit=culture_unit, status="preparing", notes="As it was")
    edit = url("application-edit", application)

    response = culture_client.post(edit, posted_back(culture_client.get(edit), notes="Changed", **changes))

    assert response.status_code == 200
    assert field_error_html(field, message) in html(response)
    assert messages_of(response) == [FORM_ERRORS]
    assert Application.objects.get(pk=application.pk).notes == "As it was"
    assert not ApplicationStatusChange.objects.exists()


def test_deleting_an_application_takes_its_timeline_with_it(culture_client, culture_unit):
    application = ApplicationFactory(owner_unit=culture_unit)
    ApplicationStatusChangeFactory(application=application)

    response = culture_client.post(url("application-delete", application))

    assert response["Location"] == url("application-list")
    assert not Application.objects.exists() and not ApplicationStatusChange.objects.exists()


def test_application_history_shows_field_and_status_changes(culture_client, culture_unit):
    culture_client.post(
        url("application-add"),
        new_application_data(
            call=CallFactory(),
            owner_unit=culture_unit,
            responsible_person=culture_client.get(url("application-add")).context["user"],
            cofinancing_requested="",
            cofinancing_year="",
        ),
    )
    application = Application.objects.get()

    page = html(culture_client.get(url("application-history", application)))

    assert "Status change" in page
    assert "Green ports of Baltic Sea cities" in page


# Calls: entering the deadline in its zone -----------------------------------------------------


def test_a_call_s_deadline_is_entered_in_its_own_time_zone(urban_client, urban_unit):
    programme = ProgrammeFactory()

    response = urban_client.post(url("call-add"), call_data(programme, urban_unit))

    call = Call.objects.get()
    assert response["Location"] == call.get_absolute_url()
    assert call.deadline == datetime.datetime(2026, 1, 30, 16, tzinfo=UTC)
    assert call.opens_at == datetime.datetime(2026, 1, 8, 8, tzinfo=UTC)
    edit_form = urban_client.get(url("call-edit", call))
    assert 'name="deadline" value="2026-01-30T17:00"' in html(edit_form)

    urban_client.post(url("call-edit", call), posted_back(edit_form, deadline_timezone="Europe/Helsinki"))
    assert Call.objects.get().deadline == datetime.datetime(2026, 1, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": "2026-01-08T08:59"}, "deadline", "The deadline cannot be before the call opens."),
        (
            {"deadline_timezone": "Brussels"},
            "deadline_timezone",
            "“Brussels” is not a time zone name such as Europe/Brussels.",
        ),
        ({"indicative_budget": "-5"}, "indicative_budget", "An amount cannot be negative."),
    ],
)
def test_a_call_with_an_error_is_not_saved(urban_client, urban_unit, changes, field, message):
    response = urban_client.post(url("call-add"), call_data(ProgrammeFactory(), urban_unit, **changes))
    assert field_error_html(field, message) in html(response)
    assert not Call.objects.exists()


# Programmes and appropriations ----------------------------------------------------------------


def test_international_affairs_adds_and_edits_a_programme(strategy_client):
    response = strategy_client.post(
        url("programme-add"),
        {"name": "Horizon Europe", "short_name": "HE", "website": "https://example.eu", "is_active": "on"},
    )
    programme = Programme.objects.get()
    assert response["Location"] == programme.get_absolute_url()
    edit = url("programme-edit", programme)
    strategy_client.post(edit, posted_back(strategy_client.get(edit), short_name="HORIZON"))
    assert Programme.objects.get().short_name == "HORIZON"


def test_a_programme_with_calls_is_not_deleted(strategy_client):
    call = CallFactory(programme__name="LIFE")

    response = strategy_client.post(url("programme-delete", call.programme))

    assert response["Location"] == call.programme.get_absolute_url()
    assert Programme.objects.filter(pk=call.programme.pk).exists()
    followed = strategy_client.get(response["Location"])
    assert messages_of(followed) == ["“LIFE” cannot be deleted while other records refer to it."]
    call.delete()
    strategy_client.post(url("programme-delete", call.programme))
    assert not Programme.objects.exists()


def test_international_affairs_adds_an_appropriation(strategy_client):
    response = strategy_client.post(
        url("cofinancingappropriation-add"),
        {"year": "2027", "amount": "1600000.00", "decision_reference": "HEL 2026-013001", "notes": ""},
    )
    appropriation = CoFinancingAppropriation.objects.get()
    assert response["Location"] == appropriation.get_absolute_url()
    assert str(appropriation) == "Central project appropriation 2027"
    page = html(strategy_client.get(url("cofinancingappropriation-list")))
    assert "€1,600,000.00" in page


def test_every_history_page_opens(culture_client, appropriation):
    application = ApplicationFactory()
    for page in (
        url("application-history", application),
        url("call-history", application.call),
        url("programme-history", application.call.programme),
        url("cofinancingappropriation-history", appropriation),
    ):
        response = culture_client.get(page)
        assert response.status_code == 200, page
        assert html(response).count("<h1") == 1


@pytest.mark.parametrize("list_name", ["call-list", "application-list"])
def test_the_programme_filter_is_a_text_input_not_a_list_of_every_programme(culture_client, list_name):
    ProgrammeFactory(name="Interreg Aurora")

    page = html(culture_client.get(url(list_name)))

    assert re.search(r'<input type="text" name="programme"', page)
    assert "Interreg Aurora" not in page


# Typed names instead of drop-downs -------------------------------------------------------------


def test_an_application_is_saved_with_its_call_typed_by_identifier(
    culture_client, culture_user, culture_unit, appropriation
):
    call = CallFactory(identifier="HORIZON-MISS-2026-CIT-01")
    CallFactory(identifier="HORIZON-MISS-2026-CIT-02")
    data = new_application_data(call=call, owner_unit=culture_unit, responsible_person=culture_user)
    data["call"] = "horizon-miss-2026-cit-01"

    response = culture_client.post(url("application-add"), data)

    assert response.status_code == 302
    assert Application.objects.get().call == call


def test_a_call_that_no_one_is_named_is_refused(culture_client, culture_user, culture_unit):
    data = new_application_data(call=CallFactory(), owner_unit=culture_unit, responsible_person=culture_user)
    data["call"] = "HORIZON-NO-SUCH-CALL"

    response = culture_client.post(url("application-add"), data)

    assert response.status_code == 200
    assert field_error_html("call", "No call is named “HORIZON-NO-SUCH-CALL”.") in html(response)
    assert Application.objects.count() == 0
