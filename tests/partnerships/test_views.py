"""The partnership register's portal pages: lists, details, forms, deletion and change history."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.journal.models import JournalEntry
from partnerships.models import (
    Partner,
    Partnership,
    PartnershipGoal,
    PartnershipGoalOutcome,
    PartnershipReview,
    PartnershipStatusChange,
)
from tests.factories import OrgUnitFactory, UserFactory
from tests.journal.factories import journal_entry
from tests.partnerships.factories import (
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
    twin_city_partnership,
)
from tests.partnerships.helpers import (
    COOPERATION_REQUIRED,
    FORM_ERRORS,
    NO_NEW_TWIN_CITIES,
    field_error_html,
    html,
    messages_of,
    new_partnership_data,
    posted_back,
    table_rows,
    url,
)

pytestmark = pytest.mark.django_db


# Partnership list -----------------------------------------------------------------------------


def test_partnership_list_shows_each_partnership(culture_client, culture_unit, urban_unit):
    tallinn = twin_city_partnership(
        active=True, owner_unit=culture_unit, partner__name="Tallinn", joint_advocacy=True
    )
    seoul = PartnershipFactory(
        owner_unit=urban_unit,
        partner__name="Seoul",
        type="project_based",
        information_exchange=False,
        project_cooperation=True,
    )

    response = culture_client.get(url("partnership-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [seoul, tallinn]
    page = html(response)
    assert "2 results" in page
    assert f'<a href="{url("partner-list")}">Partner cities and organisations</a>' in page
    rows = table_rows(response)
    assert f'<a href="{seoul.get_absolute_url()}">Seoul</a>' in rows[0]
    assert "<td>Project-based</td>" in rows[0]
    assert "<td>Project cooperation</td>" in rows[0]
    assert "Urban Environment Division" in rows[0]
    assert '<span class="hds-tag status-tag--explored">Explored</span>' in rows[0]
    assert "<td>Twin-city relationship</td>" in rows[1]
    assert "<td>Information exchange, Joint advocacy</td>" in rows[1]
    assert '<span class="hds-tag status-tag--active">Active</span>' in rows[1]
    assert "<td>01/01/2020</td>" in rows[1]


def test_partnership_list_marks_overdue_reviews(culture_client):
    PartnershipFactory(active=True, next_review_due=timezone.localdate() - datetime.timedelta(days=1))

    response = culture_client.get(url("partnership-list"))

    assert '<span class="hds-tag status-tag--overdue">Overdue</span>' in html(response)


def test_partnership_list_empty_states(culture_client):
    empty = html(culture_client.get(url("partnership-list")))
    assert "0 results" in empty
    assert "Nothing has been registered yet." in empty
    assert "Add the first one" in empty

    PartnershipFactory()
    filtered = html(culture_client.get(url("partnership-list"), {"q": "no such partner"}))
    assert "Nothing matches these filters." in filtered
    assert "Nothing has been registered yet." not in filtered


def test_partnership_list_pagination_keeps_the_filters(culture_client, culture_unit):
    active = [
        PartnershipFactory(active=True, owner_unit=culture_unit, partner__name=f"Active city {n:02}")
        for n in range(26)
    ]
    PartnershipFactory(owner_unit=culture_unit, partner__name="Active city 99 (explored)")

    first_page = culture_client.get(url("partnership-list"), {"status": "active"})

    assert first_page.context["paginator"].count == 26
    assert list(first_page.context["object_list"]) == active[:25]
    assert "Page 1 of 2" in html(first_page)
    assert 'href="?status=active&amp;page=2" rel="next"' in html(first_page)
    second_page = culture_client.get(url("partnership-list"), {"status": "active", "page": "2"})
    assert list(second_page.context["object_list"]) == active[25:]
    assert "Active city 99 (explored)" not in html(second_page)


D = datetime.date


@pytest.mark.parametrize(
    ("sort", "attribute", "values"),
    [
        ("partner", "partner.name", ["Copenhagen", "Oslo", "Riga", "Tallinn"]),
        ("type", "type", ["project_based", "thematic", "thematic", "twin_city"]),
        ("status", "status", ["active", "dormant", "ended", "explored"]),
        ("start", "start_date", [D(2015, 1, 1), D(2018, 1, 1), D(2020, 1, 1), D(2023, 1, 1)]),
        ("review", "next_review_due", [D(2026, 3, 1), D(2026, 5, 1), D(2026, 9, 1), D(2027, 1, 1)]),
        ("owner_unit", "owner_unit.code", ["a-unit", "b-unit", "c-unit", "d-unit"]),
    ],
)
def test_partnership_list_sorts_by_each_column(culture_client, sort, attribute, values):
    def make(name, unit, start, review, **fields):
        owner = OrgUnitFactory(code=unit, name_fi=unit, name_en=unit)
        return PartnershipFactory(
            partner__name=name, owner_unit=owner, start_date=start, next_review_due=review, **fields
        )

    make("Riga", "c-unit", D(2015, 1, 1), D(2027, 1, 1), status="ended", end_date=D(2020, 1, 1))
    make("Tallinn", "a-unit", D(2018, 1, 1), D(2026, 9, 1), active=True, type="twin_city")
    make("Oslo", "d-unit", D(2023, 1, 1), D(2026, 5, 1), type="project_based")
    make("Copenhagen", "b-unit", D(2020, 1, 1), D(2026, 3, 1), status="dormant")

    def read(record):
        for part in attribute.split("."):
            record = getattr(record, part)
        return record

    ascending = culture_client.get(url("partnership-list"), {"sort": sort})
    descending = culture_client.get(url("partnership-list"), {"sort": f"-{sort}"})

    assert [read(p) for p in ascending.context["object_list"]] == values
    assert [read(p) for p in descending.context["object_list"]] == values[::-1]
    assert ascending.context["paginator"].object_list.query.order_by[-1] == "pk"
    rows = table_rows(ascending)
    assert len(rows) == 4


def test_sort_links_keep_the_filters(culture_client):
    PartnershipFactory(active=True)

    response = culture_client.get(url("partnership-list"), {"status": "active", "page": "1"})

    assert '<a href="?status=active&amp;sort=partner">Partner</a>' in html(response)


# Partnership detail ---------------------------------------------------------------------------


def test_partnership_detail_shows_everything(culture_client, culture_unit, strategy_user):
    partnership = twin_city_partnership(
        active=True,
        goal__title="Turn the relationship into joint projects",
        owner_unit=culture_unit,
        partner__name="Tallinn",
        partner__country="EE",
        partner__region="baltic",
        themes="FinEst twin-city area",
        project_cooperation=True,
        description="Renewed in April 2022.",
    )
    second_goal = PartnershipGoalFactory(partnership=partnership, title="Smoother commuting", target="")
    journal_entry(
        partnership,
        date=datetime.date(2022, 4, 8),
        kind="meeting",
        participants="The mayors",
        text="The agreement was renewed.\n\n→ Draft an action plan.",
    )
    journal_entry(
        partnership,
        date=timezone.localdate() + datetime.timedelta(days=20),
        kind="meeting",
        text="Annual meeting.",
    )
    review = PartnershipReview.objects.create(
        partnership=partnership,
        reviewed_on=datetime.date(2024, 5, 2),
        reviewer=strategy_user,
        benefit_assessment="Joint projects started.",
        recommendation="intensify",
    )
    PartnershipGoalOutcome.objects.create(
        review=review, goal=second_goal, outcome="partly_met", comment="Begun"
    )

    response = culture_client.get(partnership.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert '<h1>Tallinn <span class="subtitle">Culture and Leisure Division</span></h1>' in page
    assert "(City, Estonia)" in page
    assert "<dd>Twin-city relationship</dd>" in page
    assert "<dd>Information exchange, Project cooperation</dd>" in page
    assert "<dd>FinEst twin-city area</dd>" in page
    assert "Renewed in April 2022." in page
    assert "<td>Turn the relationship into joint projects</td>" in page
    assert "<td>Smoother commuting</td><td>—</td>" in page
    assert '<time datetime="2022-04-08">08/04/2022</time> – Meeting</h3>' in page
    assert "Participants: The mayors" in page
    assert "The agreement was renewed.<br><br>→ Draft an action plan." in page
    assert '– Meeting <span class="hds-tag">Planned</span></h3>' in page
    assert page.index("Annual meeting.") < page.index("The agreement was renewed.")
    assert "Intensify" in page
    assert "<li>Smoother commuting: Partly met – Begun</li>" in page
    for empty_state in ("No goals yet.", "Nothing in the journal yet", "Not reviewed yet."):
        assert empty_state not in page


def test_partnership_detail_empty_states(culture_client):
    page = html(culture_client.get(PartnershipFactory().get_absolute_url()))

    assert "No goals yet. Every active partnership needs at least one." in page
    assert "Nothing in the journal yet" in page
    assert "Not reviewed yet." in page


def test_partnership_detail_shows_its_status_changes(culture_client, culture_user):
    partnership = PartnershipFactory(status="dormant")
    PartnershipStatusChange.objects.create(
        partnership=partnership,
        from_status="active",
        status="dormant",
        changed_on=datetime.date(2026, 3, 2),
        changed_by=culture_user,
        note="No contacts for two years.",
    )

    page = html(culture_client.get(partnership.get_absolute_url()))

    assert '<h2 id="process-heading">Status changes</h2>' in page
    assert "Active → Dormant" in page
    assert "No contacts for two years." in page
    assert "02/03/2026" in page
    assert "Next steps" not in page  # a partnership has no process: its unit moves it itself


def test_a_partnership_without_status_changes_says_so(culture_client):
    page = html(culture_client.get(PartnershipFactory().get_absolute_url()))

    assert "No status changes recorded yet." in page


def test_record_pages_of_a_missing_record_are_404(strategy_client):
    for model in ("partner", "partnership"):
        for view in ("detail", "edit", "delete", "history"):
            response = strategy_client.get(reverse(f"partnerships:{model}-{view}", args=[999999]))
            assert response.status_code == 404, (model, view)


# Adding a partnership -------------------------------------------------------------------------


def test_add_form_shows_the_forms_of_cooperation_as_one_group(culture_client, culture_user, culture_unit):
    partner = PartnerFactory(name="Stockholm")

    response = culture_client.get(url("partnership-add"), {"partner": partner.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form["partner"].value() == "Stockholm"
    assert form["owner_unit"].value() == "Culture and Leisure Division (kuva)"
    assert form["responsible_person"].value() == f"{culture_user.get_full_name()} (culture)"
    page = html(response)
    required = (
        '<span class="hds-selection-group__required" aria-hidden="true">*</span>'
        '<span class="visually-hidden">(Required)</span>'
    )
    assert f"Forms of cooperation {required}</legend>" in page
    for value in ("information_exchange", "project_cooperation", "joint_advocacy"):
        assert f'name="cooperation" value="{value}"' in page
    assert '<input type="hidden" name="goals-TOTAL_FORMS" value="1"' in page
    # Contacts, visits and meetings are written in the partnership's journal, not on its form.
    assert "contacts-TOTAL_FORMS" not in page


def test_add_partnership_with_goals(culture_client, culture_user, culture_unit):
    partner = PartnerFactory(name="Stockholm")
    data = new_partnership_data(
        partner=partner,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[
            {"title": "Joint climate statement", "target": "One a year", "indicator": "Statements"},
            {"title": "Talent exchange", "target": "", "indicator": ""},
        ],
    )

    response = culture_client.post(url("partnership-add"), data)

    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == partnership.get_absolute_url()
    assert (partnership.partner, partnership.owner_unit, partnership.responsible_person) == (
        partner,
        culture_unit,
        culture_user,
    )
    assert (partnership.type, partnership.status) == ("thematic", "active")
    assert (
        partnership.information_exchange,
        partnership.project_cooperation,
        partnership.joint_advocacy,
    ) == (
        True,
        True,
        False,
    )
    assert partnership.start_date == datetime.date(2024, 1, 1)
    assert partnership.next_review_due == datetime.date(2025, 1, 31)
    assert [(g.title, g.target) for g in partnership.goals.all()] == [
        ("Joint climate statement", "One a year"),
        ("Talent exchange", ""),
    ]
    detail = culture_client.get(response["Location"])
    assert "“Stockholm – Culture and Leisure Division” was added." in html(detail)


def test_add_partnership_sets_the_first_review_when_left_empty(culture_client, culture_user, culture_unit):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
        next_review_due="",
        review_interval_months="6",
    )

    assert culture_client.post(url("partnership-add"), data).status_code == 302
    assert Partnership.objects.get().next_review_due == timezone.localdate() + relativedelta(months=6)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"type": "twin_city"}, "type", NO_NEW_TWIN_CITIES),
        ({"cooperation": []}, "cooperation", COOPERATION_REQUIRED),
        (
            {"start_date": "2024-06-01", "end_date": "2024-05-31"},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        ({"start_date": ""}, "start_date", "An active partnership needs a start date."),
        ({"status": "ended", "end_date": ""}, "end_date", "An ended partnership needs an end date."),
    ],
    ids=["new-twin-city", "no-cooperation", "ends-before-start", "active-no-start", "ended-no-end"],
)
def test_add_form_errors_show_at_the_field_and_save_nothing(
    culture_client, culture_user, culture_unit, changes, field, message
):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
        **changes,
    )
    if not changes.get("cooperation", True):
        del data["cooperation"]

    response = culture_client.post(url("partnership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = html(response)
    assert field_error_html(field, message) in page
    assert FORM_ERRORS in page
    assert not Partnership.objects.exists()
    assert not PartnershipGoal.objects.exists()


def test_active_partnership_needs_a_goal(culture_client, culture_user, culture_unit):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "", "target": "", "indicator": ""}],
    )

    response = culture_client.post(url("partnership-add"), data)

    assert response.status_code == 200
    assert response.context["formsets"]["goals"].non_form_errors() == [
        "A record with the status “Active” needs at least one goal."
    ]
    assert "A record with the status “Active” needs at least one goal." in html(response)
    assert not Partnership.objects.exists()


def test_explored_partnership_needs_no_goal_or_start(culture_client, culture_user, culture_unit):
    data = new_partnership_data(
        partner=PartnerFactory(),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        status="explored",
        start_date="",
        next_review_due="",
        cooperation=["joint_advocacy"],
    )

    assert culture_client.post(url("partnership-add"), data).status_code == 302
    partnership = Partnership.objects.get()
    assert (partnership.status, partnership.cooperation, partnership.next_review_due) == (
        "explored",
        ["joint_advocacy"],
        None,
    )


# Editing a partnership ------------------------------------------------------------------------


def test_edit_form_shows_the_saved_forms_of_cooperation(culture_client, culture_unit):
    partnership = PartnershipFactory(owner_unit=culture_unit, joint_advocacy=True)

    response = culture_client.get(url("partnership-edit", partnership))

    assert response.context["form"]["cooperation"].value() == ["information_exchange", "joint_advocacy"]
    page = html(response)
    assert (
        'name="cooperation" value="joint_advocacy" class="hds-checkbox__input" id="id_cooperation_2" checked'
        in page
    )
    assert (
        'name="cooperation" value="project_cooperation" class="hds-checkbox__input" id="id_cooperation_1">'
        in page
    )


def test_edit_partnership_cooperation_and_goals(culture_client, culture_unit):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit, goal__title="Old goal")
    form_page = culture_client.get(url("partnership-edit", partnership))

    response = culture_client.post(
        url("partnership-edit", partnership),
        posted_back(
            form_page,
            cooperation=["project_cooperation", "joint_advocacy"],
            status="dormant",
            **{"goals-0-title": "Renamed goal"},
        ),
    )

    assert response.status_code == 302
    partnership = Partnership.objects.get(pk=partnership.pk)
    assert partnership.cooperation == ["project_cooperation", "joint_advocacy"]
    assert partnership.status == "dormant"
    assert [goal.title for goal in partnership.goals.all()] == ["Renamed goal"]


def test_an_existing_twin_city_relationship_is_edited_in_the_form(culture_client, culture_unit):
    tallinn = twin_city_partnership(active=True, owner_unit=culture_unit, partner__name="Tallinn")
    form_page = culture_client.get(url("partnership-edit", tallinn))

    response = culture_client.post(
        url("partnership-edit", tallinn), posted_back(form_page, themes="FinEst twin-city area")
    )

    assert response.status_code == 302
    tallinn.refresh_from_db()
    assert (tallinn.type, tallinn.themes) == ("twin_city", "FinEst twin-city area")


def test_changing_a_partnership_to_twin_city_is_refused(culture_client, culture_unit):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit)
    form_page = culture_client.get(url("partnership-edit", partnership))

    response = culture_client.post(
        url("partnership-edit", partnership), posted_back(form_page, type="twin_city")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["type"] == [NO_NEW_TWIN_CITIES]
    assert field_error_html("type", NO_NEW_TWIN_CITIES) in html(response)
    partnership.refresh_from_db()
    assert partnership.type == "thematic"


def test_a_move_the_lifecycle_does_not_allow_is_refused_at_the_status(culture_client, culture_unit):
    partnership = PartnershipFactory(
        owner_unit=culture_unit, status="ended", end_date=datetime.date(2023, 1, 1)
    )
    form_page = culture_client.get(url("partnership-edit", partnership))

    response = culture_client.post(
        url("partnership-edit", partnership), posted_back(form_page, status="dormant")
    )

    assert response.status_code == 200
    message = "A partnership cannot move from “Ended” to “Dormant”."
    assert response.context["form"].errors["status"] == [message]
    assert field_error_html("status", message) in html(response)
    partnership.refresh_from_db()
    assert partnership.status == "ended"


# History --------------------------------------------------------------------------------------


def test_history_shows_changes_of_the_partnership_goals_and_journal(
    culture_client, culture_user, culture_unit
):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit, goal__title="A goal")
    Partnership.history.update(history_date=timezone.now() - datetime.timedelta(minutes=10))
    PartnershipGoal.history.update(history_date=timezone.now() - datetime.timedelta(minutes=10))
    form_page = culture_client.get(url("partnership-edit", partnership))
    culture_client.post(
        url("partnership-edit", partnership),
        posted_back(
            form_page,
            cooperation=["information_exchange", "joint_advocacy"],
            themes="Security",
        ),
    )
    culture_client.post(
        reverse("journal:add", args=["partnerships.partnership", partnership.pk]),
        {"date": "2024-06-01", "kind": "visit", "participants": "", "text": "A visit."},
    )

    response = culture_client.get(url("partnership-history", partnership))

    assert response.status_code == 200
    changes = response.context["changes"]
    latest = {entry.subject: entry for entry in changes if entry.who == culture_user}
    assert {(c.label, c.old, c.new) for c in latest[""].changes} == {
        ("Themes", "Climate and talent", "Security"),
        ("Joint advocacy", "No", "Yes"),
    }
    assert latest["Journal entry: 01/06/2024 – Visit"].action == "created"
    page = html(response)
    assert '<span class="history__subject">Journal entry: 01/06/2024 – Visit</span>' in page
    assert "Goal: A goal" in page


# Deleting -------------------------------------------------------------------------------------


def test_delete_partnership_with_its_goals_and_journal(culture_client, culture_unit):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit, partner__name="Oslo")
    journal_entry(partnership)
    other = PartnershipFactory(active=True, owner_unit=culture_unit)

    assert "<h1>Delete “Oslo – Culture and Leisure Division”?</h1>" in html(
        culture_client.get(url("partnership-delete", partnership))
    )
    response = culture_client.post(url("partnership-delete", partnership))

    assert response.status_code == 302
    assert response["Location"] == url("partnership-list")
    assert list(Partnership.objects.all()) == [other]
    assert list(PartnershipGoal.objects.values_list("partnership", flat=True)) == [other.pk]
    assert not JournalEntry.objects.exists()
    assert Partner.objects.filter(name="Oslo").exists()
    assert messages_of(culture_client.get(response["Location"])) == [
        "“Oslo – Culture and Leisure Division” was deleted."
    ]


def test_delete_partner_with_partnerships_is_refused(culture_client, culture_unit, urban_unit):
    partner = PartnerFactory(name="Tallinn", owner_unit=culture_unit, country="EE", region="baltic")
    partnership = PartnershipFactory(active=True, partner=partner, owner_unit=urban_unit)

    response = culture_client.post(url("partner-delete", partner))

    assert response.status_code == 302
    assert response["Location"] == partner.get_absolute_url()
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert Partnership.objects.filter(pk=partnership.pk).exists()
    detail = culture_client.get(response["Location"])
    message = "“Tallinn” cannot be deleted while other records refer to it."
    assert messages_of(detail) == [message]
    assert message in html(detail)


def test_delete_partner(culture_client, culture_unit):
    partner = PartnerFactory(name="Reykjavik", owner_unit=culture_unit)

    response = culture_client.post(url("partner-delete", partner))

    assert response["Location"] == url("partner-list")
    assert not Partner.objects.exists()
    assert messages_of(culture_client.get(response["Location"])) == ["“Reykjavik” was deleted."]


# Partners -------------------------------------------------------------------------------------


def test_partner_list_shows_each_partner(culture_client, culture_unit):
    tallinn = PartnerFactory(name="Tallinn", country="EE", region="baltic", owner_unit=culture_unit)
    unicef = PartnerFactory(name="UNICEF", kind="un_agency", country="", region="")
    PartnershipFactory.create_batch(2, partner=tallinn)

    response = culture_client.get(url("partner-list"))

    assert list(response.context["object_list"]) == [tallinn, unicef]
    assert f'<a href="{url("partnership-list")}">The city' in html(response)
    rows = table_rows(response)
    assert f'<a href="{tallinn.get_absolute_url()}">Tallinn</a>' in rows[0]
    assert "<td>City</td>" in rows[0]
    assert "<td>Estonia</td>" in rows[0]
    assert "<td>Baltic countries</td>" in rows[0]
    assert '<td class="numeric">2</td>' in rows[0]
    assert "<td>Culture and Leisure Division</td>" in rows[0]
    assert "<td>UN agency</td>\n    <td>—</td>\n    <td>—</td>" in rows[1]
    assert '<td class="numeric">0</td>' in rows[1]


def test_partner_list_shows_countries_in_the_active_language(culture_client):
    PartnerFactory(name="Tallinn", country="EE", region="baltic")

    page = html(culture_client.get(url("partner-list"), HTTP_ACCEPT_LANGUAGE="fi"))

    assert ">Viro</td>" in page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Oslo", "Riga", "Seoul", "UNICEF"]),
        ("-name", ["UNICEF", "Seoul", "Riga", "Oslo"]),
        # Ties keep the order of their primary keys, in both directions.
        ("kind", ["Riga", "Oslo", "Seoul", "UNICEF"]),
        ("-kind", ["UNICEF", "Riga", "Oslo", "Seoul"]),
        # By the names shown: Latvia, Norway, South Korea; an organisation without one first.
        ("country", ["UNICEF", "Riga", "Oslo", "Seoul"]),
        ("-country", ["Seoul", "Oslo", "Riga", "UNICEF"]),
        # Asia, Baltic countries, Nordic countries.
        ("region", ["UNICEF", "Seoul", "Riga", "Oslo"]),
        ("-region", ["Oslo", "Riga", "Seoul", "UNICEF"]),
    ],
)
def test_partner_list_sorts(culture_client, sort, expected):
    PartnerFactory(name="Riga", country="LV", region="baltic")
    PartnerFactory(name="Oslo", country="NO", region="nordic")
    PartnerFactory(name="UNICEF", kind="un_agency", country="", region="")
    PartnerFactory(name="Seoul", country="KR", region="asia")

    response = culture_client.get(url("partner-list"), {"sort": sort})

    assert [partner.name for partner in response.context["object_list"]] == expected
    assert response.context["paginator"].object_list.query.order_by[-1] == "pk"


def test_partner_countries_sort_by_their_names_in_the_active_language(culture_client):
    PartnerFactory(name="Tallinn", country="EE", region="baltic")  # Estonia, in Finnish Viro
    PartnerFactory(name="Stockholm", country="SE", region="nordic")  # Sweden, in Finnish Ruotsi
    PartnerFactory(name="Riga", country="LV", region="baltic")  # Latvia, in Finnish Latvia

    def names(language):
        response = culture_client.get(url("partner-list"), {"sort": "country"}, HTTP_ACCEPT_LANGUAGE=language)
        return [partner.name for partner in response.context["object_list"]]

    assert names("en") == ["Tallinn", "Riga", "Stockholm"]
    assert names("fi") == ["Riga", "Stockholm", "Tallinn"]


def test_partner_detail_shows_its_partnerships(culture_client, culture_unit, urban_unit):
    partner = PartnerFactory(name="Tallinn", country="EE", region="baltic", website="https://www.tallinn.ee")
    PartnershipFactory(active=True, partner=partner, owner_unit=culture_unit, themes="Culture")
    PartnershipFactory(partner=partner, owner_unit=urban_unit)

    page = html(culture_client.get(partner.get_absolute_url()))

    assert "<h1>Tallinn</h1>" in page
    assert "<dd>Estonia</dd>" in page
    assert "<dd>Baltic countries</dd>" in page
    assert '<a href="https://www.tallinn.ee" rel="noopener noreferrer">' in page
    assert "Culture and Leisure Division</a>" in page
    assert "Urban Environment Division</a>" in page
    assert f'href="{url("partnership-add")}?partner={partner.pk}"' in page
    assert "The city has no partnership with this partner." not in page


def test_partner_detail_empty_state(culture_client):
    page = html(culture_client.get(PartnerFactory().get_absolute_url()))

    assert "The city has no partnership with this partner." in page


def test_add_partner_with_a_country_chosen_by_name(culture_client, culture_unit):
    form_page = culture_client.get(url("partner-add"))
    assert '<option value="EE">Estonia</option>' in html(form_page)

    response = culture_client.post(
        url("partner-add"),
        {
            "name": "Tallinn",
            "kind": "city",
            "country": "EE",
            "region": "baltic",
            "website": "https://www.tallinn.ee",
            "owner_unit": culture_unit.pk,
        },
    )

    partner = Partner.objects.get()
    assert response["Location"] == partner.get_absolute_url()
    assert (partner.name, partner.country, partner.region, partner.owner_unit) == (
        "Tallinn",
        "EE",
        "baltic",
        culture_unit,
    )
    assert "“Tallinn” was added." in messages_of(culture_client.get(response["Location"]))


def test_add_partner_errors_show_at_the_field_and_save_nothing(culture_client, culture_unit):
    PartnerFactory(name="Tallinn", country="EE", region="baltic")

    response = culture_client.post(
        url("partner-add"),
        {"name": "Tallinn", "kind": "city", "country": "", "region": "", "owner_unit": culture_unit.pk},
    )

    errors = response.context["form"].errors
    assert errors["name"] == ["Partner with this Name already exists."]
    assert errors["country"] == ["A city needs a country."]
    assert errors["region"] == ["A city needs a region."]
    assert field_error_html("country", "A city needs a country.") in html(response)
    assert Partner.objects.count() == 1

    response = culture_client.post(
        url("partner-add"),
        {
            "name": "Atlantis",
            "kind": "city",
            "country": "XX",
            "region": "europe",
            "owner_unit": culture_unit.pk,
        },
    )
    assert response.context["form"].errors["country"] == [
        "Give the country as its two-letter ISO 3166-1 code, e.g. FI or BE."
    ]
    assert not Partner.objects.filter(name="Atlantis").exists()


def test_an_organisation_is_added_without_a_country(culture_client, culture_unit):
    response = culture_client.post(
        url("partner-add"),
        {
            "name": "UN-Habitat",
            "kind": "un_agency",
            "country": "",
            "region": "",
            "owner_unit": culture_unit.pk,
        },
    )

    assert response.status_code == 302
    assert Partner.objects.get().country == ""


def test_edit_partner_and_its_history(culture_client, culture_user, culture_unit):
    partner = PartnerFactory(name="Reykjavík", owner_unit=culture_unit, country="IS", region="nordic")
    form_page = culture_client.get(url("partner-edit", partner))

    response = culture_client.post(
        url("partner-edit", partner), posted_back(form_page, name="Reykjavik", website="https://reykjavik.is")
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.website) == ("Reykjavik", "https://reykjavik.is")
    history = culture_client.get(url("partner-history", partner))
    latest = history.context["changes"][0]
    assert (latest.action, latest.who) == ("changed", culture_user)
    assert {(c.label, c.old, c.new) for c in latest.changes} == {
        ("Name", "Reykjavík", "Reykjavik"),
        ("Website", "—", "https://reykjavik.is"),
    }


def test_responsible_person_choices_are_active_users(culture_client):
    UserFactory(username="left-the-city", is_active=False)

    response = culture_client.get(url("partnership-add"))

    usernames = {user.username for user in response.context["form"].fields["responsible_person"].queryset}
    assert "left-the-city" not in usernames
    assert "culture" in usernames


# Typed names instead of drop-downs -------------------------------------------------------------


def test_a_partnership_is_saved_with_the_partner_typed_by_name(culture_client, culture_user, culture_unit):
    partner = PartnerFactory(name="Stockholm")
    PartnerFactory(name="Stockholm Region")
    data = new_partnership_data(
        partner=partner, owner_unit=culture_unit, responsible_person=culture_user, goals=[{"title": "A goal"}]
    )
    data.update({"partner": "stockholm", "owner_unit": "Culture and Leisure Division (kuva)"})

    response = culture_client.post(url("partnership-add"), data)

    assert response.status_code == 302
    assert Partnership.objects.get().partner == partner


def test_a_partner_that_no_one_is_named_is_refused(culture_client, culture_user, culture_unit):
    data = new_partnership_data(
        partner=PartnerFactory(name="Stockholm"),
        owner_unit=culture_unit,
        responsible_person=culture_user,
        goals=[{"title": "A goal"}],
    )
    data["partner"] = "Stokholm"

    response = culture_client.post(url("partnership-add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["partner"] == ["No partner is named “Stokholm”."]
    assert Partnership.objects.count() == 0
