"""Every endpoint takes the same number of queries for a page of 5 rows as for one of 500: related
records' names are read once for the page, never one query a row, and kept while the data is
unchanged."""

import pytest

from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.strategy.models import SDG
from tests.api.growth import grow_by

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 500
SIGNED_IN = 2
"""The person's session and account."""
PAGE = 2
"""The page's rows, and the keys of their many related records."""


def related_models(model) -> set:
    return {
        field.related_model
        for field in model._meta.get_fields()
        if (field.many_to_one and field.concrete) or (field.many_to_many and not field.auto_created)
    }


def most_queries(endpoint) -> int:
    """Signed in, the page, and the names of each related model's records (none kept yet)."""
    return SIGNED_IN + PAGE + len(related_models(endpoint.model))


@pytest.mark.parametrize("endpoint", endpoints(), ids=lambda endpoint: endpoint.path)
def test_an_endpoint_takes_as_many_queries_for_500_rows_as_for_5(
    endpoint, shared, strategy_client, django_assert_max_num_queries
):
    grow = grow_by(endpoint.model, shared)
    path = f"/api/v1/{endpoint.path}/?page_size={MANY}"
    grow(FEW)
    with django_assert_max_num_queries(most_queries(endpoint)) as few:
        assert strategy_client.get(path).status_code == 200

    grow(MANY - FEW)
    with django_assert_max_num_queries(most_queries(endpoint)) as many:
        response = strategy_client.get(path)
    assert response.status_code == 200

    assert len(many) == len(few), "\n".join(query["sql"] for query in many.captured_queries)
    if endpoint.model is not SDG:
        assert len(response.json()["results"]) >= min(MANY, 100)
    # The names read for the first answer are kept while nothing is saved.
    with django_assert_max_num_queries(SIGNED_IN + PAGE):
        assert strategy_client.get(path).json() == response.json()
