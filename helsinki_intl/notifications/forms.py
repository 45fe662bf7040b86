import rules
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.models import unit_model
from helsinki_intl.records.registers import registers

from .followed_views import records_of, saved_view_model
from .models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["digest", "decisions_at_once"]
        widgets = {"digest": forms.RadioSelect}


def followable_models() -> list:
    """What a person may follow: the records units own (their changes are told), what their
    models name in `FOLLOWED_THROUGH` (a programme, whose calls are told), and the units."""
    models = []
    for register in registers:
        config = apps.get_app_config(register.app_label)
        for owned in (config.get_model(name) for name in register.unit_owned):
            models.append(owned)
            models += [
                owned._meta.get_field(name).related_model for name in getattr(owned, "FOLLOWED_THROUGH", ())
            ]
    models.append(unit_model())
    if (saved_view := saved_view_model()) is not None:
        models.append(saved_view)
    return list(dict.fromkeys(models))


class FollowForm(forms.Form):
    """Following, or no longer following, one thing the person may read."""

    target_type = forms.CharField(max_length=100)
    target = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    following = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        label, pk = cleaned.get("target_type"), cleaned.get("target")
        if label is None or pk is None:
            return cleaned
        model = next((model for model in followable_models() if model._meta.label_lower == label), None)
        found = model._default_manager.filter(pk=pk).first() if model is not None else None
        if found is None or not may_read(self.user, found):
            raise forms.ValidationError(_("There is nothing to follow here."), code="not_found")
        if model is saved_view_model() and records_of(found) is None:
            raise forms.ValidationError(_("This list's views cannot be followed."), code="not_followable")
        cleaned["found"] = found
        cleaned["content_type"] = ContentType.objects.get_for_model(found, for_concrete_model=False)
        return cleaned


def may_read(user, target) -> bool:
    visible_to = getattr(type(target)._default_manager, "visible_to", None)
    if visible_to is not None:
        return visible_to(user).filter(pk=target.pk).exists()
    return rules.has_perm(f"{target._meta.app_label}.view_{target._meta.model_name}", user, target)
