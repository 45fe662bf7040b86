"""Text that people type is shown as text: markup in a name or a description never reaches the
page as markup, on the lists, the detail pages, the change history or the dashboard."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory, RoleFactory
from tests.partnerships.factories import (
    ContactFactory,
    PartnerFactory,
    PartnershipFactory,
    PartnershipGoalFactory,
)

pytestmark = pytest.mark.django_db

REGISTERS = ("networks:network", "networks:membership", "partnerships:partner", "partnerships:partnership")
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture(params=PAYLOADS, ids=["script", "attribute"])
def payload(request):
    return request.param


def write_into_every_text_field(payload, strategy_user, strategy_unit):
    """A membership and a partnership, created plainly and then, later, given the payload."""
    mine = {"owner_unit": strategy_unit, "responsible_person": strategy_user, "active": True}
    due_soon = timezone.localdate() + datetime.timedelta(days=5)
    network = NetworkFactory(owner_unit=strategy_unit)
    membership = MembershipFactory(network=network, next_review_due=due_soon, **mine)
    partner = PartnerFactory(owner_unit=strategy_unit)
    partnership = PartnershipFactory(partner=partner, next_review_due=due_soon, **mine)
    for record in (network, membership, partner, partnership):
        record.history.update(history_date=F("history_date") - datetime.timedelta(minutes=10))

    network.name = network.themes = network.description = payload
    network.save()
    membership.benefits = membership.notes = payload
    membership.save()
    MembershipGoalFactory(membership=membership, title=payload, target=payload, indicator=payload)
    RoleFactory(membership=membership, title=payload, holder=payload)
    partner.name = payload
    partner.save()
    partnership.themes = partnership.description = payload
    partnership.save()
    PartnershipGoalFactory(partnership=partnership, title=payload, target=payload, indicator=payload)
    ContactFactory(partnership=partnership, participants=payload, summary=payload, follow_up=payload)
    return {
        "networks:network": network,
        "networks:membership": membership,
        "partnerships:partner": partner,
        "partnerships:partnership": partnership,
    }


def pages(records) -> list[str]:
    urls = [reverse("home")]
    for name, record in records.items():
        urls += [
            reverse(f"{name}-list"),
            reverse(f"{name}-detail", args=[record.pk]),
            reverse(f"{name}-history", args=[record.pk]),
        ]
    return urls


def assert_shown_as_text(response, payload: str) -> None:
    url = response.request["PATH_INFO"]
    assert response.status_code == 200, url
    html = response.content.decode()
    assert payload not in html, url
    assert escape(payload) in html, url


def test_markup_in_records_is_escaped_on_every_page(strategy_client, strategy_user, strategy_unit, payload):
    records = write_into_every_text_field(payload, strategy_user, strategy_unit)
    for url in pages(records):
        assert_shown_as_text(strategy_client.get(url), payload)


def test_markup_in_a_search_is_escaped_on_the_list(culture_client, payload):
    for name in REGISTERS:
        response = culture_client.get(reverse(f"{name}-list"), {"q": payload})
        assert_shown_as_text(response, payload)
