"""Cache keys for what a list page computes from the registers' data and its query string.

A key holds the data's version (`data_version`), so that any change to the registers makes a
new one; the language and the day, which labels and date filters depend on; and the page's path
and query string, less the parameters that do not change what is cached.
"""

import hashlib

from django.utils import timezone
from django.utils.translation import get_language

from .data_version import data_version


def list_cache_key(
    kind: str, request, *, ignoring: frozenset[str] = frozenset(), per_person: bool = False
) -> str:
    params = sorted(
        (key, value) for key, values in request.GET.lists() if key not in ignoring for value in values
    )
    query = hashlib.sha256(repr(params).encode()).hexdigest()
    # Filters such as "my records" give each person their own answer.
    person = f"{request.user.pk}:" if per_person else ""
    day = timezone.localdate().isoformat()
    return f"{kind}:{data_version()}:{get_language()}:{day}:{person}{request.path}:{query}"
