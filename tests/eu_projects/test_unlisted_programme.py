"""An application without a call names its programme in words, one not in the register too:
the unit saves it, international affairs is told (its dashboard panel and a domain event) and adds
the programme from a prefilled form, after which the application is no longer listed as naming
an unlisted programme. Lists, filters and exports keep the programme named."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eu_projects.models import Application, Programme
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.imports.service import import_file
from tests.eu_projects.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.eu_projects.helpers import (
    FORM_ERRORS,
    field_error_html,
    html,
    messages_of,
    new_application_data,
    posted_back,
    table_rows,
    url,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
UNLISTED_EVENT = "application.unlisted_programme_named"
PANEL_HEADING = "Programmes to add to the register"


def unlisted_events() -> list[tuple[int, dict]]:
    return [(event.object_id, event.payload) for event in DomainEvent.objects.filter(kind=UNLISTED_EVENT)]


def add_without_call(client, user, unit, programme: str, **fields):
    data = new_application_data(
        call=None, owner_unit=unit, responsible_person=user, named_programme=programme, **fields
    )
    return client.post(url("application-add"), data)


@pytest.fixture
def named_unlisted(culture_unit, urban_unit):
    return [
        ApplicationFactory(
            project_name="Libraries of things",
            call=None,
            status="idea",
            named_programme="Creative Europe",
            owner_unit=culture_unit,
        ),
        ApplicationFactory(
            project_name="Design for all",
            call=None,
            status="preparing",
            named_programme="creative europe",
            owner_unit=urban_unit,
        ),
        ApplicationFactory(
            project_name="Youth exchanges", call=None, status="idea", named_programme="Erasmus Mundus"
        ),
    ]


# The form -----------------------------------------------------------------------------------------


def test_the_form_offers_the_programme_after_the_call_with_its_help(culture_client):
    form = culture_client.get(url("application-add")).context["form"]

    names = list(form.fields)
    assert names.index("named_programme") == names.index("call") + 1
    assert form["named_programme"].label == "Programme (no call yet)"
    assert "international affairs is told and adds it" in form.fields["named_programme"].help_text


def test_a_unit_saves_an_application_naming_a_programme_not_in_the_register(
    culture_client, culture_user, culture_unit
):
    ProgrammeFactory(name="Horizon Europe", short_name="HE")

    response = add_without_call(culture_client, culture_user, culture_unit, "  Creative Europe ")

    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.call, application.named_programme) == (None, "Creative Europe")
    followed = culture_client.get(response["Location"])
    assert messages_of(followed) == [
        "“GREENPORTS – Green ports of Baltic Sea cities” was added.",
        "“Creative Europe” is not in the register yet. International affairs is told and adds it.",
    ]
    assert application.history.get().named_programme == "Creative Europe"


@pytest.mark.parametrize("written", ["horizon europe", "HE", "he"])
def test_a_programme_in_the_register_is_accepted_as_the_register_writes_it_and_the_unit_told(
    culture_client, culture_user, culture_unit, written
):
    ProgrammeFactory(name="Horizon Europe", short_name="HE")

    response = add_without_call(culture_client, culture_user, culture_unit, written)

    assert response.status_code == 302
    assert Application.objects.get().named_programme == "Horizon Europe"
    assert messages_of(culture_client.get(response["Location"]))[1] == (
        "“Horizon Europe” is in the register. When the application's call is known, choose it: "
        "the application then takes its programme from the call."
    )
    assert unlisted_events() == []


def test_with_a_call_another_programme_is_refused_at_the_field(culture_client, culture_user, culture_unit):
    call = CallFactory(identifier="LIFE-2026-CLIMA", programme__name="LIFE")
    data = new_application_data(
        call=call, owner_unit=culture_unit, responsible_person=culture_user, named_programme="Creative Europe"
    )

    response = culture_client.post(url("application-add"), data)

    assert response.status_code == 200
    message = (
        "The call LIFE-2026-CLIMA is of the programme LIFE, and the application takes its programme "
        "from the call. Leave this empty, or choose a call of the programme you mean."
    )
    assert field_error_html("named_programme", message) in html(response)
    assert messages_of(response) == [FORM_ERRORS]
    assert not Application.objects.exists()


@pytest.mark.parametrize("written", ["LIFE", "life", "Life programme short"])
def test_with_a_call_its_own_programme_named_is_left_to_the_call(
    culture_client, culture_user, culture_unit, written
):
    call = CallFactory(programme__name="LIFE", programme__short_name="Life programme short")
    data = new_application_data(
        call=call, owner_unit=culture_unit, responsible_person=culture_user, named_programme=written
    )

    response = culture_client.post(url("application-add"), data)

    assert response.status_code == 302
    assert (Application.objects.get().call, Application.objects.get().named_programme) == (call, "")


def test_a_call_chosen_later_takes_the_place_of_the_programme_named(culture_client, culture_unit):
    application = ApplicationFactory(
        call=None, status="idea", named_programme="Creative Europe", owner_unit=culture_unit
    )
    call = CallFactory(programme__name="Creative Europe")
    edit = url("application-edit", application)

    response = culture_client.post(edit, posted_back(culture_client.get(edit), call=call.identifier))

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.call, application.named_programme) == (call, "")


def test_a_programme_on_two_lines_is_refused(culture_client, culture_user, culture_unit):
    response = add_without_call(culture_client, culture_user, culture_unit, "Creative\nEurope")

    assert response.status_code == 200
    assert "id_named_programme_error" in html(response)
    assert not Application.objects.exists()


def test_the_model_refuses_another_programme_than_the_call_s_for_every_writer():
    application = ApplicationFactory.build(
        call=CallFactory(programme__name="LIFE"), named_programme="Erasmus+", owner_unit=None
    )

    with pytest.raises(ValidationError) as refused:
        application.clean()

    assert list(refused.value.message_dict) == ["named_programme"]


# The application's page and the list --------------------------------------------------------------


def test_the_page_marks_the_programme_not_yet_in_the_register(culture_client):
    application = ApplicationFactory(call=None, status="idea", named_programme="Creative Europe")

    page = html(culture_client.get(application.get_absolute_url()))

    assert "Creative Europe (not yet in the register)" in page
    assert "?name=Creative+Europe" not in page  # the unit cannot add programmes


def test_international_affairs_gets_a_link_to_add_it_from_the_page(strategy_client):
    application = ApplicationFactory(call=None, status="idea", named_programme="Creative Europe")

    page = html(strategy_client.get(application.get_absolute_url()))

    add = reverse("eu_projects:programme-add")
    assert f'<a href="{add}?name=Creative+Europe">Add “Creative Europe” to the register</a>' in page


def test_once_added_the_page_links_the_programme(culture_client):
    application = ApplicationFactory(call=None, status="idea", named_programme="Creative Europe")
    programme = ProgrammeFactory(name="Creative Europe")

    page = html(culture_client.get(application.get_absolute_url()))

    assert f'<a href="{programme.get_absolute_url()}">Creative Europe</a>' in page
    assert "not yet in the register" not in page


def test_the_list_shows_the_programme_named_and_filters_find_it(culture_client):
    named = ApplicationFactory(
        project_name="Alpha", call=None, status="idea", named_programme="Creative Europe"
    )
    listed = ApplicationFactory(project_name="Beta", call=None, status="idea", named_programme="LIFE")
    ProgrammeFactory(name="LIFE")
    with_call = ApplicationFactory(
        project_name="Gamma", call=CallFactory(programme__name="Creative Europe Desk")
    )

    response = culture_client.get(url("application-list"))

    rows = table_rows(response)
    assert "Creative Europe (not yet in the register)" in rows[0]
    assert "LIFE" in rows[1] and "not yet in the register" not in rows[1]

    def found(**params):
        return list(culture_client.get(url("application-list"), params).context["object_list"])

    assert found(programme="creative europe") == [named, with_call]
    assert found(unlisted_programme="true") == [named]
    assert found(unlisted_programme="false") == [listed, with_call]
    assert found(q="Creative") == [named]


def test_the_list_keeps_its_queries_with_programmes_named(culture_client):
    ApplicationFactory(call=None, status="idea", named_programme="Creative Europe")
    ApplicationFactory()
    few = queries_of_the_list(culture_client)

    ApplicationFactory.create_batch(5, call=None, status="idea", named_programme="Interreg Aurora")
    ApplicationFactory.create_batch(5)

    assert queries_of_the_list(culture_client) == few


def queries_of_the_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("application-list")).status_code == 200
    return len(queries.captured_queries)


# The domain event ---------------------------------------------------------------------------------


def test_naming_an_unlisted_programme_records_an_event_once(culture_client, culture_user, culture_unit):
    add_without_call(culture_client, culture_user, culture_unit, "Creative Europe")
    application = Application.objects.get()

    assert unlisted_events() == [(application.pk, {"via": "form", "programme": "Creative Europe"})]
    event = DomainEvent.objects.get(kind=UNLISTED_EVENT)
    assert event.actor == culture_user

    edit = url("application-edit", application)
    culture_client.post(edit, posted_back(culture_client.get(edit), notes="Partners confirmed"))
    assert len(unlisted_events()) == 1  # an edit that keeps the programme tells nothing new

    culture_client.post(edit, posted_back(culture_client.get(edit), named_programme="Erasmus+"))
    assert [payload["programme"] for _pk, payload in unlisted_events()] == ["Creative Europe", "Erasmus+"]


def test_an_import_naming_an_unlisted_programme_records_the_event_too(strategy_user, culture_unit):
    UserFactory(username="anna.virtanen", units=[culture_unit])
    data = (
        b"project_name,owner_unit,responsible_person,status,named_programme\n"
        b"Libraries of things,kuva,anna.virtanen,idea,Creative Europe\n"
        b"Smart ports,kuva,anna.virtanen,idea,\n"
    )

    report = import_file(
        resource="applications", data=data, file_name="a.csv", user=strategy_user, dry_run=False
    )

    assert report.saved, [(row.number, row.errors) for row in report.rows]
    application = Application.objects.get(project_name="Libraries of things")
    assert application.named_programme == "Creative Europe"
    assert unlisted_events() == [(application.pk, {"via": "import", "programme": "Creative Europe"})]


def test_an_import_row_naming_another_programme_than_its_call_s_is_wrong(strategy_user, culture_unit):
    UserFactory(username="anna.virtanen", units=[culture_unit])
    CallFactory(identifier="LIFE-2026-CLIMA", programme__name="LIFE")
    data = (
        b"project_name,owner_unit,responsible_person,status,call,named_programme\n"
        b"Libraries of things,kuva,anna.virtanen,idea,LIFE-2026-CLIMA,Creative Europe\n"
    )

    report = import_file(
        resource="applications", data=data, file_name="a.csv", user=strategy_user, dry_run=False
    )

    [row] = report.rows
    assert row.status == "wrong"
    assert [error.column for error in row.errors] == ["Programme (no call yet)"]
    assert not Application.objects.exists()


# Export and import back ---------------------------------------------------------------------------


def test_the_export_writes_the_programme_named_and_imports_back_unchanged(strategy_client, strategy_user):
    ApplicationFactory(
        project_name="Libraries of things", call=None, status="idea", named_programme="Creative Europe"
    )
    ApplicationFactory(project_name="Green ports", call=CallFactory(programme__name="LIFE"))

    response = strategy_client.get(url("application-list"), {"export": "csv"})
    data = b"".join(response.streaming_content) if response.streaming else response.content

    rows = {row["Project name"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert (
        rows["Libraries of things"]["Programme"],
        rows["Libraries of things"]["Programme (no call yet)"],
    ) == (
        "Creative Europe",
        "Creative Europe",
    )
    assert (rows["Green ports"]["Programme"], rows["Green ports"]["Programme (no call yet)"]) == ("LIFE", "")
    report = import_file(
        resource="applications", data=data, file_name="applications.csv", user=strategy_user, dry_run=True
    )
    assert [row.status for row in report.rows] == ["unchanged", "unchanged"]


def test_the_import_guide_describes_the_column(strategy_client):
    page = html(strategy_client.get(reverse("import-guide", args=["applications"])))

    assert "Programme (no call yet)" in page
    assert "For an application without a call: the name of its programme" in page


# The prefilled programme form ---------------------------------------------------------------------


def test_the_programme_form_takes_the_name_from_the_link_and_saves_it(strategy_client, named_unlisted):
    add = reverse("eu_projects:programme-add")

    form = strategy_client.get(add, {"name": " Creative Europe "}).context["form"]

    assert form["name"].value() == "Creative Europe"
    response = strategy_client.post(add, posted_back(strategy_client.get(add, {"name": "Creative Europe"})))
    assert response.status_code == 302
    assert Programme.objects.get().name == "Creative Europe"
    assert list(Application.objects.naming_unlisted_programme()) == [named_unlisted[2]]


@pytest.mark.parametrize("who", ["culture", "coordinator"])
def test_only_international_affairs_adds_programmes_even_from_the_link(request, who):
    client = request.getfixturevalue(f"{who}_client")
    add = reverse("eu_projects:programme-add")

    assert client.get(add, {"name": "Creative Europe"}).status_code == 403
    assert client.post(add, {"name": "Creative Europe", "is_active": "on"}).status_code == 403
    assert not Programme.objects.exists()


# International affairs' panel on the dashboard ----------------------------------------------------


def test_international_affairs_sees_the_programmes_named_with_their_applications(
    strategy_client, named_unlisted
):
    ApplicationFactory(call=None, status="idea", named_programme="LIFE")
    ProgrammeFactory(name="LIFE")
    ApplicationFactory(call=None, status="idea", named_programme="")

    response = strategy_client.get(HOME)

    programmes = response.context["unlisted_programmes"]
    assert [
        (programme.name, [a.project_name for a in programme.applications]) for programme in programmes
    ] == [
        ("Creative Europe", ["Design for all", "Libraries of things"]),
        ("Erasmus Mundus", ["Youth exchanges"]),
    ]
    assert response.context["unlisted_programme_applications"].total == 3
    page = html(response)
    assert PANEL_HEADING in page
    add = reverse("eu_projects:programme-add")
    assert f'<a href="{add}?name=Creative+Europe">Add “Creative Europe” to the register</a>' in page
    assert named_unlisted[0].get_absolute_url() in page
    assert "Culture and Leisure Division" in page.split(PANEL_HEADING, 1)[1]
    listed = strategy_client.get(response.context["unlisted_programme_applications"].url)
    assert listed.context["paginator"].count == 3


@pytest.mark.parametrize("who", ["culture", "coordinator"])
def test_the_panel_is_international_affairs_alone(request, who, named_unlisted):
    client = request.getfixturevalue(f"{who}_client")

    response = client.get(HOME)

    assert "unlisted_programmes" not in response.context
    assert "eu_projects/dashboard_unlisted_programmes.html" not in response.context["panel_templates"]
    assert PANEL_HEADING not in html(response)


@pytest.mark.parametrize(
    ("name", "short_name"),
    [("Creative Europe", ""), ("CREATIVE EUROPE", "CE"), ("Creative Europe Programme", "creative europe")],
)
def test_a_programme_added_under_the_name_or_short_name_takes_it_off_the_panel(
    strategy_client, named_unlisted, name, short_name
):
    strategy_client.get(HOME)
    Programme.objects.create(name=name, short_name=short_name)

    response = strategy_client.get(HOME)

    assert [programme.name for programme in response.context["unlisted_programmes"]] == ["Erasmus Mundus"]
    assert list(Application.objects.naming_unlisted_programme()) == [named_unlisted[2]]


def test_without_programmes_named_the_panel_says_so(strategy_client):
    ApplicationFactory()

    page = html(strategy_client.get(HOME))

    assert "Every programme that units have named for their applications is in the register." in page
