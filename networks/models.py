import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.constraints import ends_not_before_start
from helsinki_intl.records.countries import CountryNamed, validate_country_code
from helsinki_intl.records.fields import CityDateField, EuroField, LineField, with_range_checks
from helsinki_intl.records.models import (
    DatedLifecycle,
    PortfolioRecord,
    ReviewCycle,
    StatusChangeBase,
    UnitOwnedRecord,
    Versioned,
    review_models,
)
from helsinki_intl.records.querysets import RecordQuerySet, ReviewableQuerySet, StatusChangeQuerySet
from helsinki_intl.records.validators import validate_decision_reference

from .choices import AssessmentRecommendation, GeographicScope, MembershipStatus, NetworkKind


class NetworkQuerySet(RecordQuerySet):
    def designated_in(self, period) -> "NetworkQuerySet":
        """Priority and target networks of a strategy period."""
        return self.filter(designations__period=period)


class Network(CountryNamed, UnitOwnedRecord):
    """An international network, organisation or foundation the city may belong to.

    The owner unit keeps the network's details; city-wide networks are coordinated by the
    Strategy Department.
    """

    name = LineField(_("name"), max_length=200, unique=True)
    acronym = LineField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=NetworkKind.choices)
    website = models.URLField(_("website"), blank=True)
    themes = LineField(_("themes"), max_length=300, blank=True, help_text=_("What the network works on."))
    scope = models.CharField(
        _("geographic scope"), max_length=20, choices=GeographicScope.choices, default=GeographicScope.EUROPE
    )
    country = models.CharField(
        _("country of its office"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_(
            "Where the network's office or secretariat is; activities in that country show the "
            "city's memberships of it."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    objects = NetworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network-detail", args=[self.pk])


class PriorityNetwork(Versioned):
    """A network the city gives priority to in a strategy period, or aims to join."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="designations"
    )
    period = models.ForeignKey(
        "strategy.StrategyPeriod",
        verbose_name=_("strategy period"),
        on_delete=models.PROTECT,
        related_name="priority_networks",
    )
    is_target = models.BooleanField(
        _("target to join"), default=False, help_text=_("The city aims to join during the period.")
    )
    note = LineField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority network")
        verbose_name_plural = _("priority networks")
        ordering = ["period", "network__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "period"],
                name="%(app_label)s_%(class)s_once_per_period",
                violation_error_message=_("This network is already designated for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} – {self.period}"


class MembershipQuerySet(ReviewableQuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def current(self) -> "MembershipQuerySet":
        """Memberships not yet ended or declined."""
        return self.exclude(status__in=Membership.CLOSED_STATUSES)

    def others_of_unit(self, membership) -> "MembershipQuerySet":
        """The owner unit's other current memberships: those a proposal weighs for "one in, one
        out"."""
        return (
            self.current()
            .filter(owner_unit_id=membership.owner_unit_id)
            .exclude(pk=membership.pk)
            .select_related("network", "owner_unit")
        )

    def in_country(self, country: str) -> "MembershipQuerySet":
        """Current memberships of networks with their office in the country, with what their
        names need."""
        return (
            self.current()
            .filter(network__country=country)
            .select_related("network", "owner_unit")
            .order_by("network__name", "pk")
        )

    def for_list(self) -> "MembershipQuerySet":
        """What a list row shows, fetched in a constant number of queries."""
        return self.select_related("network", "owner_unit", "responsible_person").prefetch_related(
            "priorities"
        )


@with_range_checks
class Membership(PortfolioRecord, ReviewCycle, DatedLifecycle):
    """The city's membership in a network: owned by a unit, with goals, roles and reviews."""

    Status = MembershipStatus
    FOLLOWED_BY = ("roles__holder_user",)
    """The people who follow a membership without asking besides its responsible person and the
    person who added it: its role holders (`notifications.following`)."""
    ACTIVE_WITHOUT_START_DATE = _("An active membership needs a start date.")
    ENDED_WITHOUT_END_DATE = _("An ended membership needs an end date.")
    REVIEWED_STATUSES = (Status.ACTIVE, Status.ENDING)
    GOALS_REQUIRED_STATUSES = (Status.ACTIVE,)
    CLOSED_STATUSES = (Status.ENDED, Status.DECLINED)
    STATUS_TRANSITION_MESSAGE = _("A membership cannot move from “%(old)s” to “%(new)s”.")
    # The steps of `networks.process`; the admin and imports are held to the same moves.
    ALLOWED_TRANSITIONS = {
        Status.PROPOSED: {Status.ASSESSING},
        Status.ASSESSING: {Status.PROPOSED, Status.ASSESSED},
        Status.ASSESSED: {Status.ACTIVE, Status.DECLINED},
        Status.ACTIVE: {Status.ENDING, Status.ENDED},
        Status.ENDING: {Status.ACTIVE, Status.ENDED},
        Status.ENDED: set(),
        Status.DECLINED: {Status.PROPOSED},
    }

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="memberships"
    )
    participating_units = models.ManyToManyField(
        "organisation.OrgUnit",
        verbose_name=_("participating units"),
        blank=True,
        related_name="participating_memberships",
        help_text=_("Other units that take part in the network."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start_date = CityDateField(_("start date"), null=True, blank=True)
    end_date = CityDateField(_("end date"), null=True, blank=True)
    annual_fee = EuroField(
        _("annual fee (€)"),
        max_digits=12,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A fee cannot be negative."))],
    )
    benefits = models.TextField(
        _("benefits"),
        blank=True,
        help_text=_("What the city gains: learning, funding, influence, visibility."),
    )
    decision_reference = models.CharField(
        _("decision to join"),
        max_length=20,
        blank=True,
        validators=[validate_decision_reference],
        help_text=_("The decision number, e.g. HEL 2019-012572."),
    )
    notes = models.TextField(_("notes"), blank=True)
    ends_membership = models.ForeignKey(
        "self",
        verbose_name=_("membership proposed to end"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text=_("One in, one out: the unit's membership this one would replace."),
    )
    one_in_one_out = models.TextField(
        _("why no membership would end"),
        blank=True,
        help_text=_("The unit's answer to “one in, one out” when no membership would end."),
    )
    assessment_recommendation = models.CharField(
        _("assessment's recommendation"), max_length=20, choices=AssessmentRecommendation.choices, blank=True
    )
    assessment_statement = models.TextField(_("assessment statement"), blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["participating_units", "priorities", "sdgs"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network__name", "pk"]
        # The list's sorts and filters, so that an index gives a page without sorting them all.
        indexes = [
            models.Index(fields=["next_review_due", "id"], name="membership_review_due_idx"),
            # The review queue's count: records of the reviewed statuses due by a date, from the index.
            models.Index(fields=["status", "next_review_due"], name="membership_review_queue_idx"),
            models.Index(fields=["start_date", "id"], name="membership_start_idx"),
            models.Index(fields=["annual_fee", "id"], name="membership_fee_idx"),
            models.Index(fields=["status", "id"], name="membership_status_idx"),
        ]
        constraints = [
            ends_not_before_start(_("The end date cannot be before the start date.")),
            models.CheckConstraint(
                condition=Q(annual_fee__isnull=True) | Q(annual_fee__gte=0),
                name="%(app_label)s_%(class)s_fee_not_negative",
                violation_error_message=_("A fee cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["network", "owner_unit"],
                condition=~Q(status__in=["ended", "declined"]),
                name="%(app_label)s_%(class)s_one_current_per_unit",
                violation_error_message=_("This unit already has a current membership in this network."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network.name} – {self.owner_unit}"

    def get_absolute_url(self) -> str:
        return reverse("networks:membership-detail", args=[self.pk])

    def timeline_facts(self, field: str, previous: str | None) -> dict:
        """The decision to join, noted by its number in the timeline whoever records the move
        (the step, the admin, an import): the number the membership keeps."""
        if field == "status" and previous == self.Status.ASSESSED and self.status == self.Status.ACTIVE:
            return {"decision_reference": self.decision_reference}
        return {}

    def clean(self) -> None:
        if errors := self.lifecycle_errors():
            raise ValidationError(errors)


REVIEWS = review_models(
    Membership, review_name=_("membership review"), review_name_plural=_("membership reviews")
)
MembershipGoal = REVIEWS.goal
MembershipReview = REVIEWS.review
MembershipGoalOutcome = REVIEWS.outcome


class RoleQuerySet(models.QuerySet):
    def held(self, today: datetime.date) -> "RoleQuerySet":
        """The roles the city holds on `today` in its current memberships."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=today),
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            membership__in=Membership.objects.current(),
        )

    def ending_between(self, first: datetime.date, last: datetime.date) -> "RoleQuerySet":
        """Roles in current memberships whose term ends on a day from `first` to `last`."""
        return self.filter(end_date__range=(first, last), membership__in=Membership.objects.current())


@with_range_checks
class Role(models.Model):
    """A position the city holds in a network, such as a forum chair."""

    TOLD_ON = "membership"
    """A role's term ending is news of its membership to those who follow it."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="roles"
    )
    title = LineField(_("title"), max_length=200)
    holder = LineField(_("holder"), max_length=200, help_text=_("Who holds the role."))
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder's portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_roles",
        help_text=_("Lets the portal remind the holder before the term ends."),
    )
    start_date = CityDateField(_("start date"), null=True, blank=True)
    end_date = CityDateField(_("end date"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-start_date", "pk"]
        constraints = [ends_not_before_start(_("A role cannot end before it starts."))]

    def __str__(self) -> str:
        return f"{self.title} ({self.holder})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A role cannot end before it starts.")})


class MembershipStatusChangeQuerySet(StatusChangeQuerySet):
    def joins(self) -> "MembershipStatusChangeQuerySet":
        """The rows that record the city joining a network: to active from anything but ending,
        as a membership kept after a proposal to end it had never left."""
        return self.to(MembershipStatus.ACTIVE).exclude(from_status=MembershipStatus.ENDING)


@with_range_checks
class MembershipStatusChange(StatusChangeBase):
    """A step in a membership's status timeline."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=MembershipStatus.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)

    objects = MembershipStatusChangeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        pass
