"""Property tests of every step of every register's process (`records.process`), with hostile input.

Properties, as for the record forms (test_forms.py): never a server error; a step taken leaves a
record that passes the model's validation and constraints, with its timeline row and its domain
event; a refused step leaves every row as it was.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.process import all_processes
from tests.property.hostile import changes, hostile_settings, isolated, snapshot
from tests.property.test_forms import (
    RECORDS,
    FormSpec,
    add_form_fields,
    make_world,
    post_every_named_value,
    submissions,
)

STEPS = sorted(
    (f"{process.model._meta.label_lower}:{step.name}", process, step)
    for process in all_processes()
    for step in process.steps
)
STEP_IDS = [name for name, _process, _step in STEPS]
# Values that the steps' forms need to be valid, where a field's kind alone does not give one.
VALID = {"decision_reference": "HEL 2026-000001", "decision_date": "2026-01-15"}


@pytest.fixture
def world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client):
    return make_world(culture_unit, urban_unit, culture_user, strategy_user, culture_client, strategy_client)


def test_every_step_is_tested():
    assert STEPS
    for name, process, _step in STEPS:
        assert process.model in RECORDS, f"{name}: add a record factory to RECORDS"


def step_record(world, process, step):
    """The owner unit's record of the register, put in the first status the step starts from."""
    record = world.own[process.model]
    type(record).objects.filter(pk=record.pk).update(**{step.field: step.sources[0]})
    record.refresh_from_db()
    return record


def step_spec(world, record, step, user) -> FormSpec:
    spec = FormSpec()
    add_form_fields(spec, step.form_class(record=record, user=user, step=step), world.foreign_ids, fill=True)
    spec.baseline.update({key: value for key, value in VALID.items() if key in spec.baseline})
    return spec


def post_step(client, record, step, payload):
    """Never a server error; a step taken saves a valid record with its timeline and event; a
    refused one changes no row."""
    opts = record._meta
    url = reverse(f"{opts.app_label}:{opts.model_name}-step", args=[record.pk, step.name])
    before = snapshot()
    events = DomainEvent.objects.count()
    response = client.post(url, payload)
    assert response.status_code < 500
    if response.status_code == 302:
        saved = type(record).objects.get(pk=record.pk)
        saved.full_clean()
        state = getattr(saved, step.field)
        assert state in step.targets
        assert DomainEvent.objects.count() == events + 1
        if state != getattr(record, step.field):
            timeline = getattr(saved, step.timeline).order_by("pk").last()
            assert timeline.status == state
    else:
        assert not changes(before)
    return response


@pytest.mark.parametrize(("name", "process", "step"), STEPS, ids=STEP_IDS)
@hostile_settings
@given(data=st.data())
def test_step_survives_hostile_input(name, process, step, world, data):
    client, user = world.roles["international affairs"]  # who may take every step
    with isolated():
        record = step_record(world, process, step)
        spec = step_spec(world, record, step, user)
        # A step that asks nothing (returning a proposal to drafting) is posted with a stray key.
        payload = data.draw(submissions(spec), label="payload") if spec.hostile else {"x": "\x00"}
        post_step(client, record, step, payload)


@pytest.mark.parametrize(("name", "process", "step"), STEPS, ids=STEP_IDS)
def test_step_takes_every_named_value(name, process, step, world):
    client, user = world.roles["international affairs"]
    with isolated():
        record = step_record(world, process, step)
        spec = step_spec(world, record, step, user)

    def post(payload):
        with isolated():
            return post_step(client, step_record(world, process, step), step, payload)

    post_every_named_value(spec, post, answers=(200, 302, 400))
