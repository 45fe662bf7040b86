"""The event bid pages: list, detail, add, edit, delete and change history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.models import EventBid
from tests.events.factories import EventBidFactory

FORM_ERRORS = "The form has errors. Please correct the fields marked below."


# Helpers --------------------------------------------------------------------------------------


def url(name: str, record=None) -> str:
    return reverse(f"events:{name}", args=[record.pk] if record is not None else [])


def html(response) -> str:
    return response.content.decode()


def field_error_html(field: str, message: str) -> str:
    return f'<div class="hds-text-input__error-text" id="id_{field}_error"><p>{escape(message)}</p></div>'


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def table_rows(response) -> list[str]:
    """The list's rows, each cell without the header a narrow screen shows beside it."""
    body = html(response).split('<tbody class="hds-table__content">', 1)[1]
    return re.findall(r"<tr>.*?</tr>", re.sub(r' data-label="[^"]*"', "", body), flags=re.S)


def new_bid_data(*, owner_unit, responsible_person, **fields) -> dict:
    """What the add form posts for a congress bid at the idea stage."""
    data = {
        "name": "SETAC Europe Annual Meeting",
        "kind": "congress",
        "owner_unit": owner_unit.name_en,
        "responsible_person": responsible_person.get_full_name(),
        "starts_on": "2029-05-14",
        "ends_on": "2029-05-18",
        "venue": "Messukeskus Helsinki",
        "city": "Helsinki",
        "country": "FI",
        "local_partner": "",
        "host_conference": "",
        "expected_delegates": "2000",
        "daily_spend_estimate": "300.00",
        "estimated_cost": "1400000.00",
        "city_resources": "120000.00",
        "expected_impact": "Researchers of environmental chemistry meet in Helsinki.",
    }
    data.update(fields)
    return data


def _post_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def posted_back(response, **changes) -> dict:
    """The data a browser posts back from a rendered form, plus changes."""
    data = {}
    for bound_field in response.context["form"]:
        value = bound_field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [_post_value(item) for item in value]
        else:
            data[bound_field.html_name] = _post_value(value)
    data.update(changes)
    return data


# List -----------------------------------------------------------------------------------------


def test_list_shows_each_bid(culture_client, culture_unit, urban_unit):
    congress = EventBidFactory(
        name="SETAC Europe",
        owner_unit=culture_unit,
        expected_delegates=2000,
        city_resources=Decimal("120000"),
    )
    abroad = EventBidFactory(
        name="Helsinki reception in Brussels",
        abroad=True,
        owner_unit=urban_unit,
        status="approved",
        decided=True,
        starts_on=datetime.date(2028, 10, 12),
        ends_on=datetime.date(2028, 10, 12),
    )

    response = culture_client.get(url("eventbid-list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [congress, abroad]
    page = html(response)
    assert "<h1>Event bids</h1>" in page
    assert "2 results" in page
    assert '<p class="lead">Bids for major events' in page
    assert '<caption class="visually-hidden">Event bids</caption>' in page
    assert '<th scope="col">Host unit</th>' in page
    assert f'<a href="{congress.get_absolute_url()}">SETAC Europe</a>' in page
    assert f'<a href="{abroad.get_absolute_url()}">Helsinki reception in Brussels</a>' in page
    assert ">Brussels, Belgium</td>" in page
    assert ">Helsinki</td>" in page
    assert ">05/06/2028</td>" in page
    assert ' class="numeric">2,000</td>' in page
    assert ' class="numeric">€120,000.00</td>' in page
    assert '<span class="hds-tag status-tag--idea">Idea</span>' in page
    assert '<span class="hds-tag status-tag--approved">Approved to bid</span>' in page
    assert (
        f'<a class="hds-button hds-button--primary" href="{url("eventbid-add")}">Add an event bid</a>' in page
    )


def test_list_empty_state(culture_client):
    page = html(culture_client.get(url("eventbid-list")))

    assert "0 results" in page
    assert "No event bids have been registered yet." in page
    assert "Add the first one" in page
    assert "Nothing matches these filters." not in page


def test_list_empty_state_when_filtered(culture_client):
    EventBidFactory()

    page = html(culture_client.get(url("eventbid-list"), {"q": "no such event"}))

    assert "Nothing matches these filters." in page
    assert "No event bids have been registered yet." not in page


def test_the_filter_form_s_default_values_do_not_count_as_filtering(culture_client):
    names = ("q", "status", "kind", "owner_unit", "priority", "sdg", "starts_after", "starts_before")
    params = dict.fromkeys((*names, "decision_pending"), "")

    page = html(culture_client.get(url("eventbid-list"), params))

    assert "No event bids have been registered yet." in page
    assert "Clear filters" not in page


def test_list_pagination(culture_client, culture_unit):
    bids = [
        EventBidFactory(
            owner_unit=culture_unit,
            name=f"Congress {n:02}",
            starts_on=datetime.date(2028, 1, 1) + datetime.timedelta(days=n),
            ends_on=datetime.date(2028, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(27)
    ]

    first = culture_client.get(url("eventbid-list"))
    second = culture_client.get(url("eventbid-list"), {"page": "2"})

    assert first.context["paginator"].count == 27
    assert list(first.context["object_list"]) == bids[:25]
    assert list(second.context["object_list"]) == bids[25:]
    assert "Page 1 of 2" in html(first)
    assert 'href="?page=2" rel="next"' in html(first)
    assert culture_client.get(url("eventbid-list"), {"page": "3"}).status_code == 404


SORTS = {
    "name": lambda bid: bid.name,
    "starts": lambda bid: bid.starts_on,
    "status": lambda bid: bid.status,
    "delegates": lambda bid: bid.expected_delegates,
    "resources": lambda bid: bid.city_resources,
}


@pytest.mark.parametrize("sort", list(SORTS))
def test_list_sorts_by_each_column(culture_client, sort):
    rows = [
        ("Beta", datetime.date(2028, 3, 1), "idea", 1500, "50000"),
        ("Alpha", datetime.date(2029, 1, 1), "for_decision", 6000, "10000"),
        ("Gamma", datetime.date(2027, 6, 1), "declined", 3000, "90000"),
    ]
    for name, starts, status, delegates, resources in rows:
        EventBidFactory(
            name=name,
            starts_on=starts,
            ends_on=starts,
            status=status,
            expected_delegates=delegates,
            city_resources=Decimal(resources),
            decided=status == "declined",
        )
    key = SORTS[sort]
    expected = sorted(EventBid.objects.all(), key=key)

    ascending = culture_client.get(url("eventbid-list"), {"sort": sort})
    descending = culture_client.get(url("eventbid-list"), {"sort": f"-{sort}"})

    assert list(ascending.context["object_list"]) == expected
    assert list(descending.context["object_list"]) == expected[::-1]
    for row, bid in zip(table_rows(descending), expected[::-1], strict=True):
        assert f">{bid.name}</a></td>" in row
    assert f'aria-sort="descending"><a href="?sort={sort}">' in html(descending)


def test_a_sorted_list_ends_its_order_with_the_primary_key(culture_client):
    EventBidFactory()

    response = culture_client.get(url("eventbid-list"), {"sort": "status"})

    assert response.context["paginator"].object_list.query.order_by[-1] == "pk"


# Detail ---------------------------------------------------------------------------------------


def test_detail_shows_everything(culture_client, culture_unit):
    bid = EventBidFactory(
        name="World Circular Economy Forum",
        owner_unit=culture_unit,
        status="won",
        decided=True,
        starts_on=datetime.date(2027, 5, 11),
        ends_on=datetime.date(2027, 5, 13),
        venue="Finlandia Hall",
        expected_delegates=1500,
        daily_spend_estimate=Decimal("320.00"),
        estimated_cost=Decimal("900000"),
        city_resources=Decimal("80000"),
        expected_impact="Shows the circular economy roadmap.",
    )
    bid.sdgs.set([12])

    response = culture_client.get(bid.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert page.count("<h1>") == 1
    assert (
        "<h1>World Circular Economy Forum "
        '<span class="subtitle">International congress in Helsinki</span></h1>' in page
    )
    assert '<span class="hds-tag status-tag--won">Won</span>' in page
    assert "<dt>Host unit</dt><dd>Culture and Leisure Division</dd>" in page
    assert "<dt>Dates</dt><dd>11/05/2027–13/05/2027 (3 days)</dd>" in page
    assert "<dt>Venue</dt><dd>Finlandia Hall</dd>" in page
    assert "<dt>Place</dt><dd>Helsinki, Finland</dd>" in page
    assert "<dt>Expected delegates</dt><dd>1,500</dd>" in page
    assert "<dt>Estimated cost</dt><dd>€900,000.00</dd>" in page
    assert "<dt>City resources</dt><dd>€80,000.00</dd>" in page
    assert "<dt>Daily spend per delegate</dt><dd>€320.00</dd>" in page
    # 1,500 delegates × 3 days × 320 €
    assert "<dt>Estimated economic impact</dt><dd>€1,440,000.00" in page
    assert "Shows the circular economy roadmap." in page
    assert "12. Responsible consumption and production" in page
    assert "<dt>Decision date</dt><dd>10/03/2026</dd>" in page
    assert "<dt>Decision number</dt><dd>HEL 2026-001234</dd>" in page
    assert "<dt>Decision</dt><dd>The group supports the bid.</dd>" in page
    assert "Not decided yet." not in page
    assert "<dt>Local partner</dt>" not in page
    assert f'href="{url("eventbid-history", bid)}">Change history</a>' in page


def test_detail_of_an_event_abroad_names_its_partner_and_conference(culture_client):
    bid = EventBidFactory(abroad=True, local_partner="Business Finland Japan", city="Osaka", country="JP")

    page = html(culture_client.get(bid.get_absolute_url()))

    assert "<dt>Place</dt><dd>Osaka, Japan</dd>" in page
    assert "<dt>Local partner</dt><dd>Business Finland Japan</dd>" in page
    assert "<dt>Host conference</dt><dd>European Week of Regions and Cities</dd>" in page
    assert "Not decided yet." in page


def test_detail_of_a_missing_bid_is_404(culture_client):
    assert culture_client.get(reverse("events:eventbid-detail", args=[999999])).status_code == 404


# Adding ---------------------------------------------------------------------------------------


def test_add_form_offers_the_user_s_unit_and_helsinki(culture_client, culture_user, culture_unit):
    response = culture_client.get(url("eventbid-add"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["owner_unit"].value() == "Culture and Leisure Division (kuva)"
    assert form["responsible_person"].value() == f"{culture_user.get_full_name()} (culture)"
    assert form["city"].value() == "Helsinki"
    assert form["country"].value() == "FI"
    assert form["daily_spend_estimate"].value() == Decimal("300.00")
    page = html(response)
    assert '<label class="hds-text-input__label" for="id_owner_unit">Host unit' in page
    assert '<option value="FI" selected>Finland</option>' in page


def test_add_a_bid(culture_client, culture_user, culture_unit):
    data = new_bid_data(owner_unit=culture_unit, responsible_person=culture_user, sdgs=["12", "14"])

    response = culture_client.post(url("eventbid-add"), data)

    bid = EventBid.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bid.get_absolute_url()
    assert bid.name == "SETAC Europe Annual Meeting"
    assert bid.owner_unit == culture_unit
    assert bid.status == "idea"
    assert (bid.starts_on, bid.ends_on, bid.days) == (
        datetime.date(2029, 5, 14),
        datetime.date(2029, 5, 18),
        5,
    )
    assert bid.expected_delegates == 2000
    assert bid.city_resources == Decimal("120000.00")
    assert sorted(bid.sdgs.values_list("number", flat=True)) == [12, 14]
    assert bid.economic_impact == Decimal("3000000.00")
    detail = culture_client.get(response["Location"])
    assert "“SETAC Europe Annual Meeting” was added." in messages_of(detail)


def test_add_an_event_abroad(culture_client, culture_user, culture_unit):
    data = new_bid_data(
        owner_unit=culture_unit,
        responsible_person=culture_user,
        name="Helsinki business day at Expo",
        kind="abroad",
        city="Osaka",
        country="JP",
        local_partner="Business Finland Japan",
    )

    assert culture_client.post(url("eventbid-add"), data).status_code == 302
    assert EventBid.objects.get().country_name == "Japan"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2029-05-13"}, "ends_on", "The event cannot end before it starts."),
        ({"city_resources": "-1"}, "city_resources", "The city resources cannot be negative."),
        ({"estimated_cost": "-1"}, "estimated_cost", "The estimated cost cannot be negative."),
        ({"daily_spend_estimate": "-1"}, "daily_spend_estimate", "The daily spend cannot be negative."),
        ({"expected_delegates": "0"}, "expected_delegates", "An event needs at least one expected delegate."),
        (
            {"kind": "abroad", "city": "Brussels", "country": "BE"},
            "local_partner",
            "An event abroad is organised only with a local partner organisation or as part of a larger "
            "international conference: name one or the other.",
        ),
        (
            {"city": "Espoo"},
            "city",
            "An event in Helsinki has Helsinki as its city; an event elsewhere is abroad.",
        ),
        (
            {"country": "XK", "kind": "abroad", "host_conference": "Expo"},
            "country",
            "Give the country as its two-letter ISO 3166-1 code, e.g. FI or BE.",
        ),
    ],
    ids=[
        "ends-before-start",
        "negative-resources",
        "negative-cost",
        "negative-spend",
        "no-delegates",
        "abroad-without-partner",
        "helsinki-event-elsewhere",
        "not-an-iso-country",
    ],
)
def test_add_form_errors_show_at_the_field_and_save_nothing(
    culture_client, culture_user, culture_unit, changes, field, message
):
    data = new_bid_data(owner_unit=culture_unit, responsible_person=culture_user, **changes)

    response = culture_client.post(url("eventbid-add"), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    page = html(response)
    assert field_error_html(field, message) in page
    assert FORM_ERRORS in page
    assert EventBid.objects.count() == 0


# Editing --------------------------------------------------------------------------------------


def test_edit_form_shows_the_saved_values(culture_client, culture_unit):
    bid = EventBidFactory(owner_unit=culture_unit, name="EAIE Annual Conference")

    response = culture_client.get(url("eventbid-edit", bid))

    assert response.status_code == 200
    assert response.context["form"]["name"].value() == "EAIE Annual Conference"
    assert response.context["form"]["city_resources"].value() == Decimal("100000.00")


def test_edit_saves_the_bid(culture_client, culture_unit):
    bid = EventBidFactory(owner_unit=culture_unit, status="idea")

    form_page = culture_client.get(url("eventbid-edit", bid))
    response = culture_client.post(url("eventbid-edit", bid), posted_back(form_page, venue="Finlandia Hall"))

    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.venue == "Finlandia Hall"
    assert f"“{bid}” was saved." in messages_of(culture_client.get(response["Location"]))


def test_the_edit_form_has_no_status_or_decision_fields(culture_client, culture_unit):
    """The status and the decision move only through the steps of the bid's process."""
    bid = EventBidFactory(owner_unit=culture_unit)
    form = culture_client.get(url("eventbid-edit", bid)).context["form"]
    assert not {
        "status",
        "decision_date",
        "decision",
        "minutes_reference",
        "conditions",
        "resources_granted",
    } & set(form.fields)


def test_an_edit_that_a_status_rule_refuses_says_why_and_changes_nothing(culture_client, culture_unit):
    """A held event moved to start later is refused with the form's own error, not a failure."""
    bid = EventBidFactory(
        owner_unit=culture_unit,
        status="held",
        decided=True,
        starts_on=datetime.date(2025, 5, 1),
        ends_on=datetime.date(2025, 5, 2),
    )
    form_page = culture_client.get(url("eventbid-edit", bid))

    response = culture_client.post(
        url("eventbid-edit", bid), posted_back(form_page, starts_on="2099-05-01", ends_on="2099-05-02")
    )

    assert response.status_code == 200
    assert (
        "An event can be marked held only once it has started." in response.context["form"].non_field_errors()
    )
    bid.refresh_from_db()
    assert bid.starts_on == datetime.date(2025, 5, 1)


# Deleting and history -------------------------------------------------------------------------


def test_delete_a_bid(culture_client, culture_unit):
    bid = EventBidFactory(owner_unit=culture_unit, name="Eurovision Song Contest")

    confirm = culture_client.get(url("eventbid-delete", bid))
    response = culture_client.post(url("eventbid-delete", bid))

    assert confirm.status_code == 200
    assert "Eurovision Song Contest" in html(confirm)
    assert response.status_code == 302
    assert response["Location"] == url("eventbid-list")
    assert not EventBid.objects.exists()
    assert "“Eurovision Song Contest” was deleted." in messages_of(culture_client.get(response["Location"]))


def test_history_names_who_changed_what(culture_client, culture_user, culture_unit):
    bid = EventBidFactory(owner_unit=culture_unit, status="idea", city_resources=Decimal("100000"))
    form_page = culture_client.get(url("eventbid-edit", bid))
    culture_client.post(
        url("eventbid-edit", bid), posted_back(form_page, venue="Finlandia Hall", city_resources="150000.00")
    )

    response = culture_client.get(url("eventbid-history", bid))

    assert response.status_code == 200
    [latest, *_] = response.context["changes"]
    assert latest.who == culture_user
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["Venue"] == ("Messukeskus Helsinki", "Finlandia Hall")
    assert changes["City resources (€)"][1].startswith("150")
    assert "Finlandia Hall" in html(response)


# Typed names instead of drop-downs -------------------------------------------------------------


def test_a_bid_is_saved_with_the_unit_and_person_typed_by_name(culture_client, culture_user, culture_unit):
    data = new_bid_data(owner_unit=culture_unit, responsible_person=culture_user)
    data.update({"owner_unit": "Kulttuurin ja vapaa-ajan toimiala", "responsible_person": "culture"})

    response = culture_client.post(url("eventbid-add"), data)

    assert response.status_code == 302
    bid = EventBid.objects.get()
    assert (bid.owner_unit, bid.responsible_person) == (culture_unit, culture_user)


def test_a_responsible_person_that_no_one_is_named_is_refused(culture_client, culture_user, culture_unit):
    data = new_bid_data(owner_unit=culture_unit, responsible_person=culture_user)
    data["responsible_person"] = "Nobody Known"

    response = culture_client.post(url("eventbid-add"), data)

    assert response.status_code == 200
    assert field_error_html("responsible_person", "No one is named “Nobody Known”.") in html(response)
    assert EventBid.objects.count() == 0
