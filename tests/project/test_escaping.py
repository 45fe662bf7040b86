"""Text that people type is shown as text: markup in a name or a description never reaches the
page as markup, on every register's list, detail, edit and history pages or on the dashboard."""

import datetime

import pytest
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from helsinki_intl.records.fields import validate_one_line
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory, RoleFactory
from tests.partnerships.factories import (
    ContactFactory,
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
)
from tests.project.urlwalk import portal_pages

pytestmark = pytest.mark.django_db

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
RECORD_PAGES = ("detail", "edit", "history")


def registers() -> dict[str, type[models.Model]]:
    """Each register's URL name prefix ("networks:membership") and model, read from the URL conf:
    every record page with a model, so that a new register is covered without a word here."""
    return {
        page.name.removesuffix("-detail"): page.model
        # The API answers in JSON, which no browser runs as markup.
        for page in portal_pages(skip={"api": "JSON"})
        if page.name.endswith("-detail") and page.model is not None
    }


REGISTERS = registers()
LISTS_OF_NO_FREE_TEXT = {"eu_projects:cofinancingappropriation-list": "years, sums and decision references"}
"""Lists whose columns take no text that could carry markup: the payload is not on them at all."""


def free_text_fields(model) -> list[models.Field]:
    """The fields that take any text a person types (not codes, references, time zones or links)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField | models.EmailField | models.SlugField)
        and not field.choices
        and all(
            validator is validate_one_line or isinstance(validator, MaxLengthValidator)
            for validator in field.validators
        )
    ]


@pytest.fixture(params=PAYLOADS, ids=["script", "attribute"])
def payload(request):
    return request.param


def write_into_every_text_field(payload, strategy_user, strategy_unit) -> dict[str, models.Model]:
    """A record of each register, created plainly and then, later, given the payload in every
    free-text field; the rows a membership and a partnership own get it too."""
    mine = {"owner_unit": strategy_unit, "responsible_person": strategy_user}
    due_soon = timezone.localdate() + datetime.timedelta(days=5)
    network = NetworkFactory(owner_unit=strategy_unit)
    partner = PartnerFactory(owner_unit=strategy_unit)
    programme = ProgrammeFactory()
    call = CallFactory(programme=programme, owner_unit=strategy_unit)
    membership = MembershipFactory(network=network, next_review_due=due_soon, active=True, **mine)
    partnership = PartnershipFactory(partner=partner, next_review_due=due_soon, active=True, **mine)
    made = [
        network,
        membership,
        partner,
        partnership,
        programme,
        call,
        ApplicationFactory(call=call, **mine),
        CoFinancingAppropriationFactory(),
        EventBidFactory(**mine),
        ActivityFactory(**mine),
    ]
    for record in made:
        record.history.update(history_date=F("history_date") - datetime.timedelta(minutes=10))
        for field in free_text_fields(type(record)):
            setattr(record, field.name, payload)
        record.save()

    MembershipGoalFactory(membership=membership, title=payload, target=payload, indicator=payload)
    RoleFactory(membership=membership, title=payload, holder=payload)
    PartnershipGoalFactory(partnership=partnership, title=payload, target=payload, indicator=payload)
    ContactFactory(partnership=partnership, participants=payload, summary=payload, follow_up=payload)

    by_model = {type(record): record for record in made}
    missing = [name for name, model in REGISTERS.items() if model not in by_model]
    assert not missing, f"no record is made of the registers {missing}"
    return {name: by_model[model] for name, model in REGISTERS.items()}


def pages(records) -> dict[str, bool]:
    """Each page's URL, and whether it shows the payload."""
    urls = {reverse("home"): True}
    for name, record in records.items():
        urls[reverse(f"{name}-list")] = f"{name}-list" not in LISTS_OF_NO_FREE_TEXT
        urls.update({reverse(f"{name}-{view}", args=[record.pk]): True for view in RECORD_PAGES})
    return urls


def assert_shown_as_text(response, payload: str, *, shown: bool = True) -> None:
    url = response.request["PATH_INFO"]
    assert response.status_code == 200, url
    html = response.content.decode()
    assert payload not in html, url
    assert (escape(payload) in html) is shown, url


def test_every_register_is_read_from_the_url_conf():
    assert set(REGISTERS) >= {
        "networks:network",
        "networks:membership",
        "partnerships:partner",
        "partnerships:partnership",
        "eu_projects:programme",
        "eu_projects:call",
        "eu_projects:application",
        "eu_projects:cofinancingappropriation",
        "events:eventbid",
    }


def test_markup_in_records_is_escaped_on_every_page(strategy_client, strategy_user, strategy_unit, payload):
    records = write_into_every_text_field(payload, strategy_user, strategy_unit)
    for url, shown in pages(records).items():
        assert_shown_as_text(strategy_client.get(url), payload, shown=shown)


def test_markup_in_a_search_is_escaped_on_the_list(culture_client, payload):
    for name in REGISTERS:
        url = reverse(f"{name}-list")
        searchable = "q" in resolve(url).func.view_class.filterset_class.base_filters
        assert_shown_as_text(culture_client.get(url, {"q": payload}), payload, shown=searchable)
