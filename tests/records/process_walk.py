"""The permission walk of a register's process, shared by each register's tests: every step, by
every role, with each method.

A register's test names who may take each step (`ALLOWED`), puts a record in each step's source
state and calls `assert_walked`. Who the table does not name is refused (sent to sign in, or 403)
with either method and nothing changes in any table; who it names reaches the step's form.
"""

from django.urls import reverse

from helsinki_intl.records.process import process_for
from tests.property.hostile import changes, snapshot

# The roles of the walk; the `step_clients` fixture (tests/conftest.py) signs each in.
ROLES = [
    "anonymous",
    "owner unit",
    "other unit",
    "coordinator",
    "international affairs",
    "major events",
    "inactive owner",
]


def step_names(process) -> list[str]:
    return [step.name for step in process.steps]


def step_url(record, step: str) -> str:
    meta = record._meta
    return reverse(f"{meta.app_label}:{meta.model_name}-step", kwargs={"pk": record.pk, "step": step})


def in_source_state(record, step):
    """The record put, as a fixture would, in the first state the step is taken from."""
    setattr(record, step.field, step.sources[0])
    record.save()
    return record


def assert_walked(record, step: str, client, *, allowed: bool) -> None:
    url = step_url(record, step)
    before = snapshot()
    get = client.get(url)
    post = client.post(url, {})
    if allowed:
        assert get.status_code == 200
        assert post.status_code in (200, 302)  # an empty form is refused, a step needing nothing is taken
        return
    for response in (get, post):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
    assert not changes(before), "a refused step changed the database"


def assert_the_process_is_the_models(model, process, *transitions: tuple[str, dict]) -> None:
    """The model's allowed transitions (per state field) are exactly the process's steps."""
    for field, allowed in transitions:
        declared = {(old, new) for old, targets in allowed.items() for new in targets}
        assert declared == process.transitions(field)
    assert process_for(model) is process
