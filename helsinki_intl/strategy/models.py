import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import CityDateField, LineField, YearField, with_range_checks
from helsinki_intl.records.models import Versioned
from helsinki_intl.records.multilingual import TranslatedName


class StrategyPeriodQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> "StrategyPeriodQuerySet":
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def current_first(self) -> "StrategyPeriodQuerySet":
        """The periods that have begun: the one covering today first, then the latest.

        Until a new period is entered, the latest one stands as the current one.
        """
        today = timezone.localdate()
        covers_today = Case(When(ends_on__gte=today, then=Value(0)), default=Value(1))
        return self.filter(starts_on__lte=today).order_by(covers_today, "-starts_on")

    def current(self) -> "StrategyPeriod | None":
        return self.current_first().first()


@with_range_checks
class StrategyPeriod(Versioned):
    """A city strategy period; the international priorities are set for one period."""

    name = LineField(_("name"), max_length=100, unique=True)
    starts_on = CityDateField(_("starts on"))
    ends_on = CityDateField(_("ends on"))

    objects = StrategyPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy period")
        verbose_name_plural = _("strategy periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A strategy period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_force(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Priority(TranslatedName, Versioned):
    """A strategic priority of a period: talent attraction or a cross-administrative theme."""

    period = models.ForeignKey(
        StrategyPeriod,
        verbose_name=_("strategy period"),
        on_delete=models.PROTECT,
        related_name="priorities",
    )
    code = models.SlugField(_("code"), max_length=40)
    is_special = models.BooleanField(
        _("special priority"),
        default=False,
        help_text=_("The period's special priority (e.g. work-based immigration)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["period", "order", "name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="%(app_label)s_%(class)s_unique_code")
        ]


class SDG(TranslatedName, Versioned):
    """One of the 17 UN Sustainable Development Goals (A/RES/70/1)."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    colour = models.CharField(_("colour"), max_length=7, help_text=_("The goal's official colour."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


@with_range_checks
class AdvocacyTopic(TranslatedName, Versioned):
    """A priority topic of the city's EU advocacy for one year."""

    year = YearField(_("year"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EU advocacy topic")
        verbose_name_plural = _("EU advocacy topics")
        ordering = ["-year", "name_fi"]

    def __str__(self) -> str:
        return f"{self.year}: {self.name}"
