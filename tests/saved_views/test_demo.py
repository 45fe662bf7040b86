"""The demo accounts' saved views."""

import pytest
from django.core.management import call_command

from helsinki_intl.saved_views.models import SavedView


@pytest.mark.django_db
def test_the_demo_views_open_their_lists_with_filters_the_lists_take(client):
    call_command("seed_demo")
    views = list(SavedView.objects.select_related("owner"))

    assert {view.owner.username for view in views} >= {"strategy", "culture", "urban", "coordinator"}
    assert any(view.shared_with_unit for view in views) and any(view.shared_with_group for view in views)
    for view in views:
        client.force_login(view.owner)
        response = client.get(view.get_absolute_url())
        assert response.status_code == 200, view.name
        assert not response.context["filter"].errors, view.name
