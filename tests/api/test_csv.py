"""A list endpoint as CSV: the whole filtered list, streamed, cells as the exports write them."""

import csv
import io
from decimal import Decimal

import pytest

from tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/v1/networks/memberships/"


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("ask", [{"data": {"format": "csv"}}, {"HTTP_ACCEPT": "text/csv"}])
def test_the_whole_filtered_list_in_one_answer(culture_client, ask):
    for fee in range(120):
        MembershipFactory(annual_fee=Decimal(fee), status="proposed")
    MembershipFactory(status="active", start_date="2020-01-01")
    data = {"status": "proposed", "sort": "-fee", **ask.pop("data", {})}

    response = culture_client.get(MEMBERSHIPS, data, **ask)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = read_csv(response)
    assert len(rows) == 120
    assert rows[0]["annual_fee"] == "119.00"
    assert "responsible_person" not in rows[0]
    assert rows[0]["network"].startswith(rows[0]["network"][:3])


def test_cells_are_written_as_the_exports_write_them(strategy_client):
    membership = MembershipFactory(
        network=NetworkFactory(name='=HYPERLINK("http://evil")'),
        annual_fee=Decimal("5.50"),
        start_date="2024-02-29",
        notes="+1 and @mention",
    )
    membership.sdgs.set([11, 13])

    row = read_csv(strategy_client.get(MEMBERSHIPS, {"format": "csv"}))[0]

    assert row["network"] == '\'=HYPERLINK("http://evil")'
    assert row["notes"] == "'+1 and @mention"
    assert row["annual_fee"] == "5.50"
    assert row["start_date"] == "2024-02-29"
    assert row["sdgs"].count(";") == 1
    assert row["responsible_person"] == str(membership.responsible_person)


def test_the_csv_has_an_etag_too(culture_client):
    MembershipFactory()
    first = culture_client.get(MEMBERSHIPS, {"format": "csv"})
    b"".join(first.streaming_content)

    again = culture_client.get(MEMBERSHIPS, {"format": "csv"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert first["ETag"] != culture_client.get(MEMBERSHIPS)["ETag"]


def test_a_csv_takes_as_many_queries_for_many_rows_as_for_few(strategy_client, django_assert_max_num_queries):
    MembershipFactory.create_batch(3)
    with django_assert_max_num_queries(10) as few:
        read_csv(strategy_client.get(MEMBERSHIPS, {"format": "csv"}))
    MembershipFactory.create_batch(30)
    with django_assert_max_num_queries(10) as many:
        read_csv(strategy_client.get(MEMBERSHIPS, {"format": "csv"}))

    assert len(many) == len(few)


def test_without_a_token_the_csv_is_refused(client):
    assert client.get(MEMBERSHIPS, {"format": "csv"}).status_code == 401
