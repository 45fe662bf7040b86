from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from helsinki_intl.links.forms import LinkingFormMixin
from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.forms import DateInput, PortfolioRecordForm

from .models import EventBid


class EventBidForm(LinkingFormMixin, PortfolioRecordForm):
    """The host unit's bid. Its status and the decision on it move only through the steps of
    `events.process`, so the form carries neither. It names the memberships and partners it came
    through (`register.py`'s links), and in words those not in the registers."""

    links_after = "host_conference"
    links_other = "came_through_other"

    class Meta:
        model = EventBid
        fields = [
            "name",
            "kind",
            "owner_unit",
            "responsible_person",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "local_partner",
            "host_conference",
            "came_through_other",
            "expected_delegates",
            "daily_spend_estimate",
            "estimated_cost",
            "city_resources",
            "expected_impact",
            "priorities",
            "sdgs",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "expected_impact": forms.Textarea(attrs={"rows": 3}),
            "came_through_other": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the reader's language; the model's validator still checks the code.
        self.fields["country"].widget = forms.Select(choices=country_choices())

    def _update_errors(self, errors):
        # A rule on the status or the decision (an event held cannot start later) refuses the
        # edit with the form's own error: the form has no such field to show it on.
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name != NON_FIELD_ERRORS]:
                if name not in self.fields:
                    errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)
