"""Rows that every record a unit owns carries, whatever its register: its documents and its
journal. They name their record by its type and key (a content type), not by a foreign key to
each register's model, so that a register declared later has them too, by its declaration's
`unit_owned` alone.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst

from .registers import registers


def attachable_models() -> dict[str, type]:
    """{"app_label.model_name": model} of the records units own, in every register declared."""
    models = {}
    for register in registers:
        config = apps.get_app_config(register.app_label)
        for name in register.unit_owned:
            model = config.get_model(name)
            models[model._meta.label_lower] = model
    return models


def record_type_of(record) -> str:
    return record._meta.label_lower


def is_attachable(record) -> bool:
    return record_type_of(record) in attachable_models()


def attached_record(record_type: str, pk: int):
    """The record a page's address names, or 404 for a type that carries nothing or no record."""
    model = attachable_models().get(record_type)
    if model is None:
        raise Http404
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def content_type_of(record) -> ContentType:
    return ContentType.objects.get_for_model(record, for_concrete_model=False)


def rows_of(model, record):
    """The rows of `model` (with `content_type` and `object_id`) attached to `record`."""
    return model._default_manager.filter(content_type=content_type_of(record), object_id=record.pk)


def may_change(user, record) -> bool:
    """Whether the person may change the record: its owner unit and international affairs."""
    opts = record._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}", record)


def may_read(user, record) -> bool:
    opts = record._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}", record)


def record_crumbs(record, page_label) -> list[tuple[str | None, str]]:
    """The breadcrumbs of a page about the record's documents or journal: its list, the record, the
    page."""
    opts = record._meta
    return [
        (reverse(f"{opts.app_label}:{opts.model_name}-list"), capfirst(opts.verbose_name_plural)),
        (record.get_absolute_url(), str(record)),
        (None, str(page_label)),
    ]
