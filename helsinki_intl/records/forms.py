from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from . import ranges
from .fields import CityDateField
from .lookups import PEOPLE, UNITS, owner_units_open_to, use_lookups
from .models import unit_model

# The most rows of a kind one record's form takes: far more than a record has, and few enough
# that a crafted row count (`goals-TOTAL_FORMS=99999`) costs no more than a normal save.
MAX_GOALS = 50
MAX_ROLES = 50


ADD_ROW = "add_row"
"""The name of a record form's buttons that ask for another empty row of one of its formsets;
the button's value is the formset's prefix."""


@dataclass(frozen=True)
class InPlace:
    """A small form shown under a field of a record's form, in the same <form>: to add there the
    record the field names, when it is not in the register. `template` renders `form`."""

    template: str
    form: forms.BaseForm


def at_most(rows: int) -> dict:
    """`inlineformset_factory` arguments that read at most `rows` rows and refuse more."""
    return {"max_num": rows, "absolute_max": rows, "validate_max": True}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CityDateFormField(forms.DateField):
    """A date in the years the city's work can use: a filter, a report range or a review date."""

    widget = DateInput
    default_validators = CityDateField.default_validators

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "min": ranges.EARLIEST_DATE.isoformat(),
            "max": ranges.LATEST_DATE.isoformat(),
        }


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no database integer holds, which SQLite would answer with OverflowError."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # not a number: Django's own check refuses it
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def version_field(initial=None) -> forms.IntegerField:
    """The hidden field of the version an edit form was loaded with.

    Bounded as the column is, so that a crafted value is refused before any query.
    """
    return forms.IntegerField(
        widget=forms.HiddenInput, initial=initial, required=False, min_value=1, max_value=2**31 - 1
    )


def carry_version(form) -> None:
    """An edit form of a versioned row carries the version it was loaded with (`records.locking`)."""
    if form.instance.pk and hasattr(form.instance, "version"):
        form.fields["version"] = version_field(form.instance.version)


OWN_UNITS_ONLY = _("You may add records only for your own units: %(choices)s. “%(name)s” is not one of them.")


class UnitOwnedForm(forms.ModelForm):
    """A form for a unit-owned record: a person may give ownership only to their own units.

    International affairs may choose any unit. A unit outside the choices is refused as an
    invalid choice, so a crafted request cannot hand a record to another unit.

    An edit form carries the version of the record it was loaded with in a hidden field: the
    view refuses the save when the record has been saved since (`records.locking`).
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = RecordMultipleChoiceField
        carry_version(self)
        units = owner_units_open_to(user)
        if self.instance.pk and not user.is_international_affairs:
            units = units | unit_model().objects.filter(pk=self.instance.owner_unit_id)
        self.fields["owner_unit"].queryset = units
        if not self.instance.pk and len(user.unit_ids) == 1:
            self.fields["owner_unit"].initial = next(iter(user.unit_ids))
        use_lookups(self, {"owner_unit": UNITS})
        if not user.is_international_affairs:
            self.fields["owner_unit"].closed = (unit_model().objects.filter(is_active=True), OWN_UNITS_ONLY)

    def _get_validation_exclusions(self):
        # A status is set by the steps of the record's process, not by this form; the constraints
        # that depend on it (one current membership of a unit in a network) are still checked.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("status")
        return exclusions


class PortfolioRecordForm(UnitOwnedForm):
    """Adds the responsible person, priorities and SDGs shared by every portfolio record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_person"].queryset = get_user_model().objects.filter(is_active=True)
        if not self.instance.pk:
            self.fields["responsible_person"].initial = self.user.pk
        use_lookups(self, {"responsible_person": PEOPLE})
        self.fields["priorities"].queryset = self.fields["priorities"].queryset.select_related("period")
        self.fields["priorities"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["priorities"].choices
        )
        self.fields["sdgs"].widget = forms.CheckboxSelectMultiple(choices=self.fields["sdgs"].choices)


class RecordRowsFormSet(forms.BaseInlineFormSet):
    """Rows of a record's form (goals, roles, contacts), made with `at_most(...)`.

    A posted row count beyond `absolute_max`, which the page never offers, is refused by
    `validate_max`; the rows beyond the saved ones are then not read, so that the refusal
    shows an ordinary page.
    """

    def total_form_count(self) -> int:
        total = super().total_form_count()
        if self.is_bound and self.management_form.cleaned_data[TOTAL_FORM_COUNT] > self.absolute_max:
            return min(total, self.initial_form_count())
        return total


class GoalFormSet(RecordRowsFormSet):
    """Goals of a reviewable record; the record's status decides whether one is required."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if self._is_kept(form)]
        try:
            self.instance.validate_goal_count(len(kept))
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def _is_kept(self, form) -> bool:
        """A saved goal not marked for deletion, or a new one that was filled in."""
        if self.can_delete and self._should_delete_form(form):
            return False
        return bool(form.instance.pk) or form.has_changed()


GOAL_FIELDS = ["title", "target", "indicator"]
GOAL_WIDGETS = {
    "target": forms.Textarea(attrs={"rows": 2}),
}
GOAL_LABELS = {"title": _("Goal")}


def with_another_row(data: QueryDict, prefix: str, most: int) -> QueryDict | None:
    """The posted data with one more row of the formset `prefix`, or None when the formset has
    `most` rows already or its row count is not one the page wrote."""
    key = f"{prefix}-{TOTAL_FORM_COUNT}"
    total = data.get(key, "")
    if not (total.isascii() and total.isdigit()) or int(total) >= most:
        return None
    data = data.copy()
    data[key] = str(int(total) + 1)
    return data


def unjudged(form) -> None:
    """Shows a bound form with the values posted and without errors: its rows are being added
    to, and the person has not asked to save yet."""
    form._errors = ErrorDict()


def unjudged_rows(formset) -> None:
    """`unjudged` for a formset and each of its rows."""
    formset._errors = [ErrorDict() for _row in formset.forms]
    formset._non_form_errors = formset.error_class()
    for row in formset.forms:
        unjudged(row)
