"""Hostile filter values at every list of the portal: never a server error.

Each list's filter form gets hostile values for its fields (dates far outside the city's years,
huge numbers, control characters, unknown choices and sorts, pages beyond the last), alone, left
out or repeated, over records whose values lie at the ends of their ranges; the same filters are
also asked as an export (read to its end) and as the htmx request for the results alone.
"""

import itertools

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from helsinki_intl.api.endpoints import endpoints
from helsinki_intl.coordination.filters import ReviewQueueFilter
from tests.property.hostile import (
    HOSTILE_NUMBERS,
    HOSTILE_TEXT,
    NAMED_NUMBERS,
    NAMED_TEXT,
    hostile_settings,
    isolated,
    portal_url_names,
    read_whole,
    store_at_the_limits,
)
from tests.property.test_forms import (
    FormSpec,
    hostile_value,
    make_world,
    named_values,
    post_every_named_value,
    submissions,
)

REVIEW_QUEUE = "coordination:review-queue"
REFERENCE_DATA = {
    f"api:{endpoint.basename}-list" for endpoint in endpoints() if endpoint.filterset_class is None
}
"""The API's lists of reference data, which no portal list filters."""
LISTS = [
    *sorted(name for name in portal_url_names() if name.endswith("-list") and name not in REFERENCE_DATA),
    REVIEW_QUEUE,
]
# The review queue makes its filter set in `get_queryset`, with the day the queue starts from.
FILTER_SETS = {REVIEW_QUEUE: ReviewQueueFilter}


def filterset_class_of(url_name: str):
    view = resolve(reverse(url_name)).func
    # An API list (a viewset) filters with the portal list's own filter set.
    view_class = getattr(view, "view_class", None) or view.cls
    return FILTER_SETS.get(url_name) or view_class.filterset_class


def test_every_list_has_a_filter_set():
    assert len(LISTS) > 1
    for url_name in LISTS:
        assert filterset_class_of(url_name).base_filters, url_name


@pytest.fixture
def world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client):
    world = make_world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client)
    store_at_the_limits(world.own.values(), 1)
    store_at_the_limits(world.other.values(), 0)
    return world


def choice_values(form_field) -> list[str]:
    """The values the field offers (a list's sorts, states, priorities), as a browser sends them."""
    values = []
    if not hasattr(form_field, "choices"):
        return values
    for value, label in form_field.choices:
        if isinstance(label, list | tuple):  # an option group
            values += [str(inner) for inner, _label in label]
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


PAGES = ["1", "2", "last", "0", "-1", "99999", "2147483648", "1e3", "", "\x00"]
EXPORTS = ["csv", "xlsx", "pdf", "CSV"]


def filter_spec(url_name: str, user, foreign_ids: list[str]) -> FormSpec:
    request = RequestFactory().get(reverse(url_name))
    request.user = user
    form = filterset_class_of(url_name)(None, request=request).form
    spec = FormSpec()
    for name, form_field in form.fields.items():
        hostile = hostile_value(name, form_field, foreign_ids)
        named = named_values(name, form_field, foreign_ids)
        if offered := choice_values(form_field):
            # Every value offered (a sort's come both ways), and one unknown, shaped like the
            # other way of a sort. Negating every one doubled the requests: the activities'
            # countries alone are 249.
            offered.append(f"-{offered[-1]}")
            hostile = st.one_of(st.sampled_from(offered), hostile)
            named[f"choice of {name}"] = offered
        spec.add(name, None, hostile, named)
    spec.add("q", None, HOSTILE_TEXT, {"text": NAMED_TEXT})
    pages = list(dict.fromkeys([*PAGES, *NAMED_NUMBERS]))
    spec.add("page", None, st.one_of(st.sampled_from(PAGES), HOSTILE_NUMBERS), {"page": pages})
    # Apart from the filters: a list answers an export it does not know with 404, filtering nothing.
    named = {"export": EXPORTS, "text in export": NAMED_TEXT}
    spec.add("export", None, st.one_of(st.sampled_from(EXPORTS), HOSTILE_TEXT), named)
    return spec


def get_list(client, url_name: str, query: dict, *, fragment: bool):
    """Never a server error, the export read to its end included."""
    headers = {"HTTP_HX_REQUEST": "true"} if fragment else {}
    with isolated():
        response = client.get(reverse(url_name), query, **headers)
        read_whole(response)
        assert response.status_code < 500
    return response


@pytest.mark.parametrize("url_name", LISTS)
@settings(hostile_settings, max_examples=3 * hostile_settings.max_examples)  # a GET is cheap
@given(data=st.data())
def test_list_filters_survive_hostile_input(url_name, world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    query = data.draw(submissions(filter_spec(url_name, user, world.foreign_ids)), label="query")
    fragment = data.draw(st.booleans(), label="htmx")
    event(f"HTTP {get_list(client, url_name, query, fragment=fragment).status_code}")


@pytest.mark.parametrize("url_name", LISTS)
def test_list_filters_take_every_named_value(url_name, world):
    """Each named value in every filter that takes it, asked by international affairs (who sees
    every record), every other query as htmx asks."""
    client, user = world.roles["international affairs"]
    fragments = itertools.cycle([False, True])
    post_every_named_value(
        filter_spec(url_name, user, world.foreign_ids),
        lambda query: get_list(client, url_name, query, fragment=next(fragments)),
        answers=(200, 400, 404),  # 404: a page beyond the last, an export a list does not have
    )
