import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.countries import CountryNamed, validate_country_code
from helsinki_intl.records.fields import CityDateField, LineField, with_range_checks
from helsinki_intl.records.models import PortfolioRecord, StatusChangeBase, StatusLifecycle
from helsinki_intl.records.querysets import RecordQuerySet

from .choices import ActivityKind, ActivityStatus, CityLeadership, TargetGroup

SYNERGY_DAYS = 30
"""How near in time another activity to the same place is worth knowing of."""


class ActivityQuerySet(RecordQuerySet):
    def current(self) -> "ActivityQuerySet":
        """Activities planned, confirmed, or done and still to be reported."""
        return self.exclude(status__in=Activity.CLOSED_STATUSES)

    def upcoming(self, today: datetime.date | None = None) -> "ActivityQuerySet":
        """Activities not cancelled that have not ended yet, soonest first."""
        return (
            self.filter(ends_on__gte=today or timezone.localdate())
            .exclude(status=ActivityStatus.CANCELLED)
            .order_by("starts_on", "title", "pk")
        )

    def between(self, first: datetime.date, last: datetime.date) -> "ActivityQuerySet":
        """Activities on at least one day from `first` to `last`."""
        return self.filter(starts_on__lte=last, ends_on__gte=first)

    def report_missing(self, today: datetime.date | None = None) -> "ActivityQuerySet":
        """Activities done whose report is still to be written."""
        return self.filter(status=ActivityStatus.DONE, ends_on__lte=today or timezone.localdate())

    def near(self, activity: "Activity", days: int = SYNERGY_DAYS) -> "ActivityQuerySet":
        """Other activities, not cancelled, to the same city or country within `days` of
        `activity`'s dates: where units could travel, host or meet together."""
        if activity.online or not activity.country or not activity.starts_on or not activity.ends_on:
            return self.none()
        window = datetime.timedelta(days=days)
        # A form sent back with errors may hold any date the calendar has: the window stops at its ends.
        first = max(activity.starts_on, datetime.date.min + window) - window
        last = min(activity.ends_on, datetime.date.max - window) + window
        return (
            self.exclude(pk=activity.pk)
            .exclude(status=ActivityStatus.CANCELLED)
            .filter(online=False, country=activity.country)
            .between(first, last)
            .select_related("owner_unit")
            .order_by("starts_on", "title", "pk")
        )

    def for_list(self) -> "ActivityQuerySet":
        """What a list row shows, fetched in a constant number of queries."""
        return self.select_related("owner_unit", "responsible_person").prefetch_related(
            "participating_units", "priorities"
        )


@with_range_checks
class Activity(CountryNamed, PortfolioRecord, StatusLifecycle):
    """A planned international activity of the city: a visit abroad, an incoming delegation, a
    trade and investment mission, a campaign, a conference or a study visit.

    Units share what they plan, so that synergies are found, the mayor and deputy mayors lead the
    key openings, and events serve several goals at once. The status moves only through the steps
    of `activities.process`; once the activity is done, the owner unit reports what came of it.
    """

    Status = ActivityStatus
    Kind = ActivityKind
    Leadership = CityLeadership
    TARGET_GROUP_FIELDS = tuple(TargetGroup.values)
    CLOSED_STATUSES = (Status.REPORTED, Status.CANCELLED)
    HAPPENED_STATUSES = (Status.DONE, Status.REPORTED)
    STATUS_TRANSITION_MESSAGE = _("An activity cannot move from “%(old)s” to “%(new)s”.")
    # The steps of `activities.process`; the admin and imports are held to the same moves.
    ALLOWED_TRANSITIONS = {
        Status.PLANNED: {Status.CONFIRMED, Status.DONE, Status.CANCELLED},
        Status.CONFIRMED: {Status.PLANNED, Status.DONE, Status.CANCELLED},
        Status.DONE: {Status.REPORTED},
        Status.REPORTED: set(),
        Status.CANCELLED: set(),
    }

    title = LineField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.VISIT_ABROAD)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    starts_on = CityDateField(_("starts on"))
    ends_on = CityDateField(_("ends on"))
    online = models.BooleanField(_("online"), default=False, help_text=_("The activity takes place online."))
    city = LineField(
        _("city"),
        max_length=100,
        blank=True,
        help_text=_("Where the activity takes place; for an incoming delegation, where it comes from."),
    )
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country_code])
    participating_units = models.ManyToManyField(
        "organisation.OrgUnit",
        verbose_name=_("participating units"),
        blank=True,
        related_name="participating_activities",
        help_text=_("The other units taking part, besides the owner unit."),
    )
    city_leadership = models.CharField(
        _("mayor or deputy mayor taking part"),
        max_length=20,
        choices=Leadership.choices,
        default=Leadership.NONE,
    )
    for_talent = models.BooleanField(_("international talent"), default=False)
    for_companies = models.BooleanField(_("companies and investors"), default=False)
    for_visitors = models.BooleanField(_("visitors"), default=False)
    for_decision_makers = models.BooleanField(_("decision makers"), default=False)
    target_markets = LineField(
        _("target markets"),
        max_length=300,
        blank=True,
        help_text=_("The countries or regions the activity aims at, e.g. Germany, the Nordic countries."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the activity is for and what it is to achieve.")
    )
    report_outcomes = models.TextField(_("what came of it"), blank=True)
    report_contacts = models.TextField(_("contacts made"), blank=True)
    report_follow_up = models.TextField(_("follow-up"), blank=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["participating_units", "priorities", "sdgs"])

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["starts_on", "title", "pk"]
        # The list's order, sorts and filters, so that an index gives a page without sorting them all.
        indexes = [
            models.Index(fields=["starts_on", "title", "id"], name="activity_starts_idx"),
            models.Index(fields=["title", "id"], name="activity_title_idx"),
            models.Index(fields=["status", "id"], name="activity_status_idx"),
            models.Index(fields=["country", "starts_on"], name="activity_country_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(online=True) | (~Q(city="") & ~Q(country="")),
                name="%(app_label)s_%(class)s_has_a_place",
                violation_error_message=_("Give the city and the country, or mark the activity online."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.REPORTED) | ~Q(report_outcomes=""),
                name="%(app_label)s_%(class)s_reported_with_outcomes",
                violation_error_message=_("A reported activity says what came of it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity-detail", args=[self.pk])

    @property
    def place(self) -> str:
        """The city and country, or online."""
        if self.online and not self.city:
            return str(_("Online"))
        place = f"{self.city}, {self.country_name}" if self.city else self.country_name
        return f"{place} ({_('online')})" if self.online else place

    @property
    def target_groups(self) -> list[str]:
        """The groups the activity reaches, as `TargetGroup` values."""
        return [name for name in self.TARGET_GROUP_FIELDS if getattr(self, name)]

    def get_target_groups_display(self) -> str:
        return ", ".join(str(TargetGroup(name).label) for name in self.target_groups)

    @property
    def leads(self) -> bool:
        """Whether the mayor or a deputy mayor takes part."""
        return self.city_leadership != self.Leadership.NONE

    @property
    def is_reported(self) -> bool:
        return self.status == self.Status.REPORTED

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def refuse(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            refuse("ends_on", _("The activity cannot end before it starts."))
        if not self.online:
            if not self.city.strip():
                refuse("city", _("Give the city, or mark the activity online."))
            if not self.country:
                refuse("country", _("Give the country, or mark the activity online."))
        if self.status in self.HAPPENED_STATUSES and self.starts_on and self.starts_on > timezone.localdate():
            refuse("status", _("An activity can be marked done only once it has started."))
        if self.status == self.Status.REPORTED and not self.report_outcomes.strip():
            refuse("report_outcomes", _("A reported activity says what came of it."))
        if self.status != self.Status.REPORTED and (
            self.report_outcomes.strip() or self.report_contacts.strip() or self.report_follow_up.strip()
        ):
            refuse("report_outcomes", _("The report is written once the activity is done."))
        if message := self.status_transition_error():
            refuse("status", message)
        if errors:
            raise ValidationError(errors)


@with_range_checks
class ActivityStatusChange(StatusChangeBase):
    """A step in an activity's status timeline."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("planned activity"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=ActivityStatus.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)

    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        pass
