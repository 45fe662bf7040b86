"""The admin's change forms refuse a stale save, as the portal's edit forms do (`records.locking`)."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.utils.translation import gettext_lazy as _

from .forms import version_field

STALE_ADMIN_SAVE = _(
    "Someone saved this record after you opened it, so your changes were not saved. Open the "
    "record again to see what changed, then make your changes again."
)


class VersionCheckedForm(forms.ModelForm):
    """A change form that carries the row's version and refuses it once the row was saved since."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            # The row stays locked until the admin's transaction ends, so no save slips in
            # between this check and this form's save.
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned_data.get("version") != current:
                raise forms.ValidationError(STALE_ADMIN_SAVE, code="stale")
        return cleaned_data


class VersionCheckedAdminMixin:
    """For a ModelAdmin of a versioned model (one with a `version` field)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or not any(field.name == "version" for field in self.model._meta.concrete_fields):
            return super().get_form(request, obj, change=change, **kwargs)
        base = kwargs.get("form", self.form)
        if not issubclass(base, VersionCheckedForm):
            kwargs["form"] = type(f"VersionChecked{base.__name__}", (VersionCheckedForm, base), {})
        fields = (
            kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if fields is not None:
            # The model's version is not editable: the form's own field carries it.
            kwargs["fields"] = [name for name in fields if name != "version"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "version" in flatten_fieldsets(fieldsets) or not hasattr(obj, "version"):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "version"]}), *rest]
