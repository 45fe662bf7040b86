"""The property tests' own tools do what the tests rely on them for."""

import os

import pytest
from hypothesis import settings

from networks.models import Network
from tests.factories import NetworkFactory
from tests.property.hostile import changes, snapshot


@pytest.mark.django_db
def test_a_changed_value_is_a_change_though_no_row_is_added_or_removed():
    network = NetworkFactory(name="Eurocities")
    before = snapshot()
    Network.objects.filter(pk=network.pk).update(name="Eurocities 2")
    changed = changes(before)
    assert set(changed) == {"networks.Network"}
    assert len(changed["networks.Network"]["gone"]) == len(changed["networks.Network"]["new"]) == 1


@pytest.mark.django_db
def test_nothing_changed_is_no_change():
    NetworkFactory()
    assert changes(snapshot()) == {}


def test_the_ci_profile_tries_the_same_examples_every_run():
    ci = settings.get_profile("ci")
    assert ci.derandomize
    assert ci.database is None
    assert ci.max_examples >= 10


@pytest.mark.skipif(os.environ.get("HYPOTHESIS_PROFILE") != "ci", reason="where ci is chosen")
def test_the_profile_named_in_the_environment_is_the_one_loaded():
    assert settings.default.derandomize
