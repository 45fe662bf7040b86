import pytest
from django.contrib.auth.models import Group

from helsinki_intl.organisation import roles


@pytest.fixture
def coordination_group(db):
    return Group.objects.get_or_create(name=roles.COORDINATION_GROUP)[0]
