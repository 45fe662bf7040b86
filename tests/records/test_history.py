import pytest
from django.urls import reverse

from helsinki_intl.records.history import change_history, recent_changes
from networks.models import Membership
from tests.factories import (
    MembershipFactory,
    MembershipGoalFactory,
    OrgUnitFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def changes_of(entry) -> dict[str, tuple[str, str]]:
    return {change.label: (change.old, change.new) for change in entry.changes}


def save_as(user, record) -> None:
    record._history_user = user
    record.save()


def test_creation_names_who_and_the_values_set():
    editor = UserFactory(username="editor")
    membership = MembershipFactory.build(
        network=MembershipFactory().network,
        owner_unit=OrgUnitFactory(name_en="Culture and Leisure Division"),
        responsible_person=UserFactory(first_name="Aino", last_name="Korhonen"),
    )
    save_as(editor, membership)

    [entry] = change_history(membership)
    assert entry.action == "created"
    assert entry.who == editor
    changes = changes_of(entry)
    assert changes["Owner unit"] == ("—", "Culture and Leisure Division")
    assert changes["Responsible person"] == ("—", "Aino Korhonen")
    assert changes["Status"] == ("—", "Proposed")
    assert changes["Annual fee (€)"][0] == "—"


def test_a_change_shows_old_and_new_values_with_many_to_many_fields_in_the_same_entry():
    editor = UserFactory()
    membership = MembershipFactory()
    climate = PriorityFactory(name_en="Climate")
    membership = Membership.objects.get(pk=membership.pk)
    membership.benefits = "Peer learning"
    save_as(editor, membership)
    membership._history_user = editor
    membership.priorities.add(climate)

    newest = change_history(membership)[0]
    assert newest.action == "changed"
    assert newest.who == editor
    assert changes_of(newest) == {"Benefits": ("—", "Peer learning"), "Priorities": ("—", "Climate")}


def test_a_save_without_changes_adds_no_entry():
    membership = MembershipFactory()
    membership.save()
    assert [entry.action for entry in change_history(membership)] == ["created"]


def test_goals_are_in_the_membership_s_history_even_when_deleted():
    author, editor = UserFactory(), UserFactory()
    membership = MembershipFactory()
    goal = MembershipGoalFactory.build(membership=membership, title="Find project partners")
    save_as(author, goal)
    goal.title = "Find partners for EU projects"
    save_as(editor, goal)
    goal._history_user = editor
    goal.delete()

    goal_entries = [entry for entry in change_history(membership, related=("goals",)) if entry.subject]
    assert [(entry.action, entry.who) for entry in goal_entries] == [
        ("deleted", editor),
        ("changed", editor),
        ("created", author),
    ]
    assert goal_entries[2].subject == "Goal: Find project partners"
    assert changes_of(goal_entries[1]) == {"Goal": ("Find project partners", "Find partners for EU projects")}


def test_quick_successive_saves_by_one_person_read_as_one_change():
    editor = UserFactory()
    membership = MembershipFactory.build(
        network=MembershipFactory().network,
        owner_unit=OrgUnitFactory(),
        responsible_person=UserFactory(),
    )
    save_as(editor, membership)
    membership.benefits = "Added a moment later"
    save_as(editor, membership)

    [entry] = change_history(membership)
    assert entry.action == "created"
    assert changes_of(entry)["Benefits"] == ("—", "Added a moment later")


def test_separate_edits_by_different_people_are_separate_entries():
    first, second = UserFactory(), UserFactory()
    membership = MembershipFactory()
    membership.benefits = "One"
    save_as(first, membership)
    membership.benefits = "Two"
    save_as(second, membership)

    entries = change_history(membership)
    assert [entry.who for entry in entries[:2]] == [second, first]
    assert changes_of(entries[0]) == {"Benefits": ("One", "Two")}


def test_recent_changes_reads_only_the_newest_and_says_older_ones_were_left_out():
    editors = UserFactory.create_batch(6)
    membership = MembershipFactory()
    for number, editor in enumerate(editors):
        membership.benefits = f"Version {number}"
        save_as(editor, membership)

    recent = recent_changes(membership, limit=3)

    assert not recent.complete
    assert [entry.who for entry in recent.entries] == [editors[5], editors[4], editors[3]]
    assert changes_of(recent.entries[0]) == {"Benefits": ("Version 4", "Version 5")}
    assert "created" not in [entry.action for entry in recent.entries]


def test_recent_changes_of_a_short_history_are_the_whole_history():
    membership = MembershipFactory()
    membership.benefits = "Peer learning"
    save_as(UserFactory(), membership)

    recent = recent_changes(membership, limit=3)

    assert recent.complete
    assert [entry.action for entry in recent.entries] == ["changed", "created"]


def test_the_history_page_says_when_older_changes_are_not_listed(strategy_client, settings, monkeypatch):
    monkeypatch.setattr("helsinki_intl.records.views.HISTORY_PAGE_ENTRIES", 2)
    membership = MembershipFactory()
    for number in range(3):
        membership.benefits = f"Version {number}"
        save_as(UserFactory(), membership)
    url = reverse("networks:membership-history", args=[membership.pk])

    page = strategy_client.get(url).content.decode()

    assert page.count('class="history__entry"') == 2
    assert "older changes are kept but not listed here" in page
