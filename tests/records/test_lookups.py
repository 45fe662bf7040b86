"""The lookup field: a record typed as its name, code or "Name (code)" instead of chosen from a
drop-down of every row; and the endpoints that suggest records as the person types."""

import factory
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eu_projects.lookups import CALLS
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.records.lookups import PEOPLE, SUGGESTIONS, UNITS, Lookup, LookupField, LookupView
from networks.lookups import NETWORKS
from tests.eu_projects.factories import ApplicationFactory, CallFactory
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory, OrgUnitFactory, UserFactory
from tests.partnerships.factories import PartnerFactory
from tests.project.urlwalk import portal_pages

pytestmark = pytest.mark.django_db


def unit_field(**kwargs) -> LookupField:
    return LookupField(UNITS, OrgUnit.objects.filter(is_active=True), **kwargs)


def people_field(**kwargs) -> LookupField:
    return LookupField(PEOPLE, User.objects.filter(is_active=True), **kwargs)


def error_of(field: LookupField, text: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        field.clean(text)
    return refused.value.messages


# Cleaning the typed text --------------------------------------------------------------------------


def test_a_unit_is_found_by_its_id(culture_unit):
    assert unit_field().clean(str(culture_unit.pk)) == culture_unit


@pytest.mark.parametrize(
    "text",
    [
        "Culture and Leisure Division",
        "kulttuurin ja vapaa-ajan toimiala",
        "  Culture   and Leisure Division ",
        "Culture and Leisure Division (kuva)",
        "KUVA",
        "kuva-abbr",
    ],
)
def test_a_unit_is_found_by_its_name_in_any_language_its_code_or_its_abbreviation(culture_unit, text):
    OrgUnit.objects.filter(pk=culture_unit.pk).update(abbreviation="KUVA-ABBR")
    OrgUnitFactory(code="kulttuuri", name_en="Culture and Leisure Division services")

    assert unit_field().clean(text) == culture_unit


def test_an_unknown_unit_is_refused_with_what_was_typed(culture_unit):
    assert error_of(unit_field(), "Culture") == ["No unit is named “Culture”."]


def test_a_unit_outside_the_field_s_choices_is_refused(culture_unit, urban_unit):
    field = LookupField(UNITS, OrgUnit.objects.filter(pk=culture_unit.pk))

    assert error_of(field, "Urban Environment Division") == ["No unit is named “Urban Environment Division”."]
    assert error_of(field, str(urban_unit.pk)) == [f"No unit is named “{urban_unit.pk}”."]


def test_an_inactive_unit_is_refused_where_only_active_ones_may_be_chosen(culture_unit):
    OrgUnit.objects.filter(pk=culture_unit.pk).update(is_active=False)

    assert error_of(unit_field(), "kuva") == ["No unit is named “kuva”."]


def test_an_id_too_big_for_the_database_is_refused_as_a_name():
    assert error_of(unit_field(), "9" * 30) == [f"No unit is named “{'9' * 30}”."]


def test_a_name_several_people_share_is_refused_with_each_of_them(db):
    UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")
    UserFactory(username="akorhone", first_name="Aino", last_name="Korhonen")

    assert error_of(people_field(), "aino korhonen") == [
        "Several people are named “aino korhonen”: Aino Korhonen (aino.k), Aino Korhonen (akorhone). "
        "Type a more exact name."
    ]


@pytest.mark.parametrize("text", ["Aino Korhonen (akorhone)", "akorhone", "AKORHONE"])
def test_a_person_is_found_by_name_and_user_name_or_their_user_name(text):
    UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")
    aino = UserFactory(username="akorhone", first_name="Aino", last_name="Korhonen")

    assert people_field().clean(text) == aino


def test_a_person_is_not_found_by_e_mail_so_that_no_address_is_confirmed():
    UserFactory(username="akorhone", first_name="Aino", last_name="Korhonen", email="aino.korhonen@hel.fi")

    assert error_of(people_field(), "aino.korhonen@hel.fi") == ["No one is named “aino.korhonen@hel.fi”."]
    assert "e-mail" not in str(PEOPLE.help_text)


def test_a_person_who_has_left_is_not_among_those_allowed():
    UserFactory(username="left", first_name="Matti", last_name="Virtanen", is_active=False)

    assert error_of(people_field(), "Matti Virtanen") == ["No one is named “Matti Virtanen”."]


def test_a_network_is_found_by_its_name_acronym_or_both_and_a_call_by_identifier_or_title():
    eurocities = NetworkFactory(name="Eurocities", acronym="EC")
    NetworkFactory(name="Energy Cities", acronym="")
    call = CallFactory(identifier="HORIZON-MISS-2026-CIT-01", title="Climate-neutral cities")
    networks = LookupField(NETWORKS, eurocities._meta.model.objects.all())
    calls = LookupField(CALLS, call._meta.model.objects.all())

    assert [networks.clean(text) for text in ("eurocities", "ec", "Eurocities (EC)")] == [eurocities] * 3
    assert calls.clean("horizon-miss-2026-cit-01") == call
    assert calls.clean("Climate-neutral cities (HORIZON-MISS-2026-CIT-01)") == call
    assert error_of(networks, "Eurocities (XX)") == ["No network is named “Eurocities (XX)”."]


def test_an_empty_required_lookup_is_refused_and_an_optional_one_is_none(culture_unit):
    assert error_of(unit_field(), "  ") == ["This field is required."]
    assert unit_field(required=False).clean("") is None


# Rendering ----------------------------------------------------------------------------------------


class MembershipLikeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"] = unit_field(label="Owner unit")


def test_the_input_shows_the_record_by_name_and_is_described_by_its_help_text(culture_unit):
    html = str(MembershipLikeForm(initial={"owner_unit": culture_unit.pk})["owner_unit"])

    assert 'type="text"' in html
    assert 'value="Culture and Leisure Division (kuva)"' in html
    assert 'list="id_owner_unit_options"' in html
    assert 'aria-describedby="id_owner_unit_helptext"' in html
    assert f'data-hx-get="{reverse("lookup-owner-units")}?field=owner_unit"' in html
    assert html.endswith('<datalist id="id_owner_unit_options"></datalist>')
    assert "<select" not in html and "<option" not in html


def test_typed_text_that_names_no_unit_is_shown_again_as_typed_with_the_error(culture_unit):
    form = MembershipLikeForm(data={"owner_unit": "Culture <b>"})

    assert not form.is_valid()
    html = str(form["owner_unit"])
    assert 'value="Culture &lt;b&gt;"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_owner_unit_helptext id_owner_unit_error"' in html
    assert form.errors["owner_unit"] == ["No unit is named “Culture <b>”."]


def test_the_help_text_says_how_to_name_the_record():
    assert unit_field().help_text == "The unit's name, code or abbreviation."
    assert str(unit_field(help_text="The unit that leads.").help_text) == (
        "The unit that leads. The unit's name, code or abbreviation."
    )


# The endpoints ------------------------------------------------------------------------------------


def options(response) -> list[str]:
    assert response.status_code == 200
    page = response.content.decode()
    return [part.split('"', 1)[0] for part in page.split('<option value="')[1:]]


def test_the_suggestions_need_a_signed_in_user(client):
    response = client.get(reverse("lookup-people"), {"q": "aino"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_people_are_suggested_by_part_of_their_name(culture_client, culture_user):
    UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")
    UserFactory(username="aina", first_name="Aina", last_name="Korhola")
    UserFactory(username="left", first_name="Aino", last_name="Lähtenyt", is_active=False)

    response = culture_client.get(reverse("lookup-people"), {"q": "ai kor"})

    assert options(response) == ["Aina Korhola (aina)", "Aino Korhonen (aino.k)"]


def test_people_are_not_suggested_by_their_e_mail_and_the_suggestions_show_none(culture_client):
    UserFactory(username="akorhone", first_name="Aino", last_name="Korhonen", email="secret.alias@hel.fi")

    assert options(culture_client.get(reverse("lookup-people"), {"q": "secret.alias"})) == []
    assert options(culture_client.get(reverse("lookup-people"), {"q": "@hel.fi"})) == []
    page = culture_client.get(reverse("lookup-people"), {"q": "korhonen"}).content.decode()
    assert options(culture_client.get(reverse("lookup-people"), {"q": "korhonen"})) == [
        "Aino Korhonen (akorhone)"
    ]
    assert "secret.alias" not in page


def test_the_text_may_come_as_the_input_s_own_name_as_htmx_sends_it(culture_client):
    UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen")

    response = culture_client.get(
        reverse("lookup-people"), {"field": "roles-0-holder_user", "roles-0-holder_user": "korhonen"}
    )

    assert options(response) == ["Aino Korhonen (aino.k)"]


def test_a_member_of_a_unit_is_suggested_only_their_own_units(culture_client, strategy_client, urban_unit):
    OrgUnitFactory(code="closed", name_en="Closed Division", is_active=False)

    assert options(culture_client.get(reverse("lookup-owner-units"), {"q": "division"})) == [
        "Culture and Leisure Division (kuva)"
    ]
    assert options(strategy_client.get(reverse("lookup-owner-units"), {"q": "division"})) == [
        "Culture and Leisure Division (kuva)",
        "Urban Environment Division (kymp)",
    ]


def test_partners_networks_and_calls_are_suggested(culture_client):
    PartnerFactory(name="Stockholm")
    NetworkFactory(name="Eurocities", acronym="EC")
    CallFactory(identifier="HORIZON-MISS-2026-CIT-01", title="Climate-neutral cities")

    assert options(culture_client.get(reverse("lookup-partners"), {"q": "stock"})) == ["Stockholm"]
    assert options(culture_client.get(reverse("lookup-networks"), {"q": "euro"})) == ["Eurocities (EC)"]
    assert options(culture_client.get(reverse("lookup-calls"), {"q": "miss-2026"})) == [
        "Climate-neutral cities (HORIZON-MISS-2026-CIT-01)"
    ]


def test_names_are_escaped_in_the_options(culture_client):
    PartnerFactory(name='Tallinn "<script>"')

    page = culture_client.get(reverse("lookup-partners"), {"q": "tallinn"}).content.decode()

    assert '<option value="Tallinn &quot;&lt;script&gt;&quot;"></option>' in page


def test_no_text_suggests_nothing_and_asks_the_database_nothing_more(culture_client):
    NetworkFactory(name="Eurocities")
    culture_client.get(reverse("lookup-networks"))  # notes the session's activity

    with CaptureQueriesContext(connection) as empty:
        response = culture_client.get(reverse("lookup-networks"), {"q": "  "})
    with CaptureQueriesContext(connection) as asked:
        culture_client.get(reverse("lookup-networks"), {"q": "euro"})

    assert options(response) == []
    assert len(asked) == len(empty) + 1


def test_the_suggestions_are_few_and_take_the_same_queries_however_many_match(culture_client):
    def suggested():
        with CaptureQueriesContext(connection) as captured:
            found = options(culture_client.get(reverse("lookup-networks"), {"q": "city"}))
        return found, len(captured)

    culture_client.get(reverse("lookup-networks"))
    NetworkFactory.create_batch(3, name=factory.Sequence(lambda n: f"City network {n}"))
    few, few_queries = suggested()
    NetworkFactory.create_batch(40, name=factory.Sequence(lambda n: f"Another city network {n}"))
    many, many_queries = suggested()

    assert len(few) == 3
    assert len(many) == SUGGESTIONS
    assert many_queries == few_queries


def lookups_in_the_url_conf() -> list[Lookup]:
    return [
        page.view.view_initkwargs["lookup"]
        for page in portal_pages(skip={})
        if getattr(page.view, "view_class", None) is LookupView
    ]


NAMED_RECORDS = {
    "lookup-owner-units": lambda: (
        OrgUnitFactory(code="kuva", name_en="Culture and Leisure Division"),
        "kuva",
    ),
    "lookup-people": lambda: (
        UserFactory(username="aino.k", first_name="Aino", last_name="Korhonen"),
        "Aino Korhonen",
    ),
    "lookup-networks": lambda: (NetworkFactory(name="Eurocities", acronym="EC"), "Eurocities"),
    "lookup-partners": lambda: (PartnerFactory(name="Stockholm"), "Stockholm"),
    "lookup-calls": lambda: (CallFactory(identifier="HORIZON-MISS-2026-CIT-01"), "HORIZON-MISS-2026-CIT-01"),
    "lookup-applications": lambda: (
        ApplicationFactory(project_name="Culture for climate action", acronym="CULCLIM"),
        "Culture for climate action (CULCLIM)",
    ),
    "lookup-event-bids": lambda: (
        EventBidFactory(name="World Circular Economy Forum"),
        "World Circular Economy Forum",
    ),
    "lookup-memberships": lambda: (
        MembershipFactory(network=NetworkFactory(name="Eurocities"), owner_unit=OrgUnitFactory(code="kuva")),
        "Eurocities (kuva)",
    ),
}
"""For each lookup, a record and a text that names it: a hostile text must find nothing where a
real name finds something, not merely in an empty table."""
HOSTILE_TEXTS = ["a\x00b", "²", "１２３", "9" * 30, "%", "_", "x" * 10_000]


def test_every_lookup_has_a_named_record_for_the_hostile_text_tests():
    assert {lookup.url_name for lookup in lookups_in_the_url_conf()} == set(NAMED_RECORDS)


@pytest.mark.parametrize("lookup", lookups_in_the_url_conf(), ids=lambda lookup: lookup.url_name)
def test_hostile_text_is_refused_as_naming_nothing_where_the_record_s_name_finds_it(lookup):
    record, name = NAMED_RECORDS[lookup.url_name]()
    field = LookupField(lookup, lookup.model._default_manager.all())

    assert field.clean(name) == record
    for text in [*HOSTILE_TEXTS, "x" * 100_000]:
        assert error_of(field, text) == [lookup.no_match % {"name": " ".join(text.split())}], text[:20]


@pytest.mark.parametrize("lookup", lookups_in_the_url_conf(), ids=lambda lookup: lookup.url_name)
def test_hostile_text_suggests_nothing_and_fails_nothing_where_the_record_s_name_is_suggested(
    strategy_client, lookup
):
    record, name = NAMED_RECORDS[lookup.url_name]()
    endpoint = reverse(lookup.url_name)

    assert options(strategy_client.get(endpoint, {"q": name})) == [lookup.label(record)]
    for text in HOSTILE_TEXTS:
        assert options(strategy_client.get(endpoint, {"q": text})) == [], text[:20]
