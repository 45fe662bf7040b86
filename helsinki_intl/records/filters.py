import datetime

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .forms import CityDateFormField, DateInput
from .lookups import as_id
from .models import unit_model
from .querysets import REVIEW_DUE_SOON_DAYS


class CityDateFilter(django_filters.DateFilter):
    """A date filter that answers a date outside the city's years with the form's error."""

    field_class = CityDateFormField


YES_NO = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


class ReviewState(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    UPCOMING = "upcoming", _("Due within %(days)s days")
    DUE = "due", _("Overdue or due within %(days)s days")


def review_state_choices() -> list[tuple[str, str]]:
    return [(state.value, str(state.label) % {"days": REVIEW_DUE_SOON_DAYS}) for state in ReviewState]


class Missing(models.TextChoices):
    """What a current record lacks although the review cycle needs it."""

    GOALS = "goals", _("Goals")
    OWNER_UNIT = "owner_unit", _("An active owner unit")
    RESPONSIBLE_PERSON = "responsible_person", _("A responsible person still with the city")


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends with the primary key, so that equal values page in a stable order.

    A translated name (`..._name_fi`) sorts by its name in the active language.
    """

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.endswith("name_fi"):
            language = (get_language() or "fi")[:2]
            value = f"{value.removesuffix('name_fi')}name_{language}"
        return value

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if value and not any(field.lstrip("-") in ("pk", "id") for field in ordered.query.order_by):
            ordered = ordered.order_by(*ordered.query.order_by, "pk")
        return ordered


# Far longer than any name or search a person types; a longer text is the form's error, so
# that no database is asked to match a pattern of many thousand characters.
MAX_SEARCH_LENGTH = 200


class SearchTextFilter(django_filters.CharFilter):
    """A text filter of a search's length at most."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(**kwargs)


class NameContainsFilter(SearchTextFilter):
    """A text input finding records by part of a related record's name.

    For relations whose choices grow with the data (programmes, networks, partners...), where a
    drop-down would list them all on every page.
    """

    def __init__(self, *, fields: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = fields

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        matching = Q()
        for field in self.fields:
            matching |= Q(**{f"{field}__icontains": value})
        return qs.filter(matching)


UNIT_SEARCH_HELP = _("Code, abbreviation or part of the name.")


class UnitSearchInput(forms.TextInput):
    """Shows the unit's code where a link gave its id, so that the box says which unit it is."""

    def format_value(self, value):
        if value and (pk := as_id(str(value))) is not None:
            unit = unit_model().objects.filter(pk=pk).only("code").first()
            return unit.code if unit else value
        return super().format_value(value)


class OwnerUnitFilter(SearchTextFilter):
    """A text input for the owner unit: a city has tens of units, a test load thousands, and a
    drop-down of them all would be rendered on every list page."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", UnitSearchInput)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(owner_unit__in=unit_model().objects.matching(value))


class RelatedChoiceFilter(django_filters.ModelChoiceFilter):
    """A drop-down of the rows that the filtered model's relation (`field_name`) points to."""

    def get_queryset(self, request):
        related = self.model._meta.get_field(self.field_name).related_model
        return related._default_manager.all()


def crosses_to_many(model: type[models.Model], path: str) -> bool:
    for part in path.split("__")[:-1]:
        field = model._meta.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        model = field.related_model
    return False


def contains(model: type[models.Model], path: str, term: str) -> Q:
    """Records whose field at `path` contains `term`, whatever the case.

    A path through a to-many relation (a record's goals) is asked as EXISTS, so that the list
    neither repeats a record nor joins all its related rows before filtering.
    """
    if not crosses_to_many(model, path):
        return Q(**{f"{path}__icontains": term})
    related = model._base_manager.filter(pk=models.OuterRef("pk"), **{f"{path}__icontains": term})
    return Q(models.Exists(related))


class RecordFilterSet(django_filters.FilterSet):
    """Free-text search and owner unit, shared by every register's list.

    Subclasses name `search_fields`; a search for several words finds records that
    match every word somewhere in those fields.
    """

    search_fields: tuple[str, ...] = ()

    q = SearchTextFilter(label=_("Search"), method="search")
    owner_unit = OwnerUnitFilter(label=_("Owner unit"), help_text=UNIT_SEARCH_HELP)

    def search(self, queryset, name, value):
        for term in value.split():
            term_query = Q()
            for field in self.search_fields:
                term_query |= contains(queryset.model, field, term)
            queryset = queryset.filter(term_query)
        return queryset


class PortfolioFilterSet(RecordFilterSet):
    current = django_filters.BooleanFilter(label=_("Current"), method="filter_current", widget=YES_NO)
    responsible = django_filters.ChoiceFilter(
        label=_("Responsible person"),
        choices=[("me", _("Me"))],
        empty_label=_("Anyone"),
        method="filter_responsible",
    )
    priority = RelatedChoiceFilter(label=_("Priority"), field_name="priorities", empty_label=_("All"))
    sdg = RelatedChoiceFilter(
        label=_("Sustainable development goal"), field_name="sdgs", empty_label=_("All")
    )

    def filter_current(self, queryset, name, value):
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))

    def filter_responsible(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(responsible_person=user)


class ReviewableFilterSet(PortfolioFilterSet):
    review = django_filters.ChoiceFilter(
        label=_("Review"), choices=review_state_choices, method="filter_review"
    )
    review_due_before = CityDateFilter(
        label=_("Review due by"),
        method="review_due",
        widget=DateInput(),
    )
    missing = django_filters.ChoiceFilter(
        label=_("Missing"), choices=Missing.choices, method="filter_missing"
    )

    def review_due(self, queryset, name, value):
        return queryset.review_due(before=value)

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == ReviewState.OVERDUE:
            return queryset.review_overdue(today)
        due = queryset.review_due(before=today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS))
        return due if value == ReviewState.DUE else due.filter(next_review_due__gte=today)

    def filter_missing(self, queryset, name, value):
        if value == Missing.GOALS:
            return queryset.without_goals()
        if value == Missing.OWNER_UNIT:
            return queryset.current().with_inactive_owner_unit()
        return queryset.current().with_inactive_responsible_person()
