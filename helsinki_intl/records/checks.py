"""Deployment checks for what the registers need of the server."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = frozenset({"django.core.cache.backends.locmem.LocMemCache"})
"""Caches each process keeps for itself: under several gunicorn workers a change made through one
would not reach the figures the others have cached (the data version lives in the cache)."""


@checks.register(checks.Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    return [
        checks.Error(
            f"The cache {alias!r} ({config['BACKEND']}) is kept by each process for itself: with "
            "several web workers, a change made through one is not seen in the lists and counts "
            "the others have cached.",
            hint="Set CACHE_URL to a cache every process shares, e.g. rediscache://127.0.0.1:6379/1.",
            id="records.E001",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"] in PER_PROCESS_CACHES
    ]


@checks.register(checks.Tags.security)
def workbooks_are_parsed_safely(app_configs, **kwargs) -> list[checks.CheckMessage]:
    import openpyxl

    if openpyxl.DEFUSEDXML:
        return []
    return [
        checks.Error(
            "openpyxl reads uploaded workbooks without defusedxml: an XML bomb or an external "
            "entity in a workbook's parts would be expanded.",
            hint="Install defusedxml (a dependency of the portal) and leave OPENPYXL_DEFUSEDXML unset.",
            id="records.E002",
        )
    ]
