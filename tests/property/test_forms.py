"""Random and hostile input at every form of the portal.

Properties: never a server error; what a form saves passes the model's validation and database
constraints (and the owner unit rule), and every page that shows the saved record answers
(`assert_pages_show`); what a form refuses leaves the database as it was.

Hypothesis runs many examples in one test function, inside the one transaction pytest-django
opens for it: each example runs in a savepoint that is rolled back afterwards (`isolated`), so
every example starts from the same records and a failing query cannot break the next example.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django import forms
from django.conf import settings as django_settings
from django.forms.models import InlineForeignKeyField
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import event, given, settings
from hypothesis import strategies as st

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
    HOSTILE_COUNTS,
    HOSTILE_DATES,
    HOSTILE_NUMBERS,
    HOSTILE_TEXT,
    HOSTILE_TIME_ZONES,
    HOSTILE_URLS,
    TIME_ZONES,
    WEIRD_IDS,
    assert_pages_show,
    hostile_settings,
    isolated,
    portal_url_names,
    row_counts,
)


def hostile_value(name: str, field, foreign_ids: list[str]) -> st.SearchStrategy:
    """Hostile values that fit the field's kind, and hostile text for any field."""
    ids = st.sampled_from(foreign_ids + WEIRD_IDS)
    if name == "deadline_timezone":  # a call's zone: the one a wall-clock time is read in
        specific = HOSTILE_TIME_ZONES
    elif isinstance(field, forms.ModelChoiceField | InlineForeignKeyField):
        specific = ids
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        specific = HOSTILE_DATES
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        specific = HOSTILE_NUMBERS
    elif isinstance(field, forms.URLField):
        specific = HOSTILE_URLS
    else:
        specific = st.one_of(ids, HOSTILE_NUMBERS, HOSTILE_DATES)
    return st.one_of(specific, HOSTILE_TEXT)


@dataclass
class FormSpec:
    """A valid submission of a form, and hostile values for each of its keys."""

    baseline: dict = field(default_factory=dict)
    hostile: dict = field(default_factory=dict)

    def add(self, key: str, value, hostile: st.SearchStrategy) -> None:
        if value is not None:
            self.baseline[key] = value
        self.hostile[key] = hostile


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
        spec.add(form.add_prefix(name), post_value(value), hostile_value(name, form_field, foreign_ids))


def register_form_spec(view_class, user, instance, foreign_ids) -> FormSpec:
    spec = FormSpec()
    form = view_class.form_class(user=user, instance=instance)
    add_form_fields(spec, form, foreign_ids, fill=instance is None)
    for prefix, formset_class in view_class.formset_classes.items():
        formset = formset_class(instance=instance or view_class.model(), prefix=prefix)
        management = formset.management_form
        for name in management.fields:
            spec.add(management.add_prefix(name), post_value(management[name].value()), HOSTILE_COUNTS)
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
    with isolated():
        spec = register_form_spec(view_class, user, instance, world.foreign_ids)
        payload = data.draw(submissions(spec), label="payload")
        before = row_counts()
        response = client.post(url, payload)
        event(f"HTTP {response.status_code}")
        assert response.status_code < 500
        if response.status_code == 302:
            record = check_saved_record(view_class, response, user)
            assert_pages_show(record, world.viewers(client, user), world.admin_client)
        else:
            assert row_counts() == before


@settings(hostile_settings, max_examples=30)  # a small form: more examples reach a saved review
@given(data=st.data())
def test_review_form_survives_hostile_input(world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    model = data.draw(st.sampled_from([Membership, Partnership]), label="record type")
    record = getattr(world, data.draw(st.sampled_from(["own", "other"]), label="record of"))[model]
    type_key = data.draw(st.one_of(st.just(model._meta.model_name), st.sampled_from(["network", "user"])))
    spec = FormSpec()
    review_forms = ReviewForms(record=record, goals=list(record.goals.all()))
    for form in [review_forms.review, *review_forms.outcomes]:
        add_form_fields(spec, form, world.foreign_ids, fill=True)
    spec.add("next", reverse("coordination:review-queue"), HOSTILE_URLS)
    payload = data.draw(submissions(spec), label="payload")
    with isolated():
        before = row_counts()
        response = client.post(reverse(REVIEW_FORM, args=[type_key, record.pk]), payload)
        event(f"HTTP {response.status_code}")
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
            reviewable = reviewables.for_model(model)
            review = reviewable.reviews_of(record).latest("pk")
            review.full_clean()
            for outcome in reviewable.outcome_model.objects.filter(review=review):
                outcome.full_clean()
            model.objects.get(pk=record.pk).full_clean()
            assert_pages_show(record, world.viewers(client, user), world.admin_client)
        else:
            assert row_counts() == before


# Wall-clock times at the edges of the city's years, where a zone's offset of up to 14 hours
# moves the instant out of them, and near year 1 and 9999, where it moves it out of what
# Python and the database can hold.
def wall_clock(first: datetime.datetime, last: datetime.datetime) -> st.SearchStrategy:
    return st.datetimes(min_value=first, max_value=last).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))


EDGE_WALL_CLOCK_TIMES = st.one_of(
    st.sampled_from(
        [
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
    ),
    # Within the years in every zone, and across their edges in some.
    wall_clock(datetime.datetime(1900, 1, 1, 14), datetime.datetime(1900, 1, 3)),
    wall_clock(datetime.datetime(2100, 12, 29), datetime.datetime(2100, 12, 31, 9, 59)),
    wall_clock(datetime.datetime(1899, 12, 31), datetime.datetime(1900, 1, 2)),
    wall_clock(datetime.datetime(2100, 12, 30), datetime.datetime(2101, 1, 1, 23, 59)),
    wall_clock(datetime.datetime(1, 1, 1), datetime.datetime(1, 1, 2)),
    wall_clock(datetime.datetime(9999, 12, 30), datetime.datetime(9999, 12, 31, 23, 59)),
)


@pytest.mark.parametrize("zone", TIME_ZONES)
@settings(hostile_settings, max_examples=8)
@given(data=st.data())
def test_call_times_near_the_years_edges_survive_every_time_zone(zone, world, data):
    """A call's opening and deadline at the edges of the city's years, in each zone a call may
    give them in: refused with the form's error, or saved within the years and shown everywhere
    (the call's applications and programme included)."""
    role = data.draw(st.sampled_from(sorted(world.roles)), label="role")
    client, user = world.roles[role]
    # A unit edits its own calls; international affairs any, an application's call among them.
    calls = [None, world.own[Call]]
    if role == "international affairs":
        calls += [world.other[Call], world.own[Application].call]
    instance = data.draw(st.sampled_from(calls), label="call")
    view_class = view_class_of("eu_projects:call-add" if instance is None else "eu_projects:call-edit")
    url = (
        reverse("eu_projects:call-add")
        if instance is None
        else reverse("eu_projects:call-edit", args=[instance.pk])
    )
    with isolated():
        spec = register_form_spec(view_class, user, instance, world.foreign_ids)
        opens = data.draw(EDGE_WALL_CLOCK_TIMES, label="opens")
        deadline = data.draw(st.one_of(st.just(opens), EDGE_WALL_CLOCK_TIMES), label="deadline")
        payload = {**spec.baseline, "deadline_timezone": zone, "opens_at": opens, "deadline": deadline}
        before = row_counts()
        response = client.post(url, payload)
        event(f"HTTP {response.status_code}")
        assert response.status_code < 500
        if response.status_code == 302:
            call = check_saved_record(view_class, response, user)
            for moment in (call.opens_at, call.deadline):
                assert EARLIEST_MOMENT <= moment <= LATEST_MOMENT
            assert_pages_show(call, world.viewers(client, user), world.admin_client)
        else:
            assert row_counts() == before


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
        ):
            view_class = getattr(resolve(reverse(name, args=[1])).func, "view_class", None)
            if view_class is not None and issubclass(view_class, MembershipRowAddView):
                row_views.add(name)
    assert row_views == set(ROW_FORMS)


@pytest.mark.parametrize("url_name", sorted(ROW_FORMS))
@settings(hostile_settings, max_examples=8)
@given(data=st.data())
def test_membership_row_forms_survive_hostile_input(url_name, world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    membership = getattr(world, data.draw(st.sampled_from(["own", "other"]), label="record of"))[Membership]
    fragment = data.draw(st.booleans(), label="htmx")
    spec = FormSpec()
    add_form_fields(spec, ROW_FORMS[url_name](membership), world.foreign_ids, fill=True)
    payload = data.draw(submissions(spec), label="payload")
    with isolated():
        before = row_counts()
        headers = {"HTTP_HX_REQUEST": "true"} if fragment else {}
        response = client.post(reverse(url_name, args=[membership.pk]), payload, **headers)
        event(f"HTTP {response.status_code}")
        assert response.status_code < 500
        if row_counts() != before:
            assert response.status_code == (200 if fragment else 302)
            model = Membership.objects.get(pk=membership.pk)
            for row in [*model.goals.all(), *model.roles.all()]:
                row.full_clean()
            assert_pages_show(model, world.viewers(client, user), world.admin_client)


CALENDAR_ACTIONS = ["create", "replace", "turn-off"]


@hostile_settings
@given(data=st.data())
def test_calendar_page_survives_hostile_input(world, data):
    client, user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    spec = FormSpec()
    spec.add("action", "create", st.one_of(st.sampled_from(CALENDAR_ACTIONS), HOSTILE_TEXT))
    payload = data.draw(submissions(spec), label="payload")
    with isolated():
        before = row_counts()
        response = client.post(reverse("coordination:calendar"), payload)
        assert response.status_code == 302
        assert response.url == reverse("coordination:calendar")
        feeds = CalendarFeed.objects.filter(user=user)
        assert feeds.count() <= 1
        for feed in feeds:
            feed.full_clean()
        action = payload.get("action")
        if (action[-1] if isinstance(action, list) else action) not in CALENDAR_ACTIONS:
            assert row_counts() == before


@hostile_settings
@given(data=st.data())
def test_summary_page_survives_hostile_input(world, data):
    client, _user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    quarters = st.sampled_from(["2026Q5", "2026Q0", "0000Q1", "9999Q4", "10000Q1", "-1Q1", "Q", "custom"])
    spec = FormSpec()
    spec.add("quarter", last_full_quarter().quarter_code, st.one_of(quarters, HOSTILE_TEXT, HOSTILE_DATES))
    spec.add("start", None, st.one_of(HOSTILE_DATES, HOSTILE_TEXT))
    spec.add("end", None, st.one_of(HOSTILE_DATES, HOSTILE_TEXT))
    spec.add("download", None, st.one_of(st.sampled_from(["xlsx", "csv", "pdf"]), HOSTILE_TEXT))
    payload = data.draw(submissions(spec), label="query")
    with isolated():
        before = row_counts()
        response = client.get(reverse("coordination:summary"), payload)
        assert response.status_code < 500
        assert row_counts() == before


PASSWORD = "a-long-enough-password"


@pytest.fixture
def aino(culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password(PASSWORD)
    user.save()
    return user


@hostile_settings
@given(data=st.data())
def test_login_form_survives_hostile_input(aino, data):
    spec = FormSpec()
    spec.add("username", "aino", st.one_of(st.sampled_from(["AINO", " aino", "aino\x00"]), HOSTILE_TEXT))
    spec.add("password", PASSWORD, HOSTILE_TEXT)
    spec.add("next", "/", st.one_of(HOSTILE_URLS, HOSTILE_TEXT))
    payload = data.draw(submissions(spec), label="payload")
    client = Client()
    with isolated():
        before = row_counts()
        response = client.post(reverse("login"), payload)
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
            assert client.session["_auth_user_id"] == str(aino.pk)
        else:
            assert "_auth_user_id" not in client.session
            assert row_counts() == before


@hostile_settings
@given(data=st.data())
def test_language_switcher_survives_hostile_input(world, data):
    client, _user = world.roles[data.draw(st.sampled_from(sorted(world.roles)), label="role")]
    codes = [code for code, _name in django_settings.LANGUAGES]
    spec = FormSpec()
    spec.add("language", "sv", st.one_of(st.sampled_from([*codes, "de", "fi-x-evil", "EN"]), HOSTILE_TEXT))
    spec.add("next", "/networks/memberships/", st.one_of(HOSTILE_URLS, HOSTILE_TEXT))
    payload = data.draw(submissions(spec), label="payload")
    with isolated():
        before = row_counts()
        response = client.post(reverse("set_language"), payload)
        assert response.status_code < 500
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"})
        assert row_counts() == before
        # Django keeps any language it has a catalogue for in the cookie; pages stay in ours.
        assert client.get(reverse("networks:membership-list"))["Content-Language"] in codes
