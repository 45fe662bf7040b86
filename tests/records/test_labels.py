"""Labels start with a capital letter: the tags beside dates and names, the screen reader's
"(Required)", the actions of a record's history and the values that stand alone in a cell."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.eu_projects.factories import ProgrammeFactory
from tests.factories import MembershipFactory, PriorityNetworkFactory, StrategyPeriodFactory
from tests.journal.factories import journal_entry
from tests.networks.test_views import posted_back, url
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
LABEL_CLASSES = ("hds-tag", "visually-hidden", "history__heading")


class Labels(HTMLParser):
    """The text of each tag, screen-reader text and history heading of a page."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None, list[str]]] = []
        self.found: dict[str, list[str]] = {name: [] for name in LABEL_CLASSES}

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        kind = next((name for name in LABEL_CLASSES if name in classes), None)
        self.open.append((tag, kind, []))

    def handle_endtag(self, tag):
        while self.open:
            name, kind, text = self.open.pop()
            written = " ".join("".join(text).split())
            if kind is not None:
                self.found[kind].append(written)
            if self.open:
                self.open[-1][2].append(f" {written} ")
            if name == tag:
                return

    def handle_data(self, data):
        if self.open:
            self.open[-1][2].append(data)


def labels(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    parser = Labels()
    parser.feed(response.content.decode())
    return parser.found


def starts_lower(text: str) -> bool:
    """Whether the text's first letter, after an opening bracket, is a small one."""
    return text.lstrip("(")[:1].islower()


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def labelled(culture_unit, culture_user):
    """A record of each kind of tag: reviews overdue and due today, a target network, a planned
    contact."""
    overdue = MembershipFactory(
        active=True,
        owner_unit=culture_unit,
        responsible_person=culture_user,
        next_review_due=today() - datetime.timedelta(days=3),
    )
    MembershipFactory(active=True, owner_unit=culture_unit, next_review_due=today())
    period = StrategyPeriodFactory(
        name="2025–2029",
        starts_on=today() - datetime.timedelta(days=400),
        ends_on=today() + datetime.timedelta(days=1000),
    )
    PriorityNetworkFactory(period=period, network__name="C40", is_target=True)
    partnership = PartnershipFactory(
        active=True, owner_unit=culture_unit, next_review_due=today() - datetime.timedelta(days=1)
    )
    journal_entry(partnership, kind="meeting", date=today() + datetime.timedelta(days=30))
    return {"membership": overdue, "partnership": partnership}


def test_the_tags_start_with_a_capital_letter(coordinator_client, culture_client, labelled):
    membership, partnership = labelled["membership"], labelled["partnership"]
    pages = [
        culture_client.get(reverse("home")),
        culture_client.get(reverse("networks:membership-list")),
        culture_client.get(membership.get_absolute_url()),
        culture_client.get(partnership.get_absolute_url()),
        coordinator_client.get(reverse("coordination:review-queue")),
        coordinator_client.get(reverse("coordination:review-add", args=["membership", membership.pk])),
    ]

    tags = {tag for page in pages for tag in labels(page)["hds-tag"]}

    assert {"Overdue", "Target to join", "Planned", "Due today", "Overdue by 3 days"} <= tags
    assert [tag for tag in tags if starts_lower(tag)] == []


def test_a_required_field_tells_the_screen_reader_with_a_capital_letter(culture_client):
    hidden = labels(culture_client.get(reverse("networks:membership-add")))["visually-hidden"]

    assert "(Required)" in hidden
    assert [text for text in hidden if starts_lower(text)] == []


def test_the_history_names_each_change_with_a_capital_letter(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    form_page = culture_client.get(url("membership-edit", membership))
    culture_client.post(url("membership-edit", membership), posted_back(form_page, annual_fee="2500.00"))

    headings = labels(culture_client.get(url("membership-history", membership)))["history__heading"]

    # "date – who: what", newest first; the factory's creation was by no one signed in.
    actions = [re.split(r":\s+", heading, maxsplit=1)[1].split()[0] for heading in headings]
    assert actions[0] == "Changed" and set(actions[1:]) == {"Created"}  # the record and its goal
    assert " – System: Created" in headings[-1]


def test_values_alone_in_a_cell_start_with_a_capital_letter(strategy_client):
    programme = ProgrammeFactory(name="LIFE", is_active=True)

    listed = strategy_client.get(reverse("eu_projects:programme-list")).content.decode()
    shown = strategy_client.get(programme.get_absolute_url()).content.decode()
    guide = strategy_client.get(reverse("import-guide", args=["memberships"])).content.decode()

    assert '<td data-label="Active">Yes</td>' in listed
    assert "<dd>Yes</dd>" in shown
    assert "Required<br>Finds the record again</td>" in guide
