import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.choices import GoalOutcome, Recommendation
from helsinki_intl.records.forms import CityDateFormField

from .services import GoalAssessment, check_review_date


class ReviewForm(forms.Form):
    """The review itself: its date, the benefit assessment, the recommendation and the decision.

    It carries the due date it reviews, the record's when the form was opened, so that the
    form submitted twice records one review.
    """

    due = forms.CharField(required=False, widget=forms.HiddenInput)
    reviewed_on = CityDateFormField(label=_("Review date"))
    benefit_assessment = forms.CharField(
        label=_("Benefit assessment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the city gains from this, compared with the cost and effort it takes."),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the coordination group decided, with the minutes reference if there is one."),
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["reviewed_on"].initial = timezone.localdate()
        due = record.next_review_due
        self.fields["due"].initial = due.isoformat() if due else ""

    def clean_due(self) -> datetime.date | None:
        due = self.cleaned_data["due"]
        if not due:
            return None
        try:
            return datetime.date.fromisoformat(due)
        except ValueError:
            # A hidden field: its error is the form's, shown above the fields.
            self.add_error(None, _("The review form was damaged. Open it again and fill it in."))
            return None

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        check_review_date(self.record, reviewed_on)
        return reviewed_on


class GoalOutcomeForm(forms.Form):
    """How one goal fared; `goal` is shown next to the fields with its target and indicator."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=GoalOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome for this goal.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, prefix=f"goal-{goal.pk}", **kwargs)
        self.goal = goal

    def assessment(self) -> GoalAssessment:
        return GoalAssessment(self.goal, self.cleaned_data["outcome"], self.cleaned_data["comment"])


class ReviewForms:
    """The review form and one outcome form per goal, validated and shown together."""

    def __init__(self, *, record, goals, data=None):
        self.review = ReviewForm(data, record=record)
        self.outcomes = [GoalOutcomeForm(data, goal=goal) for goal in goals]

    def is_valid(self) -> bool:
        # Every form is validated, not only up to the first invalid one, so all errors show.
        results = [self.review.is_valid()] + [form.is_valid() for form in self.outcomes]
        return all(results)

    def add_error(self, error: ValidationError) -> None:
        """Show an error the review service raised above the form."""
        self.review.add_error(None, ValidationError(error.messages))

    def assessments(self) -> list[GoalAssessment]:
        return [form.assessment() for form in self.outcomes]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(id of the field, its label, the error) for every field error, to link from the top of the page."""
        summary = []
        for form in [self.review, *self.outcomes]:
            for name in form.errors:
                if name == NON_FIELD_ERRORS:
                    continue
                field = form[name]
                label = field.label
                if isinstance(form, GoalOutcomeForm):
                    label = f"{form.goal.title}: {field.label}"
                anchor = f"{field.auto_id}_0" if field.widget_type == "radioselect" else field.id_for_label
                summary.extend((anchor, label, error) for error in field.errors)
        return summary
