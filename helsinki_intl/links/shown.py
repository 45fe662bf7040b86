"""The links as a record's page shows them: on the source's page the records it names ("Came
through: Eurocities – Strategy Department"), on the target's the records that name it
("Came through this record: EU applications ..."). A query for the links and one for each type
of record they name, however many there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import RecordLink
from .relations import kinds_from, kinds_to

REMOVED = _("%(name)s (removed)")


@dataclass
class LinkGroup:
    """The records of one kind and type a page names under one heading."""

    label: str
    relation: str = ""
    """On the target's page: the relation's reverse label, under which its groups are shown."""
    records: list = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """The names of records no longer in the register (a link the write path did not remove)."""


def with_names(queryset):
    """The queryset with the records its rows' names come from (a membership's network)."""
    related = [f.name for f in queryset.model._meta.concrete_fields if f.many_to_one]
    return queryset.select_related(*related)


def records_of(keys: dict[int, set[int]]) -> dict[tuple[int, int], object]:
    """{(type id, id): record} of the records named by type id and ids: a query a type."""
    found = {}
    for type_id, ids in keys.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for record in with_names(model._default_manager.filter(pk__in=ids)):
            found[(type_id, record.pk)] = record
    return found


def _targets(record):
    links = list(RecordLink.objects.from_record(record))
    keys = defaultdict(set)
    for link in links:
        keys[link.target_type_id].add(link.target_id)
    return links, records_of(keys)


def targets_by_field(record) -> dict[str, list]:
    """The records the record names, by the name of its form's field of their kind and type."""
    fields = {
        (kind.relation.name, model._meta.label_lower): kind.field_name(model)
        for kind in kinds_from(type(record))
        for model in kind.target_models()
    }
    links, found = _targets(record)
    named = defaultdict(list)
    for link in links:
        target = found.get((link.target_type_id, link.target_id))
        if target is None:
            continue
        name = fields.get((link.relation, target._meta.label_lower))
        if name:
            named[name].append(target)
    return dict(named)


def links_from(record) -> list[LinkGroup]:
    """The groups of records the record names, in its declaration's order; empty groups too, so
    that a page says "none"."""
    groups = {}
    for kind in kinds_from(type(record)):
        for model in kind.target_models():
            groups[(kind.relation.name, model._meta.label_lower)] = LinkGroup(
                capfirst(kind.field_label(model))
            )
    if not groups:
        return []
    links, found = _targets(record)
    for link in links:
        model = ContentType.objects.get_for_id(link.target_type_id).model_class()
        group = groups.get((link.relation, model._meta.label_lower if model else ""))
        if group is None:
            continue
        target = found.get((link.target_type_id, link.target_id))
        if target is None:
            group.removed.append(REMOVED % {"name": link.target_label or link.target_id})
        else:
            group.records.append(target)
    return list(groups.values())


def links_to(record) -> list[LinkGroup]:
    """The records that name the record, by relation and type, in the declarations' order; only
    the groups that have any."""
    kinds = kinds_to(type(record))
    if not kinds:
        return []
    links = list(RecordLink.objects.to_record(record))
    keys = defaultdict(set)
    for link in links:
        keys[link.source_type_id].add(link.source_id)
    found = records_of(keys)
    groups = {}
    for kind in kinds:
        model = kind.source_model
        groups.setdefault(
            (kind.relation.name, model._meta.label_lower),
            LinkGroup(
                capfirst(model._meta.verbose_name_plural), relation=capfirst(kind.relation.reverse_label)
            ),
        )
    for link in links:
        source = found.get((link.source_type_id, link.source_id))
        if source is None:
            continue
        group = groups.get((link.relation, source._meta.label_lower))
        if group is not None:
            group.records.append(source)
    return [group for group in groups.values() if group.records]
