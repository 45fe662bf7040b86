"""A list read as rows of values is what the serializer writes of each record, and on PostgreSQL
the CSV whose cells the database writes is the file that Python writes."""

import csv
import io
import json

import pytest
from django.db import connection, models
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from helsinki_intl.api import reading
from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.api.reading import ListReader
from helsinki_intl.api.serializers import serializer_for
from helsinki_intl.api.spreadsheets import SqlLines, python_rows
from helsinki_intl.records.export.writers import csv_chunks, csv_line_chunks
from tests.api.growth import grow_by
from tests.factories import MembershipFactory
from tests.records.test_export_sql import AWKWARD_TEXT as SPREADSHEET_TEXT

pytestmark = pytest.mark.django_db

ROWS = 7
AWKWARD_TEXT = [text for text in SPREADSHEET_TEXT if text]
"""Text a spreadsheet would run or split; not empty, which some text fields may not be."""


def with_awkward_text(model) -> None:
    """Each row's free text (its multi-line fields) such as a spreadsheet would run or split."""
    texts = [field.attname for field in model._meta.concrete_fields if isinstance(field, models.TextField)]
    for number, pk in enumerate(model._default_manager.order_by("pk").values_list("pk", flat=True)):
        text = AWKWARD_TEXT[number % len(AWKWARD_TEXT)]
        model._default_manager.filter(pk=pk).update(**dict.fromkeys(texts, text))


def without_related(model) -> None:
    """The newest row without the related records it may be without."""
    record = model._default_manager.order_by("pk").last()
    fields = model._meta.concrete_fields
    nullable = {field.attname: None for field in fields if field.many_to_one and field.null}
    model._default_manager.filter(pk=record.pk).update(**nullable)
    for field in model._meta.many_to_many:
        getattr(record, field.name).clear()


@pytest.fixture
def rows_of(shared):
    def make(endpoint):
        grow_by(endpoint.model, shared)(ROWS)
        with_awkward_text(endpoint.model)
        without_related(endpoint.model)

    return make


def api_request(user) -> Request:
    request = APIRequestFactory().get("/")
    force_authenticate(request, user)
    return Request(request)


def records_of(endpoint):
    return endpoint.model._default_manager.order_by("pk")


@pytest.mark.parametrize("endpoint", endpoints(), ids=lambda endpoint: endpoint.path)
def test_a_page_is_what_the_serializer_writes_of_its_records(
    endpoint, rows_of, strategy_client, strategy_user
):
    rows_of(endpoint)

    with translation.override("en"):
        answer = strategy_client.get(f"/api/v1/{endpoint.path}/?page_size=500", HTTP_ACCEPT_LANGUAGE="en")
        written = serializer_for(endpoint)(
            records_of(endpoint), many=True, context={"request": api_request(strategy_user)}
        ).data

    results = answer.json()["results"]
    assert len(results) >= ROWS
    expected = {record["id"]: record for record in json.loads(JSONRenderer().render(written))}
    assert [expected[record["id"]] for record in results] == results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database writes the cells on PostgreSQL")
@pytest.mark.parametrize("endpoint", endpoints(), ids=lambda endpoint: endpoint.path)
def test_the_database_writes_the_csv_that_python_writes(endpoint, rows_of, strategy_user):
    rows_of(endpoint)
    reader = ListReader(serializer_for(endpoint)(context={"request": api_request(strategy_user)}))

    by_database = "".join(csv_line_chunks(SqlLines(reader, records_of(endpoint)).lines()))
    by_python = "".join(csv_chunks(python_rows(reader, records_of(endpoint))))

    assert by_database == by_python
    assert len(list(csv.reader(io.StringIO(by_python)))) == records_of(endpoint).count()


def test_a_renamed_record_is_named_anew_in_the_next_answer(strategy_client):
    membership = MembershipFactory(network__name="Before")
    path = "/api/v1/networks/memberships/"
    assert strategy_client.get(path).json()["results"][0]["network"]["name"] == "Before"

    membership.network.name = "After"
    membership.network.save()

    assert strategy_client.get(path).json()["results"][0]["network"]["name"] == "After"


def test_names_beyond_what_a_worker_keeps_are_still_written(strategy_client, monkeypatch):
    monkeypatch.setattr(reading, "MOST_NAMES_KEPT", 2)
    networks = {MembershipFactory(network__name=f"Network {number}").network.name for number in range(5)}
    path = "/api/v1/networks/memberships/"

    for _ in range(2):
        results = strategy_client.get(path).json()["results"]
        assert {result["network"]["name"] for result in results} == networks


def test_a_field_that_is_not_stored_is_not_read_as_a_row():
    class Computed(serializer_for(next(iter(endpoints())))):
        computed = serializers.SerializerMethodField()

        class Meta(serializer_for(next(iter(endpoints()))).Meta):
            fields = ["id", "computed"]

        def get_computed(self, record):
            return "computed"

    with pytest.raises(reading.Unreadable):
        ListReader(Computed(context={}))
