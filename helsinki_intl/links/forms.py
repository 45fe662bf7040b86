"""The fields of a record's form that name the records of other registers it links to.

One field for each kind of link and target model the record's register declares (an
application's "Came through: memberships"): a text box for each record named, typed by name as a
lookup field is (`records.lookups`: suggestions as one types, and the same typed name saved
without JavaScript), and empty boxes to name more. A box emptied removes its link. The form saves
the links with the record, in its transaction (`links.services`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import LookupInput

from .lookups import lookup_for
from .relations import kinds_from
from .services import record_links_set, target_refusals
from .shown import targets_by_field

EMPTY_BOXES = 2
"""The empty boxes after the named records: more are offered once these are saved."""
MOST_TARGETS = 30
"""The most records one field names: more than any record comes through, few enough to read."""


class LinkTargetsInput(forms.Widget):
    """A labelled lookup box for each record named, and empty ones to name more."""

    use_fieldset = True

    def __init__(self, lookup, attrs=None):
        super().__init__(attrs)
        self.lookup = lookup

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        return [text for text in (value or []) if text not in (None, "")]

    @staticmethod
    def id_for_box(id_: str, index: int) -> str:
        return f"{id_}_{index}"

    def id_for_label(self, id_):
        return self.id_for_box(id_, 0) if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        texts = self.format_value(value)
        attrs = {**self.attrs, **(attrs or {})}
        base_id = attrs.pop("id", None) or f"id_{name}"
        described_by = attrs.pop("aria-describedby", None)
        noun = capfirst(self.lookup.model._meta.verbose_name)
        boxes = []
        for index, text in enumerate([*texts, *[""] * EMPTY_BOXES]):
            box_id = self.id_for_box(base_id, index)
            box_attrs = {**attrs, "id": box_id}
            if described_by:
                box_attrs["aria-describedby"] = described_by
            box = LookupInput(self.lookup).render(name, text, box_attrs, renderer)
            boxes.append((box_id, noun, index + 1, box))
        return format_html(
            '<ul class="link-targets">{}</ul>',
            format_html_join(
                "",
                '<li class="link-targets__box"><label class="hds-text-input__label" for="{}">{} {}</label>'
                '<div class="hds-text-input__input-wrapper">{}</div></li>',
                boxes,
            ),
        )


class LinkTargetsField(forms.Field):
    """The records of one target model a record names as one kind of link, each typed as a lookup
    field's record is; only records the person may read."""

    widget = LinkTargetsInput
    default_error_messages = {
        "too_many": _("Name at most %(most)s records here."),
    }

    def __init__(self, *, kind, model, user, **kwargs):
        self.kind, self.model, self.user = kind, model, user
        self.lookup = lookup_for(model)
        kwargs.setdefault("widget", LinkTargetsInput(self.lookup))
        kwargs.setdefault("label", capfirst(kind.field_label(model)))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", self.lookup.help_text)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return [self.lookup.label(item) if isinstance(item, self.model) else item for item in value or []]

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        texts = [" ".join(str(text or "").split()) for text in value]
        texts = [text for text in texts if text]
        if len(texts) > MOST_TARGETS:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"most": MOST_TARGETS}
            )
        records, errors = [], []
        queryset = self.model._default_manager.all()
        for text in texts:
            try:
                records.append(self.lookup.find(queryset, text))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(records))

    def validate(self, value):
        super().validate(value)
        if refusals := target_refusals(kind=self.kind, targets=value, by=self.user):
            raise ValidationError(refusals)

    def has_changed(self, initial, data) -> bool:
        try:
            return {record.pk for record in self.to_python(data)} != {record.pk for record in (initial or [])}
        except ValidationError:
            return True


class LinkingFormMixin:
    """For a register's record form (with `user`): a field for each kind of link and target model
    its register declares, placed after the field `links_after` (at the end if it has none) and
    followed by `links_other`, the field for those not in the registers, if any; the links are
    saved with the record."""

    links_after = ""
    links_other = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.link_fields = {}
        model = self._meta.model
        current = targets_by_field(self.instance) if self.instance.pk else {}
        added = {}
        for kind in kinds_from(model):
            for target_model in kind.target_models():
                name = kind.field_name(target_model)
                added[name] = LinkTargetsField(kind=kind, model=target_model, user=self.user)
                self.link_fields[name] = (kind, target_model)
                self.initial.setdefault(name, current.get(name, []))
        if self.links_other in self.fields:
            added[self.links_other] = self.fields.pop(self.links_other)
        self.fields = place_after(self.fields, added, self.links_after)

    def _save_m2m(self):
        super()._save_m2m()
        targets_by_kind = {}
        for name, (kind, _model) in self.link_fields.items():
            targets_by_kind.setdefault(kind, []).extend(self.cleaned_data.get(name, []))
        for kind, targets in targets_by_kind.items():
            record_links_set(record=self.instance, kind=kind, targets=targets, by=self.user)


def place_after(fields: dict, added: dict, after: str) -> dict:
    if after not in fields:
        return {**fields, **added}
    placed = {}
    for name, field in fields.items():
        placed[name] = field
        if name == after:
            placed.update(added)
    return placed
