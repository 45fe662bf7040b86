"""Who is told of an event: those following its record, less the person who made the change.

A record is followed
- by its own people without asking: its responsible person, the person who added it, and the
  people its model names in `FOLLOWED_BY` (a membership's role holders);
- by those who follow it, and by those who follow what it belongs to: its owner unit ("a unit's
  records") and what its model names in `FOLLOWED_THROUGH` (a call's programme).
A person who stopped following a record (a `Follow` row with `following` off) is not told of it,
whichever way they followed it. Only active people who may read the record are told.

`audiences` answers for a batch of events in a number of queries that grows with the kinds of
record among them, never with the number of events or of followers.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import translation

from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.process import DECIDED, process_for

from .models import Follow

OWN_PERSON_FIELDS = ("responsible_person",)
"""The record's fields naming a person who follows it without asking."""

FOLLOWED_THROUGH_FIELDS = ("owner_unit",)
"""The record's fields naming what it belongs to: their followers follow the record too."""


@dataclass
class Audience:
    """Who is told of one event: `people`, and those of them who are the record's own."""

    people: set[int] = field(default_factory=set)
    own: set[int] = field(default_factory=set)


Target = tuple[int, int]
"""A followed thing as (content type id, key)."""


def model_of(content_type_id: int):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


def related_fields(model, names) -> list:
    """The model's foreign keys among `names`."""
    fields = []
    for name in names:
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if found.many_to_one:
            fields.append(found)
    return fields


def is_decision(event: DomainEvent) -> bool:
    """Whether the event is a step that records a decision (`Step.news`)."""
    model = model_of(event.content_type_id)
    process = process_for(model) if model is not None else None
    step = process.step(event.kind.rpartition(".")[2]) if process is not None else None
    return step is not None and step.news == DECIDED


class Batch:
    """What `audiences` reads for one batch of events, read once."""

    def __init__(self, events: list[DomainEvent]):
        self.events = events
        self.records: dict[Target, object] = {}
        self.own: dict[Target, set[int]] = defaultdict(set)
        self.through: dict[Target, list[Target]] = defaultdict(list)
        by_type: dict[int, set[int]] = defaultdict(set)
        for event in events:
            by_type[event.content_type_id].add(event.object_id)
        for type_id, ids in by_type.items():
            model = model_of(type_id)
            if model is not None:
                self._read_type(model, type_id, ids)
        self.follows = self._read_follows()

    def _read_type(self, model, type_id: int, ids: set[int]) -> None:
        # Every relation the records' names may read, in the same query.
        records = model._default_manager.select_related().in_bulk(ids)
        own_fields = related_fields(model, OWN_PERSON_FIELDS)
        through_fields = related_fields(
            model, FOLLOWED_THROUGH_FIELDS + getattr(model, "FOLLOWED_THROUGH", ())
        )
        for pk, record in records.items():
            self.records[(type_id, pk)] = record
            self._note_relations((type_id, pk), record.__dict__, own_fields, through_fields, key="attname")
        for event in self.events:
            # A deleted record is gone: its event kept whose it was.
            if event.content_type_id == type_id and event.object_id not in records:
                target = (type_id, event.object_id)
                self._note_relations(target, event.payload, own_fields, through_fields, key="name")
        created = DomainEvent.objects.filter(
            content_type_id=type_id,
            object_id__in=ids,
            kind=f"{model._meta.model_name}.created",
            actor__isnull=False,
        ).values_list("object_id", "actor_id")
        for pk, person in created:
            self.own[(type_id, pk)].add(person)
        for path in getattr(model, "FOLLOWED_BY", ()):
            named = model._default_manager.filter(pk__in=records, **{f"{path}__isnull": False})
            for pk, person in named.values_list("pk", path):
                self.own[(type_id, pk)].add(person)

    def _note_relations(self, target: Target, values: dict, own_fields, through_fields, *, key: str) -> None:
        for own_field in own_fields:
            if person := values.get(getattr(own_field, key)):
                self.own[target].add(person)
        for through_field in through_fields:
            if related := values.get(getattr(through_field, key)):
                parent = (content_type_id(through_field.related_model), related)
                if parent not in self.through[target]:
                    self.through[target].append(parent)

    def _read_follows(self) -> dict[Target, dict[int, bool]]:
        targets: dict[int, set[int]] = defaultdict(set)
        for event in self.events:
            targets[event.content_type_id].add(event.object_id)
        for parents in self.through.values():
            for type_id, pk in parents:
                targets[type_id].add(pk)
        follows: dict[Target, dict[int, bool]] = defaultdict(dict)
        if not targets:
            return follows
        matching = reduce(
            or_, (Q(content_type_id=type_id, object_id__in=ids) for type_id, ids in targets.items())
        )
        for person, type_id, pk, following in Follow.objects.filter(matching).values_list(
            "user_id", "content_type_id", "object_id", "following"
        ):
            follows[(type_id, pk)][person] = following
        return follows

    def name_of(self, event: DomainEvent) -> str:
        """The record's name as it is now, in the portal's language: the same for everyone told."""
        record = self.records.get((event.content_type_id, event.object_id))
        with translation.override(settings.LANGUAGE_CODE):
            name = str(record) if record is not None else event.payload.get("name", "")
        return name[:300]

    def audience_of(self, event: DomainEvent) -> Audience:
        target = (event.content_type_id, event.object_id)
        chosen = self.follows.get(target, {})
        stopped = {person for person, following in chosen.items() if not following}
        own = self.own.get(target, set()) - stopped
        people = own | {person for person, following in chosen.items() if following}
        for parent in self.through.get(target, ()):
            people |= {person for person, following in self.follows.get(parent, {}).items() if following}
        people -= stopped
        people.discard(event.actor_id)
        return Audience(people=people, own=own & people)


def audiences(events: list[DomainEvent]) -> dict[int, Audience]:
    """Who is told of each event, by the event's key: active people who may read its record."""
    return audiences_of(Batch(events))


def audiences_of(batch: Batch) -> dict[int, Audience]:
    events = batch.events
    found = {event.pk: batch.audience_of(event) for event in events}
    everyone = set().union(*(audience.people for audience in found.values())) if found else set()
    people = get_user_model().objects.filter(pk__in=everyone, is_active=True).in_bulk() if everyone else {}
    for event in events:
        audience = found[event.pk]
        record = batch.records.get((event.content_type_id, event.object_id))
        permission = view_permission(event)
        audience.people = {
            pk for pk in audience.people if pk in people and rules.has_perm(permission, people[pk], record)
        }
        audience.own &= audience.people
    return found


def view_permission(event: DomainEvent) -> str:
    content_type = ContentType.objects.get_for_id(event.content_type_id)
    return f"{content_type.app_label}.view_{content_type.model}"
