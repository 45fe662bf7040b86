"""The step forms the registers share: a step that may say why, one that must, and a decision
recorded with its deciding body, date and number. A register's `process.py` adds only what is its
own (a join's start date, a bid's conditions and resources)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DecidingBody
from .forms import CityDateFormField, DateInput
from .process import StepForm
from .validators import validate_decision_reference


class NotFutureDateField(CityDateFormField):
    """The date of a decision already made: never later than today."""

    widget = DateInput
    default_error_messages = {"future": _("The decision date cannot be in the future.")}

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


def decision_reference_field(*, required: bool = True) -> forms.CharField:
    """A decision number in the archive's format."""
    return forms.CharField(
        label=_("Decision number"),
        max_length=20,
        required=required,
        validators=[validate_decision_reference],
        help_text=_("The decision number, e.g. HEL 2026-001234."),
    )


NOTE = _("Note")


def note_field(label=NOTE, *, required: bool = False) -> forms.CharField:
    """A few lines of text: a step's note or reason, a decision as minuted."""
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(StepForm):
    """A step that needs nothing but may say why."""

    note = note_field()

    def decision(self) -> dict:
        return {"note": self.cleaned_data["note"].strip()}


class ReasonForm(StepForm):
    """A step that must say why."""

    reason = note_field(_("Reason"), required=True)

    def decision(self) -> dict:
        return {"note": self.cleaned_data["reason"].strip()}


class DecisionStepForm(NoteForm):
    """A decision as the archive holds it: the deciding body, the decision's date and number."""

    deciding_body = forms.ChoiceField(label=_("Deciding body"), choices=DecidingBody.choices)
    decision_date = NotFutureDateField(label=_("Decision date"))
    decision_reference = decision_reference_field()
    field_order = ["deciding_body", "decision_date", "decision_reference", "note"]

    def decision(self) -> dict:
        return {
            **super().decision(),
            "deciding_body": self.cleaned_data["deciding_body"],
            "decision_date": self.cleaned_data["decision_date"],
            "decision_reference": self.cleaned_data["decision_reference"],
        }
