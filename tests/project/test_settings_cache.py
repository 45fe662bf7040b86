"""The cache comes from CACHE_URL: local memory by default, Django's own Redis cache in production."""

import environ
from django.conf import settings

from helsinki_intl.settings import env


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
