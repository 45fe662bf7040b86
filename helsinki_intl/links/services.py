"""Writes of the links between records, called by the record's own write (its form's save, its
import) inside the record's transaction: the record's history, its event and its new version
come with the links' changes.

A link is judged here for every writer: only the targets its kind declares, only saved records,
only records the person may read.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helsinki_intl.records.services import add_save_facts, mark_history

from .models import RecordLink, type_of


def target_refusals(*, kind, targets, by) -> list[str]:
    """Why the targets cannot be linked as `kind`: none when they can."""
    allowed = {model._meta.label_lower for model in kind.target_models()}
    refusals = []
    for target in targets:
        if target._meta.label_lower not in allowed:
            refusals.append(_("“%(record)s” cannot be named here.") % {"record": target})
        elif target.pk is None or not type(target)._default_manager.filter(pk=target.pk).exists():
            refusals.append(_("“%(record)s” is not in the register.") % {"record": target})
        elif by is not None and not by.has_perm(view_permission(target), target):
            refusals.append(_("You may not read “%(record)s”.") % {"record": target})
    return refusals


def view_permission(record) -> str:
    opts = record._meta
    return f"{opts.app_label}.view_{opts.model_name}"


def fact(link) -> dict:
    model = ContentType.objects.get_for_id(link.target_type_id).model_class()
    return {"type": model._meta.label_lower, "id": link.target_id}


@transaction.atomic
def record_links_set(*, record, kind, targets, by) -> tuple[list, list]:
    """Makes the saved `record`'s links of `kind` name exactly `targets` (records of the kind's
    target models). Returns the links added and removed; the record's event of its save notes
    them (`links_added`, `links_removed`). Raises ValidationError, saving nothing, for a target
    the kind does not take, one not saved or one the person may not read."""
    if record._meta.label_lower != kind.source:
        raise ValidationError(_("“%(record)s” makes no such links.") % {"record": record})
    if refusals := target_refusals(kind=kind, targets=targets, by=by):
        raise ValidationError(refusals)
    targets = list(dict.fromkeys(targets))  # each once, in the order given
    target_types = [type_of(model) for model in kind.target_models()]
    current = list(
        RecordLink.objects.from_record(record).as_relation(kind.relation).filter(target_type__in=target_types)
    )
    wanted = {(type_of(target).pk, target.pk): target for target in targets}
    have = {(link.target_type_id, link.target_id): link for link in current}
    removed = [link for key, link in have.items() if key not in wanted]
    for link in removed:
        mark_history(link, by=by, reason=None)
        link.delete()
    added = []
    for key, target in wanted.items():
        if key in have:
            continue
        link = RecordLink(
            source_type=type_of(record),
            source_id=record.pk,
            relation=kind.relation.name,
            target_type_id=key[0],
            target_id=target.pk,
            target_label=str(target)[:300],
        )
        link.full_clean(exclude=["source_type", "target_type"])
        mark_history(link, by=by, reason=None)
        link.save()
        added.append(link)
    if added or removed:
        add_save_facts(
            record,
            links_added=[fact(link) for link in added],
            links_removed=[fact(link) for link in removed],
        )
    return added, removed


def links_removed_with(*, record, by) -> None:
    """The links a record being deleted makes or is named by go with it: a link never names a
    record that is gone. Each one's history notes who deleted the record."""
    for link in RecordLink.objects.touching(record):
        mark_history(link, by=by, reason=None)
        link.delete()


def record_links_named(*, record, named: list[tuple[str, str]], by) -> None:
    """Links the saved record to the records `named`, each as (model "app_label.model_name", its
    name as the model's lookup reads it), under the kinds of links its register declares for
    them: for the demo data. A name that finds no record (its register holds no such data) is
    left out."""
    from .lookups import named_record  # the lookups read the registers, declared after this module
    from .relations import kinds_from

    for kind in kinds_from(type(record)):
        targets = [named_record(label, name) for label, name in named if label in kind.targets]
        targets = [target for target in targets if target is not None]
        if targets:
            record_links_set(record=record, kind=kind, targets=targets, by=by)
