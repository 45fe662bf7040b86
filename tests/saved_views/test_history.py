"""A view's history says who changed it, when and what."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from helsinki_intl.saved_views.models import SavedView

from .factories import SavedViewFactory

pytestmark = pytest.mark.django_db


def test_the_history_records_who_saved_and_who_changed_the_view(culture_client, culture_user, culture_unit):
    culture_client.post(
        reverse("saved_views:create"),
        {
            "list_name": "events:eventbid-list",
            "query": "status=idea",
            "name": "Ideas",
            "visibility": "private",
        },
    )
    view = SavedView.objects.get()
    # A minute between the saves: the history reads a person's saves within seconds as one change.
    view.history.update(history_date=F("history_date") - datetime.timedelta(minutes=1))
    culture_client.post(
        reverse("saved_views:edit", args=[view.pk]),
        {"name": "Bid ideas", "visibility": "unit", "unit": str(culture_unit.pk)},
    )

    rows = list(view.history.order_by("history_date"))
    assert [(row.history_type, row.history_user, row.name) for row in rows] == [
        ("+", culture_user, "Ideas"),
        ("~", culture_user, "Bid ideas"),
    ]

    response = culture_client.get(reverse("saved_views:history", args=[view.pk]))
    changes = response.context["changes"]
    assert [(entry.action, entry.who) for entry in changes] == [
        ("changed", culture_user),
        ("created", culture_user),
    ]
    assert {(change.label, change.old, change.new) for change in changes[0].changes} == {
        ("Name", "Ideas", "Bid ideas"),
        ("Shared with the unit", "—", str(culture_unit)),
    }
    created = {change.label: change.new for change in changes[1].changes}
    assert created["List"] == "Event bids"
    html = response.content.decode()
    assert str(culture_user) in html and "Bid ideas" in html


def test_deleting_is_kept_in_the_history(culture_client, culture_user):
    view = SavedViewFactory(owner=culture_user)
    culture_client.post(reverse("saved_views:delete", args=[view.pk]))

    deleted = SavedView.history.filter(id=view.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", culture_user)
