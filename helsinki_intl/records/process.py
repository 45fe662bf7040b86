"""A register's process: the steps that move a record from status to status, who may take each
and what each needs.

Each register with a process declares it once, in its `process.py`, as a `Process` of `Step`s.
The same declaration is enforced on the server by `step_take` for every writer, shown to a person
as the actions they may take on a record's page, and printed in the README's "Who may do what".
Edit forms carry no status, decision or grant fields: those change only through a step.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helsinki_intl.logs import audit_facts

from .integrity import is_unique_violation
from .services import mark_history, step_event, steps_of_move
from .timeline import timeline_note, timelines_forget

audit = logging.getLogger("helsinki_intl.audit")

SAVED_MEANWHILE = gettext_lazy(
    "Another record with some of the same values was saved at the same time. Check the values and try again."
)


class StepRefused(Exception):
    """The step cannot be taken now (the record moved on meanwhile); nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StepForm(forms.Form):
    """What a step asks of the person taking it. The base asks nothing.

    A step's form validates what it asks and what the record needs for the step (`clean`),
    writes its values on the record (`apply`), chooses the status the record moves to
    (`target_status`), and gives the decision noted in the timeline (`decision`).
    """

    def __init__(self, *args, record, user, step: "Step", **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.user = user
        self.step = step

    def clean(self):
        cleaned = super().clean()
        for message in self.step.missing(self.record):
            self.add_error(None, message)
        return cleaned

    def target_status(self) -> str:
        return self.step.targets[0]

    def lock(self) -> None:
        """Locks the rows besides the record that the step is judged on (a year's appropriation,
        say), before the form is validated, so that two steps taken at once are judged in turn."""

    def apply(self, record) -> None:
        """Writes the step's values on the (locked) record before it is saved."""

    def decision(self) -> dict:
        """The timeline's decision fields (deciding body, date, number, note) of this step."""
        return {}


SUBMITTED, ASSESSED, DECIDED = "submitted", "assessed", "decided"
"""What a step's event tells those who follow the record (`Step.news`)."""


@dataclass(frozen=True)
class Step:
    """One step of a process: from `sources` to one of `targets`, taken by those `who` allows."""

    name: str
    label: Promise
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    who: object  # a `rules` predicate of (user, record)
    who_label: Promise
    form_class: type[StepForm] = StepForm
    needs: Promise | str = ""
    """What the step needs, in words, for the step's page and the README."""
    field: str = "status"
    """The state the step moves: the record's status, or another state with its own timeline
    (an application's co-financing decision)."""
    timeline: str = "status_changes"
    """The related name of the timeline that notes the moves of `field`."""
    record_needs: Callable[[object, Mapping[str, int]], list] | None = None
    """What the record itself must hold for the step (its goals, its cost): a function of the
    record and `added` (how many rows of each of its lists the same write adds, as an import adds
    goals) giving a message for each thing missing. Checked whoever makes the step's move: the
    step's form, the admin, an import, a service (`move_refusals`)."""
    news: str = ""
    """What the step's event is news of to those who follow the record: a submission for
    assessment or decision (`SUBMITTED`), an assessment (`ASSESSED`) or a decision (`DECIDED`,
    e-mailed at once to the record's own people); empty for the other steps."""

    def is_open(self, record) -> bool:
        return getattr(record, self.field) in self.sources

    def state_display(self, record) -> str:
        """The record's value of `field`, as the person reads it."""
        return choice_label(record, self.field, getattr(record, self.field))

    def may(self, user, record) -> bool:
        return self.is_open(record) and bool(self.who.test(user, record))

    def missing(self, record, added: Mapping[str, int] | None = None) -> list[str]:
        """What the record lacks for the step, in words; empty when it has all it needs."""
        if self.record_needs is None:
            return []
        return [str(message) for message in self.record_needs(record, added or {})]


@dataclass(frozen=True)
class Queue:
    """Records waiting for a body's step: counted first on the dashboard of those who take it,
    linked to the register's list filtered to exactly those rows (`list_url_name` with `params`)."""

    key: str
    label: Promise
    list_url_name: str
    params: dict
    who: object  # a `rules` predicate of (user)


@dataclass
class Process:
    """The steps of one register's records, and the queues of records waiting for a step."""

    model: type
    steps: list[Step]
    queues: list[Queue] = field(default_factory=list)
    decided_fields: tuple[str, ...] = ()
    """The record's fields that only steps write, besides the states the steps move: no edit form
    carries them."""
    _by_name: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {step.name: step for step in self.steps}
        if len(self._by_name) != len(self.steps):
            raise ValueError(f"{self.model.__name__}: two steps of the process have the same name")

    def step(self, name: str) -> Step | None:
        return self._by_name.get(name)

    def open_steps(self, record) -> list[Step]:
        """The steps that can be taken from the record's status, by whoever may take them."""
        return [step for step in self.steps if step.is_open(record)]

    def steps_for(self, user, record) -> list[Step]:
        """The steps `user` may take on the record now."""
        return [step for step in self.steps if step.may(user, record)]

    def step_only_fields(self) -> set[str]:
        """Every field of the record that changes only through a step."""
        return {step.field for step in self.steps} | set(self.decided_fields)

    def transitions(self, field: str = "status") -> set[tuple[str, str]]:
        """The moves of the records' `field` (their status, unless named) that the steps make."""
        return {
            (source, target)
            for step in self.steps
            if step.field == field
            for source in step.sources
            for target in step.targets
        }


_processes: dict[str, Process] = {}


def process_register(process: Process) -> Process:
    _processes[process.model._meta.label_lower] = process
    timelines_forget()
    return process


def process_for(model) -> Process | None:
    """The process of the model's records, or None for a register without one."""
    return _processes.get(model._meta.label_lower)


def all_processes() -> list[Process]:
    return list(_processes.values())


def all_queues() -> list[Queue]:
    return [queue for process in all_processes() for queue in process.queues]


def needs_missing(record, previous_states: Mapping[str, str | None], added=None) -> dict[str, list[str]]:
    """What `record` lacks for the steps whose moves a writer other than the step's form (the
    admin, an import, a service) made on it, by the moved state's field; empty when it lacks
    nothing.

    A saved record's state moved along a step needs what that step needs of the record; a new
    record entered in a state (a membership joined before the portal) needs what the steps into
    that state need. Which moves may be made at all the model's own `clean()` says.
    `previous_states` gives each state as it was read (`services.previous_states_of`).
    """
    process = process_for(type(record))
    missing: dict[str, list[str]] = {}
    for state_field in dict.fromkeys(step.field for step in (process.steps if process else ())):
        previous, state = previous_states.get(state_field), getattr(record, state_field)
        if previous == state:
            continue
        if previous is None:
            steps = [step for step in process.steps if step.field == state_field and state in step.targets]
        else:
            steps = steps_of_move(type(record), state_field, previous, state)
        messages = [message for step in steps for message in step.missing(record, added)]
        if messages:
            missing[state_field] = list(dict.fromkeys(messages))
    return missing


def choice_label(record, field_name: str, value) -> str:
    return str(dict(record._meta.get_field(field_name).flatchoices).get(value, value))


def step_take(*, record, step: Step, by, data=None, via: str = "form") -> tuple[object | None, StepForm]:
    """Takes `step` on `record` for `by` with the step form's `data`, in one transaction.

    `via` names the writer in the step's domain event, as the other writers name themselves.

    Returns the saved record and the form, or None and the form with its errors; raises
    PermissionDenied when `by` may not take the step, and StepRefused when the record is no
    longer in a status the step starts from. Whatever is refused changes nothing.

    The record is locked for the step, so that two steps taken at the same moment (two grants
    of the same request) are taken one after the other, the second judged on the first's result.
    """
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        if not step.who.test(by, locked):
            raise PermissionDenied
        if not step.is_open(locked):
            raise StepRefused(
                _("“%(step)s” cannot be taken: the record is now “%(status)s”.")
                % {"step": step.label, "status": step.state_display(locked)}
            )
        form = step.form_class(data, record=locked, user=by, step=step)
        form.lock()
        if not form.is_valid():
            return None, form
        previous = getattr(locked, step.field)
        form.apply(locked)
        setattr(locked, step.field, form.target_status())
        try:
            locked.full_clean()
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            transaction.set_rollback(True)
            return None, form
        reason = str(step.label)
        mark_history(locked, by=by, reason=reason)
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as error:
            # Another record took a value that must be unique after the check above (a second
            # current membership of the unit in the network): the step's error, not a crash.
            if not is_unique_violation(error):
                raise
            try:
                locked.validate_constraints()
            except ValidationError as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                form.add_error(None, SAVED_MEANWHILE)
            transaction.set_rollback(True)
            return None, form
        row = timeline_note(
            record=locked,
            previous_status=previous,
            by=by,
            field=step.field,
            timeline=step.timeline,
            change_reason=reason,
            **form.decision(),
        )
        step_event(step=step, record=locked, previous=previous, by=by, via=via, row=row).save()
    target = getattr(locked, step.field)
    audit.info(
        "step taken: %s on %s:%s by user=%s (%s -> %s)",
        step.name,
        locked._meta.label_lower,
        locked.pk,
        by.pk,
        previous,
        target,
        extra=audit_facts(
            "step taken",
            record_type=locked._meta.label_lower,
            record=locked.pk,
            step=step.name,
            state=step.field,
            from_state=previous,
            to_state=target,
            user=by.pk,
            via=via,
        ),
    )
    return locked, form
