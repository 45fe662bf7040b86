"""What a list page keeps in the cache: its filter form, rendered once per query, language and
version of the data, and its count of rows; what the page shows stays what the filters and the
data say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsinki_intl.records import filter_form
from tests.factories import MembershipFactory, PriorityFactory

MEMBERSHIPS = reverse("networks:membership-list")


@pytest.fixture
def renders(monkeypatch):
    """The templates of filter forms rendered, one entry a render."""
    rendered = []
    render = filter_form.render_to_string

    def counting(template, *args, **kwargs):
        rendered.append(template)
        return render(template, *args, **kwargs)

    monkeypatch.setattr(filter_form, "render_to_string", counting)
    return rendered


@pytest.fixture
def memberships(culture_unit):
    MembershipFactory(owner_unit=culture_unit, network__name="Eurocities", active=True)


def test_the_same_filters_render_the_form_once(culture_client, memberships, renders):
    for _ in range(3):
        assert culture_client.get(MEMBERSHIPS, {"status": "active"}).status_code == 200
    # Another page of the same list shows the same form.
    culture_client.get(MEMBERSHIPS, {"status": "active", "page": "1"})

    assert renders == ["includes/filters.html"]


def test_the_cached_form_reads_no_choices_from_the_database(culture_client, memberships):
    def priority_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            culture_client.get(MEMBERSHIPS)
        # The choices' own query; the rows' priorities come with them (a prefetch).
        return [
            query["sql"]
            for query in queries.captured_queries
            if 'FROM "strategy_priority"' in query["sql"] and "_prefetch_related_val" not in query["sql"]
        ]

    assert priority_queries()
    assert priority_queries() == []


def test_other_filters_show_their_own_values(culture_client, memberships, renders):
    active = culture_client.get(MEMBERSHIPS, {"status": "active"}).content.decode()
    proposed = culture_client.get(MEMBERSHIPS, {"status": "proposed"}).content.decode()

    assert '<option value="active" selected>' in active
    assert '<option value="proposed" selected>' in proposed
    assert '<option value="active" selected>' not in proposed
    assert len(renders) == 2


def test_a_new_priority_is_offered_at_once(culture_client, memberships):
    culture_client.get(MEMBERSHIPS)

    PriorityFactory(name_en="Climate-neutral Helsinki")

    assert "Climate-neutral Helsinki" in culture_client.get(MEMBERSHIPS).content.decode()


def test_each_language_has_its_own_form(culture_client, memberships):
    english = culture_client.get(MEMBERSHIPS).content.decode()
    culture_client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    finnish = culture_client.get(MEMBERSHIPS).content.decode()

    assert ">Filter</button>" in english
    assert ">Suodata</button>" in finnish


def test_invalid_filters_show_their_errors_from_the_cache_too(culture_client, memberships):
    for _ in range(2):
        page = culture_client.get(MEMBERSHIPS, {"status": "no-such-status"}).content.decode()
        assert "hds-text-input__error-text" in page


# The count of rows ------------------------------------------------------------------------------


def count_queries(client, params=None) -> list[str]:
    """The queries that count rows (not those that only count within, such as the person's unread
    notifications read with them)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(MEMBERSHIPS, params or {})
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(")]


def test_a_list_is_counted_once_whatever_its_page_or_sort(culture_client, memberships):
    assert count_queries(culture_client)
    assert count_queries(culture_client) == []
    assert count_queries(culture_client, {"page": "1", "sort": "-network"}) == []
    assert count_queries(culture_client, {"status": "active"}), "other filters, another count"


def test_a_new_record_is_counted_at_once(culture_client, memberships, culture_unit):
    assert "1 result" in culture_client.get(MEMBERSHIPS).content.decode()

    MembershipFactory(owner_unit=culture_unit, network__name="ICLEI")

    assert "2 results" in culture_client.get(MEMBERSHIPS).content.decode()


def test_each_person_has_their_own_count_of_their_own_records(culture_client, urban_client, culture_user):
    MembershipFactory(network__name="ICLEI", responsible_person=culture_user)
    mine = {"responsible": "me"}

    assert "1 result" in culture_client.get(MEMBERSHIPS, mine).content.decode()
    assert "0 results" in urban_client.get(MEMBERSHIPS, mine).content.decode()
