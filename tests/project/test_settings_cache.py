"""The cache comes from CACHE_URL: local memory by default, Django's own Redis cache in production,
where `check --deploy` refuses a cache that each process keeps for itself."""

import subprocess
import sys

import environ
from django.conf import settings
from django.core import checks

from helsinki_intl.settings import env

from .processes import PROJECT, production_env


def test_the_default_cache_is_local_memory():
    assert env.scheme["CACHE_URL"][1] == "locmemcache://"
    assert environ.Env.cache_url_config("locmemcache://")["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert "default" in settings.CACHES


def test_a_redis_cache_url_gives_django_s_built_in_redis_cache():
    config = environ.Env.cache_url_config("rediscache://redis:6379/1")

    assert config == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis:6379/1",
    }


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x:6379/1"}
}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def deploy_errors(settings, caches, debug=False):
    settings.CACHES = caches
    settings.DEBUG = debug
    messages = checks.run_checks(tags=[checks.Tags.caches], include_deployment_checks=True)
    return [message.id for message in messages]


def test_with_debug_off_a_cache_of_each_process_s_own_is_a_deployment_error(settings):
    assert deploy_errors(settings, LOCMEM) == ["records.E001"]
    assert deploy_errors(settings, LOCMEM, debug=True) == []
    assert deploy_errors(settings, REDIS) == []
    # No cache at all is slower, never stale.
    assert deploy_errors(settings, DUMMY) == []


def test_the_deployment_checks_refuse_production_settings_without_a_shared_cache():
    env = {**production_env(ALLOWED_HOSTS="portal.example.com"), "CACHE_URL": "locmemcache://"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "records.E001" in result.stderr
    assert "CACHE_URL" in result.stderr
