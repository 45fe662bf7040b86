"""The form that saves a list as a view, and renames it or changes whom it is shared with."""

from django import forms
from django.contrib.auth.models import Group
from django.db import models
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.data_version import kept_until_changed

from .lists import MAX_QUERY_LENGTH, listable, normalised_query
from .models import NAME_TAKEN, SavedView

GROUP_LABELS = {
    roles.INTERNATIONAL_AFFAIRS: _("International affairs"),
    roles.COORDINATION_GROUP: _("International coordination group"),
    roles.MAJOR_EVENTS_GROUP: _("Major-events coordination group"),
}


def group_label(name: str) -> str:
    """The portal's roles by their names in the person's language; other groups as named."""
    return str(GROUP_LABELS.get(name, name))


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    GROUP = "group", _("A group")
    UNIT = "unit", _("A unit")


def _by_label(choice: tuple[str, str]) -> str:
    return choice[1].casefold()


def unit_choices(units) -> list[tuple[str, str]]:
    return sorted(((str(unit.pk), str(unit)) for unit in units), key=_by_label)


def own_unit_choices(user) -> list[tuple[str, str]]:
    """The person's units as choices, named in the active language; kept until the data changes,
    so that a list page asks the database for them only once."""
    ids = sorted(user.unit_ids)
    if not ids:
        return []
    key = f"saved-views:units:{get_language()}:{','.join(map(str, ids))}"
    return kept_until_changed(key, lambda: unit_choices(OrgUnit.objects.filter(pk__in=ids)))


class SavedViewForm(forms.ModelForm):
    """A view's name and who sees it besides its owner: nobody, a group or a unit.

    A person shares with the groups and units they belong to; international affairs with any,
    though the form on a list page offers them only their own too (`everyone=False`), which reads
    no more than their units' names.
    """

    visibility = forms.ChoiceField(
        label=_("Who sees the view"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    group = forms.ChoiceField(
        label=_("Group"), required=False, help_text=_("Shared with a group: its members see the view.")
    )
    unit = forms.ChoiceField(
        label=_("Unit"), required=False, help_text=_("Shared with a unit: its members see the view.")
    )

    class Meta:
        model = SavedView
        fields = ["name"]
        help_texts = {"name": _("For example “Our memberships due for review”.")}

    def __init__(self, *args, user, everyone: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if everyone and user.is_international_affairs:
            group_names = set(Group.objects.values_list("name", flat=True))
            units = unit_choices(OrgUnit.objects.filter(is_active=True))
        else:
            group_names = set(user.group_names)
            units = list(own_unit_choices(user))
        view = self.instance
        # Whom the view is shared with now is offered too: kept as it is, or taken off.
        if view.shared_with_group_id:
            group_names.add(view.shared_with_group.name)
        if view.shared_with_unit_id and str(view.shared_with_unit_id) not in dict(units):
            units.append((str(view.shared_with_unit_id), str(view.shared_with_unit)))
        groups = sorted(((name, group_label(name)) for name in group_names), key=_by_label)
        self.fields["group"].choices = [("", "—"), *groups]
        self.fields["unit"].choices = [("", "—"), *units]
        # Sharing with a group, or with a unit, is offered to those who have one to share with.
        offered = {
            Visibility.PRIVATE,
            *([Visibility.GROUP] if groups else []),
            *([Visibility.UNIT] if units else []),
        }
        self.fields["visibility"].choices = [choice for choice in Visibility.choices if choice[0] in offered]
        for name, choices in (("group", groups), ("unit", units)):
            if not choices:
                del self.fields[name]
        if view.shared_with_group_id:
            self.initial.update(visibility=Visibility.GROUP, group=view.shared_with_group.name)
        elif view.shared_with_unit_id:
            self.initial.update(visibility=Visibility.UNIT, unit=str(view.shared_with_unit_id))
        else:
            # One to choose from: chosen already, should the person share.
            if len(groups) == 1:
                self.initial.setdefault("group", groups[0][0])
            if len(units) == 1:
                self.initial.setdefault("unit", units[0][0])

    def owner(self):
        return self.instance.owner if self.instance.pk else self.user

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        taken = SavedView.objects.filter(owner=self.owner(), name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(NAME_TAKEN, code="taken", params={"name": name})
        return name

    def clean(self):
        cleaned = super().clean()
        visibility = cleaned.get("visibility")
        group = unit = None
        if visibility == Visibility.GROUP and cleaned.get("group"):
            group = Group.objects.filter(name=cleaned["group"]).first()
        elif visibility == Visibility.GROUP and "group" not in self.errors:
            self.add_error("group", _("Choose the group to share the view with."))
        elif visibility == Visibility.UNIT and cleaned.get("unit"):
            unit = OrgUnit.objects.filter(pk=cleaned["unit"]).first()
        elif visibility == Visibility.UNIT and "unit" not in self.errors:
            self.add_error("unit", _("Choose the unit to share the view with."))
        self.instance.shared_with_group = group
        self.instance.shared_with_unit = unit
        return cleaned

    def _get_validation_exclusions(self):
        # The form sets the sharing, through `visibility`, `group` and `unit`.
        return super()._get_validation_exclusions() - {"shared_with_group", "shared_with_unit"}


class NewSavedViewForm(SavedViewForm):
    """Saves a list, with the filters and sorting it is shown with, as a new view of the person's."""

    list_name = forms.CharField(widget=forms.HiddenInput)
    query = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def clean_list_name(self) -> str:
        list_name = self.cleaned_data["list_name"]
        target = listable(list_name)
        if target is None or not target.may_open(self.user):
            raise forms.ValidationError(
                _("A view can be saved only of a list of the portal that you may open."), code="no_list"
            )
        return list_name

    def clean_query(self) -> str:
        query = normalised_query(QueryDict(self.cleaned_data["query"]))
        if len(query) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The filters are too long to save: a view keeps at most %(most)s characters of them."),
                code="too_long",
                params={"most": MAX_QUERY_LENGTH},
            )
        return query

    def clean(self):
        cleaned = super().clean()
        self.instance.owner = self.user
        self.instance.list_name = cleaned.get("list_name", "")
        self.instance.query = cleaned.get("query", "")
        return cleaned
