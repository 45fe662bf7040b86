"""Shared fixtures: organisation units and a signed-in client for each kind of user.

- `strategy_client`: the Strategy Department's international affairs (may manage everything)
- `coordinator_client`: a member of the coordination group (in the Economic Development Department)
- `culture_client` / `urban_client`: staff of the Culture and Leisure / Urban Environment Division
- `client`: anonymous
"""

import importlib
import os

import pytest
from django.apps import apps
from django.core.cache import caches
from django.test import Client

from helsinki_intl.accounts import sessions
from helsinki_intl.organisation import roles
from tests.factories import OrgUnitFactory, UserFactory

load_sdgs = importlib.import_module("helsinki_intl.strategy.migrations.0002_load_sdgs").load_sdgs

FIRST_WORKERS_REDIS_DATABASE, REDIS_DATABASES = 3, 16
"""Redis's databases 0-2 are the broker's, the cache's and the benchmark's; a server has 16."""


def _a_broker_of_the_worker_s_own() -> None:
    """Each test worker's Celery workers take tasks from a Redis database of their own, so that
    a worker started by one test never runs the tasks another test queued at the same time."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1...
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if worker.startswith("gw") and broker.startswith("redis://"):
        spread = REDIS_DATABASES - FIRST_WORKERS_REDIS_DATABASE
        database = FIRST_WORKERS_REDIS_DATABASE + int(worker.removeprefix("gw")) % spread
        os.environ["CELERY_BROKER_URL"] = f"{broker.rsplit('/', 1)[0]}/{database}"


_a_broker_of_the_worker_s_own()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Run without migrations (`--no-migrations`, as `make mutants` does, for speed), the test
    database gets the reference data that the migrations load: the 17 SDGs."""
    if request.config.getoption("nomigrations"):
        with django_db_blocker.unblock():
            load_sdgs(apps, schema_editor=None)


@pytest.fixture(autouse=True)
def _fast_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def _documents_root(tmp_path_factory):
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_folder(settings, _documents_root):
    """The documents tests attach are kept in a folder of the test run's, not in the portal's."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(_documents_root), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _session_activity_outside_the_query_counts(request, monkeypatch):
    """A signed-in request saves its session once a minute, to note the person's activity. A test
    that counts a request's queries counts that save only when a minute passed since its previous
    request, as on a busy machine while it adds hundreds of rows: in those tests it is never due."""
    if {"django_assert_max_num_queries", "django_assert_num_queries"} & set(request.fixturenames):
        monkeypatch.setattr(sessions, "ACTIVITY_RESOLUTION_SECONDS", 10**9)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts and ends with empty caches: nothing cached by one test is read by another."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def strategy_unit(db):
    return OrgUnitFactory(code="strategia", name_fi="Strategiaosasto", name_en="Strategy Department")


@pytest.fixture
def economy_unit(db):
    return OrgUnitFactory(
        code="elinkeino", name_fi="Elinkeino-osasto", name_en="Economic Development Department"
    )


@pytest.fixture
def culture_unit(db):
    return OrgUnitFactory(
        code="kuva", name_fi="Kulttuurin ja vapaa-ajan toimiala", name_en="Culture and Leisure Division"
    )


@pytest.fixture
def urban_unit(db):
    return OrgUnitFactory(
        code="kymp", name_fi="Kaupunkiympäristön toimiala", name_en="Urban Environment Division"
    )


@pytest.fixture
def strategy_user(strategy_unit):
    return UserFactory(
        username="strategy",
        units=[strategy_unit],
        groups=[roles.INTERNATIONAL_AFFAIRS, roles.COORDINATION_GROUP],
        is_staff=True,
    )


@pytest.fixture
def coordinator_user(economy_unit):
    return UserFactory(username="coordinator", units=[economy_unit], groups=[roles.COORDINATION_GROUP])


@pytest.fixture
def culture_user(culture_unit):
    return UserFactory(username="culture", units=[culture_unit])


@pytest.fixture
def urban_user(urban_unit):
    return UserFactory(username="urban", units=[urban_unit])


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def strategy_client(strategy_user):
    return _client_for(strategy_user)


@pytest.fixture
def coordinator_client(coordinator_user):
    return _client_for(coordinator_user)


@pytest.fixture
def culture_client(culture_user):
    return _client_for(culture_user)


@pytest.fixture
def urban_client(urban_user):
    return _client_for(urban_user)


@pytest.fixture
def major_events_user(urban_unit):
    return UserFactory(units=[urban_unit], groups=[roles.MAJOR_EVENTS_GROUP])


@pytest.fixture
def major_events_client(major_events_user):
    return _client_for(major_events_user)


@pytest.fixture
def step_clients(culture_unit, urban_unit, coordinator_client, strategy_client, major_events_client):
    """A client for each role of a process's permission walk (tests/records/process_walk.py)."""
    return {
        "anonymous": Client(),
        "owner unit": _client_for(UserFactory(units=[culture_unit])),
        "other unit": _client_for(UserFactory(units=[urban_unit])),
        "coordinator": coordinator_client,
        "international affairs": strategy_client,
        "major events": major_events_client,
        "inactive owner": _client_for(UserFactory(units=[culture_unit], is_active=False)),
    }


def _server_stage(item) -> int:
    """0 for most tests, 1 for those that start processes, 2 for the browser tests."""
    if item.get_closest_marker("browser"):
        return 2
    return 1 if item.get_closest_marker("processes") else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that start servers run last, after pytest-django has ordered the rest: first the
    process tests, some of which empty the database, which no test of the rest should meet; then
    the browser tests, whose live server keeps the demo data and its settings for the rest of the
    session, which no other test should see. With several workers (`make test` runs a worker a
    core), each worker is sent its tests in this order too."""
    items.sort(key=_server_stage)
