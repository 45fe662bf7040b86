"""Random and hostile input at every form of the portal.

Properties: never a server error; what a form saves passes the model's validation and database
constraints (and the owner unit rule), and every page that shows the saved record answers
(`assert_pages_show`); what a form refuses leaves every row as it was (`changes`).

Each form's property is asked of two kinds of example: Hypothesis's (`..._survives_hostile_input`:
a few keys of a valid submission replaced, dropped or repeated), and every named hostile value
in every field that takes it (`..._takes_every_named_value`, see `post_every_named_value`).

Hypothesis runs many examples in one test function, inside the one transaction pytest-django
opens for it: each example runs in a savepoint that is rolled back afterwards (`isolated`), so
every example starts from the same records and a failing query cannot break the next example.
"""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import BaseFormSet
from django.forms.models import InlineForeignKeyField
from django.test import Client
from django.test.utils import ContextList
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import event, given, settings
from hypothesis import strategies as st

from activities.models import Activity
from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from events.models import EventBid
from helsinki_intl.coordination.forms import ReviewForms
from helsinki_intl.coordination.models import CalendarFeed
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.coordination.summary import last_full_quarter
from helsinki_intl.records.ranges import EARLIEST_MOMENT, LATEST_MOMENT
from helsinki_intl.records.views import RecordFormMixin
from networks.models import Membership, Network
from networks.views import MembershipRowAddView, new_goal_form, new_role_form
from partnerships.models import Partner, Partnership
from tests.activities.factories import ActivityFactory
from tests.eu_projects.factories import (
    ApplicationFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import MembershipFactory, NetworkFactory, PriorityFactory, RoleFactory, UserFactory
from tests.partnerships.factories import ContactFactory, PartnerFactory, PartnershipFactory
from tests.property.hostile import (
    HOSTILE,
    HOSTILE_COUNTS,
    HOSTILE_DATES,
    HOSTILE_TEXT,
    HOSTILE_URLS,
    NAMED,
    NAMED_COUNTS,
    NAMED_DATES,
    NAMED_TEXT,
    NAMED_URLS,
    TIME_ZONES,
    WEIRD_IDS,
    assert_own_pages_show,
    assert_pages_show,
    changes,
    hostile_settings,
    isolated,
    portal_url_names,
    posting,
    read_whole,
    snapshot,
)


def field_kinds(name: str, field) -> list[str]:
    """The kinds of hostile value (`hostile.NAMED`) the field gets: its own first, then text
    for a typed field, and ids, numbers and dates for a field of text or choices."""
    if name == "deadline_timezone":  # a call's zone: the one a wall-clock time is read in
        return ["time zone", "text"]
    if isinstance(field, forms.ModelChoiceField | InlineForeignKeyField):
        return ["id", "text"]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return ["date", "text"]
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return ["number", "text"]
    if isinstance(field, forms.URLField):
        return ["url", "text"]
    return ["text", "id", "number", "date"]


def hostile_value(name: str, field, foreign_ids: list[str]) -> st.SearchStrategy:
    """Hostile values that fit the field's kind, and hostile text for any field."""
    strategies = {**HOSTILE, "id": st.sampled_from(foreign_ids + WEIRD_IDS)}
    return st.one_of(*(strategies[kind] for kind in field_kinds(name, field)))


def named_values(name: str, field, foreign_ids: list[str]) -> dict[str, list[str]]:
    """The named values the field must be posted, by the group of fields each is posted to at
    once (see `named_groups`). A field of text gets the named text; a typed field the named
    values of its kind, posted to every field of the kind while the rest of the form stays valid,
    so that the record may be saved with them. The named text goes to every typed field at once,
    fields of choices, e-mail addresses and hidden values (a review's due date) among them."""
    named = {**NAMED, "id": foreign_ids + WEIRD_IDS}
    own = field_kinds(name, field)[0]
    offers_choices = hasattr(field, "choices") or hasattr(field.widget, "choices")
    machine = isinstance(field, forms.BooleanField | forms.EmailField) or field.widget.is_hidden
    if own == "text" and (offers_choices or machine):
        return {"text in typed fields": named["text"]}
    if own == "text":
        return {"text": named["text"]}
    return {own: named[own], "text in typed fields": named["text"]}


@dataclass
class FormSpec:
    """A valid submission of a form, and hostile values for each of its keys: a strategy for the
    generated examples, and named values by group for the explicit ones (`named_groups`)."""

    baseline: dict = field(default_factory=dict)
    hostile: dict = field(default_factory=dict)
    named: dict = field(default_factory=dict)

    def add(self, key: str, value, hostile: st.SearchStrategy, named: dict[str, list] | None = None) -> None:
        if value is not None:
            self.baseline[key] = value
        self.hostile[key] = hostile
        self.named[key] = named or {}


def named_groups(spec: FormSpec):
    """Each group of keys that take the same named values, and each of those values: posted
    in every key of the group at once, every key is posted every named value it takes.
    Yields (group, keys, value)."""
    keys_of, values_of = {}, {}
    for key, groups in spec.named.items():
        for group, values in groups.items():
            keys_of.setdefault(group, []).append(key)
            assert values_of.setdefault(group, values) == values, f"{group}: one list of values a group"
    for group, keys in keys_of.items():
        for value in values_of[group]:
            yield group, keys, value


def post_every_named_value(spec: FormSpec, post, answers) -> None:
    """Posts the valid submission with each named value in every key of its group at once, with
    `post(payload) -> response`, each answered with one of `answers`.

    Named text that some fields of text refused (a reference of at most 20 characters, an event
    city that must be Helsinki) is posted again in the fields that took it, so that the record is
    saved with it wherever it may be and its pages show it."""
    for group, keys, value in named_groups(spec):
        with posting(group, value):
            response = post({**spec.baseline, **dict.fromkeys(keys, value)})
            assert response.status_code in answers
        if group == "text" and response.status_code == 200:
            taken = [key for key in keys if key not in refused_keys(response)]
            if 0 < len(taken) < len(keys):
                with posting("text, in the fields that took it", value):
                    response = post({**spec.baseline, **dict.fromkeys(taken, value)})
                    assert response.status_code in answers


def _forms_in(value):
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif isinstance(value, ReviewForms):
        yield from [value.review, *value.outcomes]
    elif isinstance(value, dict):  # a register form's formsets
        for each in value.values():
            yield from _forms_in(each)


def refused_keys(response) -> set[str]:
    """The keys of the fields that the forms of the answered page refused."""
    if response.context is None:  # not rendered from a template
        return set()
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    return {
        form.add_prefix(name)
        for context in contexts
        for value in context.flatten().values()
        for form in _forms_in(value)
        for name in form.errors
        if name != NON_FIELD_ERRORS
    }


@st.composite
def submissions(draw, spec: FormSpec) -> dict:
    """The valid submission with a few keys replaced by hostile values, dropped or sent twice."""
    data = dict(spec.baseline)
    for key in draw(st.lists(st.sampled_from(sorted(spec.hostile)), unique=True, max_size=4)):
        values = spec.hostile[key]
        action = draw(st.sampled_from(["replace", "drop", "repeat"]))
        if action == "drop":
            data.pop(key, None)
        elif action == "repeat":
            data[key] = draw(st.lists(values, min_size=2, max_size=3))
        else:
            data[key] = draw(values)
    return data


def post_value(value):
    """A form value as a browser posts it; None when the key is left out."""
    if value is None or isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _first_choice(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            return _first_choice(label)
        if value not in ("", None):
            return value
    return None


def valid_value(field):
    """A value the field accepts by itself (the form's own rules may still refuse it)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [first.pk] if first else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return first.pk if first else None
    if isinstance(field, forms.MultipleChoiceField):
        return [_first_choice(field.choices)]
    choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None)
    if choices:
        return _first_choice(choices)
    if isinstance(field, forms.DateTimeField):
        return datetime.datetime(2026, 1, 15, 10, 0)
    if isinstance(field, forms.DateField):
        return datetime.date(2026, 1, 15)
    if isinstance(field, forms.IntegerField):
        return min(max(12, field.min_value or 12), field.max_value or 12)
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return "1000"
    if isinstance(field, forms.BooleanField):
        return True
    if isinstance(field, forms.URLField):
        return "https://example.com/"
    if isinstance(field, forms.EmailField):
        return "person@example.com"
    return "Text"


def add_form_fields(spec: FormSpec, form, foreign_ids, *, fill: bool, keep=()) -> None:
    """The form's fields at their initial values; when `fill`, empty required ones and empty
    choices (a partner city's country and region) filled in."""
    for name, form_field in form.fields.items():
        value = form[name].value()
        wanted = form_field.required or isinstance(form_field.widget, forms.Select)
        if fill and name not in keep and wanted and value in (None, "", []):
            value = valid_value(form_field)
        spec.add(
            form.add_prefix(name),
            post_value(value),
            hostile_value(name, form_field, foreign_ids),
            named_values(name, form_field, foreign_ids),
        )


def register_form_spec(view_class, user, instance, foreign_ids) -> FormSpec:
    spec = FormSpec()
    form = view_class.form_class(user=user, instance=instance)
    add_form_fields(spec, form, foreign_ids, fill=instance is None)
    for prefix, formset_class in view_class.formset_classes.items():
        formset = formset_class(instance=instance or view_class.model(), prefix=prefix)
        management = formset.management_form
        for name in management.fields:
            key = management.add_prefix(name)
            named = {"count": NAMED_COUNTS}
            if name in ("TOTAL_FORMS", "INITIAL_FORMS"):  # each against the other's true count too
                named[f"count in {name}"] = NAMED_COUNTS
            spec.add(key, post_value(management[name].value()), HOSTILE_COUNTS, named)
        for subform in formset.forms:
            is_new = subform.instance.pk is None
            # A new row is filled in, so that a valid submission saves a goal (or role...) too.
            add_form_fields(spec, subform, foreign_ids, fill=is_new, keep=("id", formset.fk.name))
            if is_new:
                for name, form_field in subform.fields.items():
                    key = subform.add_prefix(name)
                    if name not in ("id", "DELETE", formset.fk.name) and key not in spec.baseline:
                        spec.baseline[key] = post_value(valid_value(form_field))
    return spec


def form_url_names() -> set[str]:
    """The portal's URL names ending in -add or -edit (the admin's forms are its own)."""
    return {name for name in portal_url_names() if name.endswith(("-add", "-edit"))}


REVIEW_FORM = "coordination:review-add"
REGISTER_FORMS = sorted(form_url_names() - {REVIEW_FORM})

# How to make a record of each register for a unit: `n` tells the two records apart.
RECORDS = {
    Network: lambda unit, n: NetworkFactory(owner_unit=unit),
    Membership: lambda unit, n: (
        RoleFactory(
            membership=MembershipFactory(active=True, owner_unit=unit, next_review_due=timezone.localdate())
        ).membership
    ),
    Partner: lambda unit, n: PartnerFactory(owner_unit=unit),
    Partnership: lambda unit, n: (
        ContactFactory(
            partnership=PartnershipFactory(active=True, owner_unit=unit, next_review_due=timezone.localdate())
        ).partnership
    ),
    Programme: lambda unit, n: ProgrammeFactory(),
    CoFinancingAppropriation: lambda unit, n: CoFinancingAppropriationFactory(year=2026 + n),
    Call: lambda unit, n: CallFactory(owner_unit=unit),
    Application: lambda unit, n: ApplicationFactory(owner_unit=unit),
    EventBid: lambda unit, n: EventBidFactory(owner_unit=unit),
    Activity: lambda unit, n: ActivityFactory(owner_unit=unit),
}


@dataclass(repr=False)
class World:
    """One record of each register owned by the culture division and one by another unit."""

    own: dict
    other: dict
    foreign_ids: list[str]
    roles: dict

    def viewers(self, client, user) -> list[tuple]:
        """Who must see a record once saved: the person who saved it, and international affairs."""
        strategy = self.roles["international affairs"]
        return [(client, user)] if user == strategy[1] else [(client, user), strategy]

    @property
    def admin_client(self):
        return self.roles["international affairs"][0]


@pytest.fixture
def world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client):
    return make_world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client)


def make_world(
    culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client
) -> World:
    """The records and signed-in clients of `world` (the other property tests' fixtures use it)."""
    PriorityFactory()
    own = {model: make(culture_unit, 0) for model, make in RECORDS.items()}
    other = {model: make(urban_unit, 1) for model, make in RECORDS.items()}
    foreign_ids = {str(urban_unit.pk)}
    for record in other.values():
        foreign_ids.add(str(record.pk))
        if hasattr(record, "goals"):
            foreign_ids.update(str(goal.pk) for goal in record.goals.all())
    roles = {
        "owner unit": (culture_client, culture_user),
        "international affairs": (strategy_client, strategy_user),
    }
    return World(own, other, sorted(foreign_ids), roles)


def view_class_of(url_name: str):
    args = [1] if url_name.endswith("-edit") else []
    return resolve(reverse(url_name, args=args)).func.view_class


def test_every_form_of_the_registers_is_tested():
    """A new -add or -edit page is a generic record form with records made here, or is added here."""
    assert REGISTER_FORMS
    for url_name in REGISTER_FORMS:
        view_class = view_class_of(url_name)
        assert issubclass(view_class, RecordFormMixin), url_name
        assert view_class.model in RECORDS, f"{url_name}: add a record factory to RECORDS"


def check_saved_record(view_class, response, user):
    record = view_class.model.objects.get(pk=resolve(response.url).kwargs["pk"])
    record.full_clean()
    for formset_class in view_class.formset_classes.values():
        for row in formset_class.model.objects.filter(**{formset_class.fk.name: record}):
            row.full_clean()
    if hasattr(record, "validate_goal_count"):
        record.validate_goal_count(record.goals.count())
    if hasattr(record, "owner_unit_id") and not user.is_international_affairs:
        assert record.owner_unit_id in user.unit_ids
    return record


def test_an_id_beyond_64_bits_in_a_multiple_choice_is_refused(world):
    client, _user = world.roles["owner unit"]
    spec = register_form_spec(view_class_of("networks:membership-add"), _user, None, world.foreign_ids)
    payload = {**spec.baseline, "priorities": "9223372036854775808"}

    response = client.post(reverse("networks:membership-add"), payload)

    assert response.status_code == 200
    assert response.context["form"].has_error("priorities")


def post_to_register_form(world, client, user, url: str, view_class, payload: dict, few_pages=False):
    """Never a server error; a saved record passes the model's rules and shows on every page, a
    refused post leaves every row as it was. Rolled back after.

    The pages are asked of the person who posted and international affairs; with `few_pages`
    (the explicit tests, which save hundreds of values), the record's own of the person only."""
    with isolated():
        before = snapshot()
        response = client.post(url, payload)
        assert response.status_code < 500
        if response.status_code == 302:
            record = check_saved_record(view_class, response, user)
            assert_pages_show_to(world, client, user, record, few_pages)
        else:
            assert not changes(before)
    return response


def assert_pages_show_to(world, client, user, record, few_pages: bool) -> None:
    if few_pages:
        assert_own_pages_show(record, client, user)
    else:
        assert_pages_show(record, world.viewers(client, user), world.admin_client)


@pytest.mark.parametrize("url_name", REGISTER_FORMS)
@hostile_settings
@given(data=st.data())
def test_register_form_survives_hostile_input(url_name, world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    view_class = view_class_of(url_name)
    instance = None
    if url_name.endswith("-add"):
        url = reverse(url_name)
    else:
        records = data.draw(st.sampled_from(["own", "other"]), label="record of")
        instance = getattr(world, records)[view_class.model]
        url = reverse(url_name, args=[instance.pk])
    spec = register_form_spec(view_class, user, instance, world.foreign_ids)
    payload = data.draw(submissions(spec), label="payload")
    response = post_to_register_form(world, client, user, url, view_class, payload)
    event(f"HTTP {response.status_code}")


def test_an_add_form_has_no_field_that_its_edit_form_lacks(world):
    """So that posting the named values to the edit forms posts them to every register form."""
    _client, user = world.roles["international affairs"]
    for url_name in REGISTER_FORMS:
        if url_name.endswith("-add"):
            adding = view_class_of(url_name)
            editing = view_class_of(url_name.replace("-add", "-edit"))
            assert adding.form_class is editing.form_class, url_name
            assert adding.formset_classes == editing.formset_classes, url_name
            add = register_form_spec(adding, user, None, world.foreign_ids)
            edit = register_form_spec(editing, user, world.own[editing.model], world.foreign_ids)
            assert set(add.named) <= set(edit.named), url_name


@pytest.mark.parametrize("url_name", [name for name in REGISTER_FORMS if name.endswith("-edit")])
def test_register_form_takes_every_named_value(url_name, world):
    """Every named hostile value in every field of the form that takes it, posted to the edit
    page of a record of the owner unit by the unit (by international affairs to a form only it
    may use). The edit form has every field of the add form (above) and the rows' own."""
    view_class = view_class_of(url_name)
    instance = world.own[view_class.model]
    url = reverse(url_name, args=[instance.pk])
    client, user = world.roles["owner unit"]
    if client.get(url).status_code == 403:
        client, user = world.roles["international affairs"]
    spec = register_form_spec(view_class, user, instance, world.foreign_ids)
    post_every_named_value(
        spec,
        lambda payload: post_to_register_form(world, client, user, url, view_class, payload, few_pages=True),
        # 409: a version that is not the record's; 400: a body beyond Django's limit (the long
        # text in every field).
        answers=(200, 302, 409, 400),
    )


def review_spec(world, record) -> FormSpec:
    spec = FormSpec()
    review_forms = ReviewForms(record=record, goals=list(record.goals.all()))
    for form in [review_forms.review, *review_forms.outcomes]:
        add_form_fields(spec, form, world.foreign_ids, fill=True)
    named = {"url": NAMED_URLS, "text in next": NAMED_TEXT}
    spec.add("next", reverse("coordination:review-queue"), st.one_of(HOSTILE_URLS, HOSTILE_TEXT), named)
    return spec


def post_review(world, client, user, record, type_key: str, payload: dict, few_pages=False):
    """Never a server error, nor a redirect away from the portal; a saved review and its outcomes
    pass the model's rules and the record shows on every page; a refused one changes no row."""
    model = type(record)
    with isolated():
        before = snapshot()
        response = client.post(reverse(REVIEW_FORM, args=[type_key, record.pk]), payload)
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
            reviewable = reviewables.for_model(model)
            review = reviewable.reviews_of(record).latest("pk")
            review.full_clean()
            for outcome in reviewable.outcome_model.objects.filter(review=review):
                outcome.full_clean()
            model.objects.get(pk=record.pk).full_clean()
            assert_pages_show_to(world, client, user, record, few_pages)
        else:
            assert not changes(before)
    return response


@settings(hostile_settings, max_examples=3 * hostile_settings.max_examples)  # more reach a saved review
@given(data=st.data())
def test_review_form_survives_hostile_input(world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    model = data.draw(st.sampled_from([Membership, Partnership]), label="record type")
    record = getattr(world, data.draw(st.sampled_from(["own", "other"]), label="record of"))[model]
    type_key = data.draw(st.one_of(st.just(model._meta.model_name), st.sampled_from(["network", "user"])))
    payload = data.draw(submissions(review_spec(world, record)), label="payload")
    event(f"HTTP {post_review(world, client, user, record, type_key, payload).status_code}")


def test_review_form_takes_every_named_value(world):
    """A membership's review, posted by the owner unit, or by international affairs where only it
    may review: every reviewable's review has the same form."""
    record = world.own[Membership]
    client, user = world.roles["owner unit"]
    if not reviewables.for_model(Membership).may_review(user, record):
        client, user = world.roles["international affairs"]
    post_every_named_value(
        review_spec(world, record),
        lambda payload: post_review(world, client, user, record, "membership", payload, few_pages=True),
        # 400: a body beyond Django's limit; 409: a due date (hidden) that is not the record's.
        answers=(200, 302, 400, 409),
    )


# Wall-clock times at the edges of the city's years, where a zone's offset of up to 14 hours
# moves the instant out of them, and near year 1 and 9999, where it moves it out of what
# Python and the database can hold.
def wall_clock(first: datetime.datetime, last: datetime.datetime) -> st.SearchStrategy:
    return st.datetimes(min_value=first, max_value=last).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))


NAMED_EDGE_WALL_CLOCK_TIMES = [
    "1900-01-01T00:00",
    "1900-01-01T11:59",
    "1900-01-01T12:00",
    "1900-01-01T14:00",
    "1899-12-31T23:59",
    "2100-12-31T09:59",
    "2100-12-31T12:00",
    "2100-12-31T23:59",
    "2101-01-01T00:00",
    "0001-01-01T00:00",
    "0001-01-01T00:30",
    "0001-01-01T23:59",
    "9999-12-31T00:00",
    "9999-12-31T23:59",
]
EDGE_WALL_CLOCK_TIMES = st.one_of(
    st.sampled_from(NAMED_EDGE_WALL_CLOCK_TIMES),
    # Within the years in every zone, and across their edges in some.
    wall_clock(datetime.datetime(1900, 1, 1, 14), datetime.datetime(1900, 1, 3)),
    wall_clock(datetime.datetime(2100, 12, 29), datetime.datetime(2100, 12, 31, 9, 59)),
    wall_clock(datetime.datetime(1899, 12, 31), datetime.datetime(1900, 1, 2)),
    wall_clock(datetime.datetime(2100, 12, 30), datetime.datetime(2101, 1, 1, 23, 59)),
    wall_clock(datetime.datetime(1, 1, 1), datetime.datetime(1, 1, 2)),
    wall_clock(datetime.datetime(9999, 12, 30), datetime.datetime(9999, 12, 31, 23, 59)),
)


def post_call_times(world, client, user, instance, zone: str, opens: str, deadline: str):
    """A call's times refused with the form's error, or saved within the city's years and shown
    everywhere (the call's applications and programme included)."""
    view_class = view_class_of("eu_projects:call-add" if instance is None else "eu_projects:call-edit")
    url = (
        reverse("eu_projects:call-add")
        if instance is None
        else reverse("eu_projects:call-edit", args=[instance.pk])
    )
    spec = register_form_spec(view_class, user, instance, world.foreign_ids)
    payload = {**spec.baseline, "deadline_timezone": zone, "opens_at": opens, "deadline": deadline}
    with isolated():
        before = snapshot()
        response = client.post(url, payload)
        assert response.status_code < 500
        if response.status_code == 302:
            call = check_saved_record(view_class, response, user)
            for moment in (call.opens_at, call.deadline):
                assert EARLIEST_MOMENT <= moment <= LATEST_MOMENT
            assert_pages_show(call, world.viewers(client, user), world.admin_client)
        else:
            assert not changes(before)
    return response


@pytest.mark.parametrize("zone", TIME_ZONES)
@hostile_settings
@given(data=st.data())
def test_call_times_near_the_years_edges_survive_every_time_zone(zone, world, data):
    """A call's opening and deadline at the edges of the city's years, in each zone a call may
    give them in."""
    role = data.draw(st.sampled_from(sorted(world.roles)), label="role")
    client, user = world.roles[role]
    # A unit edits its own calls; international affairs any, an application's call among them.
    calls = [None, world.own[Call]]
    if role == "international affairs":
        calls += [world.other[Call], world.own[Application].call]
    instance = data.draw(st.sampled_from(calls), label="call")
    opens = data.draw(EDGE_WALL_CLOCK_TIMES, label="opens")
    deadline = data.draw(st.one_of(st.just(opens), EDGE_WALL_CLOCK_TIMES), label="deadline")
    event(f"HTTP {post_call_times(world, client, user, instance, zone, opens, deadline).status_code}")


@pytest.mark.parametrize("zone", TIME_ZONES)
def test_call_times_at_every_named_edge_in_every_time_zone(zone, world):
    """Each named edge time as both the opening and the deadline of a call that applications
    were made to, by international affairs."""
    client, user = world.roles["international affairs"]
    for moment in NAMED_EDGE_WALL_CLOCK_TIMES:
        with posting("opens_at and deadline", moment):
            response = post_call_times(world, client, user, world.own[Application].call, zone, moment, moment)
            assert response.status_code in (200, 302)


# The rows a membership's page adds one at a time (a goal, a role), without the edit form.
ROW_FORMS = {
    "networks:membership-goals": new_goal_form,
    "networks:membership-roles": new_role_form,
}


def test_every_row_form_of_a_membership_page_is_tested():
    row_views = set()
    for name in portal_url_names():
        if name.startswith("networks:membership-") and name not in (
            "networks:membership-list",
            "networks:membership-add",
            "networks:membership-step",  # a process step, walked in tests/networks/test_process.py
        ):
            view_class = getattr(resolve(reverse(name, args=[1])).func, "view_class", None)
            if view_class is not None and issubclass(view_class, MembershipRowAddView):
                row_views.add(name)
    assert row_views == set(ROW_FORMS)


def row_form_spec(world, url_name: str, membership) -> FormSpec:
    spec = FormSpec()
    add_form_fields(spec, ROW_FORMS[url_name](membership), world.foreign_ids, fill=True)
    return spec


def post_row(
    world, client, user, url_name: str, membership, payload: dict, *, fragment: bool, few_pages=False
):
    """Never a server error; rows change only with the answer of a saved row, and the rows pass
    the model's rules and the membership shows on every page (a few with `few_pages`, as for the
    register forms)."""
    with isolated():
        before = snapshot()
        headers = {"HTTP_HX_REQUEST": "true"} if fragment else {}
        response = client.post(reverse(url_name, args=[membership.pk]), payload, **headers)
        assert response.status_code < 500
        if changes(before):
            assert response.status_code == (200 if fragment else 302)
            model = Membership.objects.get(pk=membership.pk)
            for row in [*model.goals.all(), *model.roles.all()]:
                row.full_clean()
            assert_pages_show_to(world, client, user, model, few_pages)
    return response


@pytest.mark.parametrize("url_name", sorted(ROW_FORMS))
@hostile_settings
@given(data=st.data())
def test_membership_row_forms_survive_hostile_input(url_name, world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    membership = getattr(world, data.draw(st.sampled_from(["own", "other"]), label="record of"))[Membership]
    fragment = data.draw(st.booleans(), label="htmx")
    payload = data.draw(submissions(row_form_spec(world, url_name, membership)), label="payload")
    response = post_row(world, client, user, url_name, membership, payload, fragment=fragment)
    event(f"HTTP {response.status_code}")


@pytest.mark.parametrize("url_name", sorted(ROW_FORMS))
def test_membership_row_forms_take_every_named_value(url_name, world):
    client, user = world.roles["owner unit"]
    membership = world.own[Membership]
    fragments = itertools.cycle([False, True])  # every other post as htmx asks
    post_every_named_value(
        row_form_spec(world, url_name, membership),
        lambda payload: post_row(
            world, client, user, url_name, membership, payload, fragment=next(fragments), few_pages=True
        ),
        answers=(200, 302),
    )


CALENDAR_ACTIONS = ["create", "replace", "turn-off"]


def calendar_spec() -> FormSpec:
    spec = FormSpec()
    hostile = st.one_of(st.sampled_from(CALENDAR_ACTIONS), HOSTILE_TEXT)
    spec.add("action", "create", hostile, {"action": CALENDAR_ACTIONS, "text": NAMED_TEXT})
    return spec


def post_to_calendar_page(user, client, payload: dict):
    """Back to the calendar page; at most one feed a person, valid; an unknown action changes no row."""
    with isolated():
        before = snapshot()
        response = client.post(reverse("coordination:calendar"), payload)
        assert response.status_code == 302
        assert response.url == reverse("coordination:calendar")
        feeds = CalendarFeed.objects.filter(user=user)
        assert feeds.count() <= 1
        for feed in feeds:
            feed.full_clean()
        action = payload.get("action")
        if (action[-1] if isinstance(action, list) else action) not in CALENDAR_ACTIONS:
            assert not changes(before)
    return response


@hostile_settings
@given(data=st.data())
def test_calendar_page_survives_hostile_input(world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    post_to_calendar_page(user, client, data.draw(submissions(calendar_spec()), label="payload"))


def test_calendar_page_takes_every_named_value(world):
    client, user = world.roles["owner unit"]
    post_every_named_value(
        calendar_spec(), lambda payload: post_to_calendar_page(user, client, payload), (302,)
    )


SUMMARY_QUARTERS = ["2026Q5", "2026Q0", "0000Q1", "9999Q4", "10000Q1", "-1Q1", "Q", "custom"]
SUMMARY_DOWNLOADS = ["xlsx", "csv", "pdf"]


def summary_spec(baseline: dict) -> FormSpec:
    """The summary's query: `baseline` a quarter, or a custom range whose dates count."""
    spec = FormSpec()
    quarters = st.sampled_from(SUMMARY_QUARTERS)
    spec.add(
        "quarter",
        baseline.get("quarter"),
        st.one_of(quarters, HOSTILE_TEXT, HOSTILE_DATES),
        {"quarter": SUMMARY_QUARTERS, "text": NAMED_TEXT, "date as text": NAMED_DATES},
    )
    for key in ("start", "end"):
        named = {"date": NAMED_DATES, "text in typed fields": NAMED_TEXT}
        spec.add(key, baseline.get(key), st.one_of(HOSTILE_DATES, HOSTILE_TEXT), named)
    downloads = st.sampled_from(SUMMARY_DOWNLOADS)
    named = {"download": SUMMARY_DOWNLOADS, "text": NAMED_TEXT}
    spec.add("download", None, st.one_of(downloads, HOSTILE_TEXT), named)
    return spec


def get_summary(client, query: dict):
    with isolated():
        before = snapshot()
        response = client.get(reverse("coordination:summary"), query)
        read_whole(response)
        assert response.status_code < 500
        assert not changes(before)
    return response


@hostile_settings
@given(data=st.data())
def test_summary_page_survives_hostile_input(world, data):
    client, _user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    spec = summary_spec({"quarter": last_full_quarter().quarter_code})
    get_summary(client, data.draw(submissions(spec), label="query"))


def test_summary_page_takes_every_named_value(world):
    """Each named value with the other fields a custom range (whose dates the summary reads)."""
    client, _user = world.roles["international affairs"]
    spec = summary_spec({"quarter": "custom", "start": "2026-01-01", "end": "2026-03-31"})
    post_every_named_value(spec, lambda query: get_summary(client, query), answers=(200, 400))


PASSWORD = "a-long-enough-password"
USER_NAMES = ["AINO", " aino", "aino\x00"]


@pytest.fixture
def aino(culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


def login_spec() -> FormSpec:
    spec = FormSpec()
    named = {"user name": USER_NAMES, "text": NAMED_TEXT}
    spec.add("username", "aino", st.one_of(st.sampled_from(USER_NAMES), HOSTILE_TEXT), named)
    spec.add("password", PASSWORD, HOSTILE_TEXT, {"text": NAMED_TEXT})
    # Apart from the others: a hostile `next` matters when the sign-in succeeds.
    named = {"url": NAMED_URLS, "text in next": NAMED_TEXT}
    spec.add("next", "/", st.one_of(HOSTILE_URLS, HOSTILE_TEXT), named)
    return spec


def post_login(aino, payload: dict):
    """Signed in and sent within the portal, or refused with no row changed."""
    client = Client()
    with isolated():
        before = snapshot()
        response = client.post(reverse("login"), payload)
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
            assert client.session["_auth_user_id"] == str(aino.pk)
        else:
            assert "_auth_user_id" not in client.session
            assert not changes(before)
    return response


@hostile_settings
@given(data=st.data())
def test_login_form_survives_hostile_input(aino, data):
    post_login(aino, data.draw(submissions(login_spec()), label="payload"))


def test_login_form_takes_every_named_value(aino):
    post_every_named_value(login_spec(), lambda payload: post_login(aino, payload), answers=(200, 302))


LANGUAGE_CODES = [code for code, _name in django_settings.LANGUAGES]
OTHER_LANGUAGES = ["de", "fi-x-evil", "EN"]


def language_spec() -> FormSpec:
    spec = FormSpec()
    languages = [*LANGUAGE_CODES, *OTHER_LANGUAGES]
    named = {"language": languages, "text": NAMED_TEXT}
    spec.add("language", "sv", st.one_of(st.sampled_from(languages), HOSTILE_TEXT), named)
    named = {"url": NAMED_URLS, "text in next": NAMED_TEXT}
    spec.add("next", "/networks/memberships/", st.one_of(HOSTILE_URLS, HOSTILE_TEXT), named)
    return spec


def post_language(client, payload: dict):
    """Sent within the portal, no row changed, and pages stay in one of the portal's languages."""
    with isolated():
        before = snapshot()
        response = client.post(reverse("set_language"), payload)
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
        assert not changes(before)
        # Django keeps any language it has a catalogue for in the cookie; pages stay in ours.
        assert client.get(reverse("networks:membership-list"))["Content-Language"] in LANGUAGE_CODES
    return response


@hostile_settings
@given(data=st.data())
def test_language_switcher_survives_hostile_input(world, data):
    client, _user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    post_language(client, data.draw(submissions(language_spec()), label="payload"))


def test_language_switcher_takes_every_named_value(world):
    client, _user = world.roles["owner unit"]
    post_every_named_value(language_spec(), lambda payload: post_language(client, payload), (302, 400))
