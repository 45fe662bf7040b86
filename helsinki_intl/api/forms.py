import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.forms import DateInput

from .models import LONGEST_VALIDITY

DEFAULT_VALIDITY = datetime.timedelta(days=90)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as “Power BI: memberships report”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput,
        help_text=_("A year from today at the latest. The token stops working at the end of the day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + DEFAULT_VALIDITY

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("The date has passed."))
        if value > today + LONGEST_VALIDITY - datetime.timedelta(days=1):
            raise forms.ValidationError(_("A token is valid for a year at most."))
        return value

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the portal's time zone."""
        next_day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))
