from django import forms

from helsinki_intl.records.countries import country_choices
from helsinki_intl.records.forms import DateInput, PortfolioRecordForm

from .models import EventBid


class EventBidForm(PortfolioRecordForm):
    class Meta:
        model = EventBid
        fields = [
            "name",
            "kind",
            "owner_unit",
            "responsible_person",
            "status",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "local_partner",
            "host_conference",
            "expected_delegates",
            "daily_spend_estimate",
            "estimated_cost",
            "city_resources",
            "expected_impact",
            "priorities",
            "sdgs",
            "decision_date",
            "decision",
            "minutes_reference",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "decision_date": DateInput(),
            "expected_impact": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the reader's language; the model's validator still checks the code.
        self.fields["country"].widget = forms.Select(choices=country_choices())
