"""The relations a link names, and the declaration by which a register lets its records link.

A register declares in its `register.py` which of its models may name which records of other
registers, under which relation (`LinkKind`, the `links` of its `Register`); the forms, pages,
history, imports and exports of the links follow from these declarations alone. A relation is
written once and used by any register: `CAME_THROUGH` (an application that came through a
membership) and `SERVES` (an activity that serves a partnership), or a register's own.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Relation:
    """What a link says of its source and its target."""

    name: str
    """As the link rows keep it, e.g. "came_through"."""
    label: str
    """On the source's form and page: "Came through"."""
    reverse_label: str
    """On the target's page, before the source records' kind: "Came through this record"."""


CAME_THROUGH = Relation("came_through", _("Came through"), _("Came through this record"))
SERVES = Relation("serves", _("Serves"), _("Serving this record"))


@dataclass(frozen=True)
class LinkKind:
    """Records of the register's model `source` may name records of the `targets` models (of other
    registers), as `relation`. Models are named "app_label.model_name"."""

    source: str
    relation: Relation
    targets: tuple[str, ...]

    @property
    def source_model(self):
        return apps.get_model(self.source)

    def target_models(self) -> list:
        return [apps.get_model(target) for target in self.targets]

    def field_name(self, target_model) -> str:
        """The name of the source form's field (and import column key) of the links to one target model."""
        opts = target_model._meta
        return f"links_{self.relation.name}_{opts.app_label}_{opts.model_name}"

    def field_label(self, target_model):
        return format_lazy("{}: {}", self.relation.label, target_model._meta.verbose_name_plural)


def link_kinds() -> list[LinkKind]:
    """Every register's declared kinds of links, in the registers' order."""
    from helsinki_intl.records.registers import registers

    return [kind for register in registers for kind in register.links]


def kinds_from(model) -> list[LinkKind]:
    """The kinds of links the model's records may make."""
    label = model._meta.label_lower
    return [kind for kind in link_kinds() if kind.source == label]


def kinds_to(model) -> list[LinkKind]:
    """The kinds of links that may name the model's records."""
    label = model._meta.label_lower
    return [kind for kind in link_kinds() if label in kind.targets]
