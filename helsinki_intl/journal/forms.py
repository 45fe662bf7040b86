from django import forms

from helsinki_intl.records.forms import DateInput

from .models import JournalEntry


class JournalEntryForm(forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["date", "kind", "participants", "text"]
        widgets = {"date": DateInput, "text": forms.Textarea(attrs={"rows": 3})}
