import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.constraints import ends_not_before_start
from helsinki_intl.records.countries import CountryNamed, validate_country_code
from helsinki_intl.records.dates import short_date
from helsinki_intl.records.fields import CityDateField, LineField, with_range_checks
from helsinki_intl.records.models import (
    DatedLifecycle,
    PortfolioRecord,
    ReviewCycle,
    StatusChangeBase,
    UnitOwnedRecord,
    Versioned,
    review_models,
)
from helsinki_intl.records.querysets import RecordQuerySet, ReviewableQuerySet

from .choices import ContactKind, Cooperation, PartnerKind, PartnershipStatus, PartnershipType, Region

COOPERATION_REQUIRED_MESSAGE = _(
    "Choose at least one form of cooperation: information exchange, project cooperation or joint advocacy."
)
FUTURE_CONTACT_MESSAGE = _(
    "Only a planned meeting may be dated in the future; log contacts and visits once held."
)
NO_NEW_TWIN_CITIES_MESSAGE = _(
    "The city signs no new twin-city (friendship) agreements: choose thematic or project-based "
    "cooperation. Only an existing twin-city relationship keeps this type."
)


class PartnerQuerySet(RecordQuerySet):
    def cities(self) -> "PartnerQuerySet":
        return self.filter(kind=PartnerKind.CITY)

    def in_region(self, region: str) -> "PartnerQuerySet":
        return self.filter(region=region)

    def for_list(self) -> "PartnerQuerySet":
        """What a list row shows, with the number of partnerships, in one query.

        The number is a subquery for each row shown: a count grouped over the join would make
        the database count every partner's partnerships before it could sort and take a page.
        """
        partnerships = Partnership.objects.filter(partner=OuterRef("pk")).order_by().values("partner")
        count = Subquery(partnerships.annotate(count=models.Count("pk")).values("count"))
        return self.select_related("owner_unit").annotate(partnership_count=Coalesce(count, 0))


class Partner(CountryNamed, UnitOwnedRecord):
    """A partner city or international organisation (a UN agency among them).

    The owner unit keeps the partner's details; the city's partnerships with it are
    separate records, each with its own owner.
    """

    Kind = PartnerKind

    name = LineField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("Required for a city; an international organisation may be without one."),
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=PartnerKind.CITY) | (~Q(country="") & ~Q(region="")),
                name="%(app_label)s_%(class)s_city_has_country_and_region",
                violation_error_message=_("A city needs a country and a region."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partner-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.CITY:
            if not self.country:
                errors["country"] = _("A city needs a country.")
            if not self.region:
                errors["region"] = _("A city needs a region.")
        if errors:
            raise ValidationError(errors)


class PartnershipQuerySet(ReviewableQuerySet):
    def active(self) -> "PartnershipQuerySet":
        return self.filter(status=PartnershipStatus.ACTIVE)

    def current(self) -> "PartnershipQuerySet":
        """Partnerships not ended: explored, active or dormant."""
        return self.exclude(status=PartnershipStatus.ENDED)

    def in_country(self, country: str) -> "PartnershipQuerySet":
        """Current partnerships with partners in the country, with what their names need."""
        return (
            self.current()
            .filter(partner__country=country)
            .select_related("partner", "owner_unit")
            .order_by("partner__name", "pk")
        )

    def with_cooperation(self, form: str) -> "PartnershipQuerySet":
        """Partnerships that cooperate in the given form (a `Cooperation` value)."""
        return self.filter(**{Cooperation(form).value: True})

    def for_list(self) -> "PartnershipQuerySet":
        """What a list row shows, fetched in a constant number of queries."""
        return self.select_related("partner", "owner_unit", "responsible_person")


@with_range_checks
class Partnership(PortfolioRecord, ReviewCycle, DatedLifecycle):
    """The city's cooperation with a partner city or organisation: owned, with goals and a contact log.

    The policy prefers theme- or project-based cooperation to twin-city (friendship)
    agreements, so no new twin-city relationship is registered; an existing one is kept.
    """

    Status = PartnershipStatus
    ACTIVE_WITHOUT_START_DATE = _("An active partnership needs a start date.")
    ENDED_WITHOUT_END_DATE = _("An ended partnership needs an end date.")
    Type = PartnershipType
    REVIEWED_STATUSES = (Status.ACTIVE, Status.DORMANT)
    GOALS_REQUIRED_STATUSES = (Status.ACTIVE,)
    STATUS_TRANSITION_MESSAGE = _("A partnership cannot move from “%(old)s” to “%(new)s”.")
    SAVED_FIELDS = ("status", "type")
    ALLOWED_TRANSITIONS = {
        Status.EXPLORED: {Status.ACTIVE, Status.ENDED},
        Status.ACTIVE: {Status.DORMANT, Status.ENDED},
        Status.DORMANT: {Status.ACTIVE, Status.ENDED},
        Status.ENDED: set(),
    }
    COOPERATION_FIELDS = tuple(Cooperation.values)

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partnerships"
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.THEMATIC)
    information_exchange = models.BooleanField(_("information exchange"), default=False)
    project_cooperation = models.BooleanField(_("project cooperation"), default=False)
    joint_advocacy = models.BooleanField(_("joint advocacy"), default=False)
    themes = LineField(
        _("themes"), max_length=300, blank=True, help_text=_("What the cooperation is about, in brief.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.EXPLORED)
    start_date = CityDateField(_("start date"), null=True, blank=True)
    end_date = CityDateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = PartnershipQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["priorities", "sdgs"])

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner__name", "pk"]
        # The list's sorts and filters, so that an index gives a page without sorting them all.
        indexes = [
            models.Index(fields=["next_review_due", "id"], name="partnership_review_due_idx"),
            # The review queue's count: records of the reviewed statuses due by a date, from the index.
            models.Index(fields=["status", "next_review_due"], name="partnership_review_queue_idx"),
            models.Index(fields=["start_date", "id"], name="partnership_start_idx"),
            models.Index(fields=["status", "id"], name="partnership_status_idx"),
            models.Index(fields=["type", "id"], name="partnership_type_idx"),
        ]
        constraints = [
            ends_not_before_start(_("The end date cannot be before the start date.")),
            models.CheckConstraint(
                condition=Q(information_exchange=True) | Q(project_cooperation=True) | Q(joint_advocacy=True),
                name="%(app_label)s_%(class)s_has_a_form_of_cooperation",
                violation_error_message=COOPERATION_REQUIRED_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner.name} – {self.owner_unit}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership-detail", args=[self.pk])

    @property
    def cooperation(self) -> list[str]:
        """The forms of cooperation this partnership has, as `Cooperation` values."""
        return [name for name in self.COOPERATION_FIELDS if getattr(self, name)]

    def get_cooperation_display(self) -> str:
        return ", ".join(str(Cooperation(name).label) for name in self.cooperation)

    def clean(self) -> None:
        errors = self.lifecycle_errors()
        if self.type == self.Type.TWIN_CITY and self.saved_value("type") != self.Type.TWIN_CITY:
            errors.setdefault("type", []).append(NO_NEW_TWIN_CITIES_MESSAGE)
        if not self.cooperation:
            # The model names the first checkbox; the portal form shows the three as one group.
            errors.setdefault("information_exchange", []).append(COOPERATION_REQUIRED_MESSAGE)
        if errors:
            raise ValidationError(errors)


REVIEWS = review_models(
    Partnership, review_name=_("partnership review"), review_name_plural=_("partnership reviews")
)
PartnershipGoal = REVIEWS.goal
PartnershipReview = REVIEWS.review
PartnershipGoalOutcome = REVIEWS.outcome


class ContactQuerySet(models.QuerySet):
    def planned(self, today: datetime.date | None = None) -> "ContactQuerySet":
        """Meetings still to come."""
        return self.filter(date__gt=today or timezone.localdate())

    def held(self, today: datetime.date | None = None) -> "ContactQuerySet":
        return self.filter(date__lte=today or timezone.localdate())


@with_range_checks
class Contact(Versioned):
    """An entry in a partnership's former contact log: a contact, a visit or a meeting.

    The log is now the partnership's journal (`helsinki_intl.journal`); migration 0009 moved its
    rows there. Nothing writes or shows these rows any more; the model stays for one release so
    that the release before, still serving while `migrate` runs, finds its table, and so that a
    partnership's deletion still takes its old rows. The next release removes it (README,
    "Changing the database while it serves").
    """

    Kind = ContactKind

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = CityDateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONTACT)
    participants = LineField(
        _("participants"), max_length=300, blank=True, help_text=_("Who took part, on both sides.")
    )
    summary = models.TextField(_("summary"))
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("What was agreed to do next."))

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts, visits and meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{short_date(self.date)} – {self.get_kind_display()}"

    @property
    def is_planned(self) -> bool:
        return self.date > timezone.localdate()

    def clean(self) -> None:
        if self.date and self.is_planned and self.kind != self.Kind.MEETING:
            raise ValidationError({"date": FUTURE_CONTACT_MESSAGE})


@with_range_checks
class PartnershipStatusChange(StatusChangeBase):
    """A step in a partnership's status timeline: explored, active, dormant, ended.

    The owner unit moves its partnership along the lifecycle itself (no other body decides it),
    so the timeline is written by each save that changes the status, whoever saves it.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=PartnershipStatus.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=PartnershipStatus.choices)

    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        pass
