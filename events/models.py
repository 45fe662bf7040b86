import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.choices import DecidingBody
from helsinki_intl.records.countries import CountryNamed, validate_country_code
from helsinki_intl.records.fields import (
    BoundedIntegerField,
    CityDateField,
    EuroField,
    LineField,
    with_range_checks,
)
from helsinki_intl.records.models import PortfolioRecord, StatusChangeBase, StatusLifecycle
from helsinki_intl.records.querysets import RecordQuerySet
from helsinki_intl.records.ranges import MAX_DELEGATES
from helsinki_intl.records.validators import validate_decision_reference

from .choices import BidStatus, EventKind

HELSINKI_NAMES = {"helsinki", "helsingfors"}


class EventBidQuerySet(RecordQuerySet):
    def waiting_for_decision(self) -> "EventBidQuerySet":
        """Bids on the major-events coordination group's agenda."""
        return self.filter(status=BidStatus.FOR_DECISION)

    def current(self) -> "EventBidQuerySet":
        """Bids from idea to an event won and not yet held."""
        return self.exclude(status__in=(*EventBid.CLOSED_STATUSES, EventBid.Status.HELD))

    def upcoming(self, today: datetime.date | None = None) -> "EventBidQuerySet":
        """Events still to come that have not been declined or lost, soonest first."""
        return (
            self.filter(starts_on__gte=today or timezone.localdate())
            .exclude(status__in=EventBid.CLOSED_STATUSES)
            .order_by("starts_on", "name", "pk")
        )

    def in_country(self, country: str) -> "EventBidQuerySet":
        """Bids for events in the country still to come, not declined or lost."""
        return self.upcoming().filter(country=country).select_related("owner_unit")

    def for_list(self) -> "EventBidQuerySet":
        """What a list row shows, fetched in a constant number of queries."""
        return self.select_related("owner_unit", "responsible_person").prefetch_related("priorities")


@with_range_checks
class EventBid(CountryNamed, PortfolioRecord, StatusLifecycle):
    """A bid for a major event or a city-resourced international conference, or an event abroad.

    Bids are decided city-wide in the major-events coordination group; the host unit prepares
    the bid and is responsible for its phases and resources. The status and the decision move only
    through the steps of `events.process`.
    """

    Status = BidStatus
    Kind = EventKind
    # A bid moves past "for decision" only with the coordination group's decision recorded.
    DECIDED_STATUSES = (
        Status.APPROVED,
        Status.DECLINED,
        Status.SUBMITTED,
        Status.WON,
        Status.LOST,
        Status.HELD,
    )
    # The statuses the group's decision moves a bid to: the targets of `events.process`'s "decide".
    DECISION_OUTCOMES = (Status.APPROVED, Status.DECLINED)
    CLOSED_STATUSES = (Status.DECLINED, Status.LOST)
    # Statuses of a bid the group approved: the resources it granted belong to them.
    APPROVED_STATUSES = (Status.APPROVED, Status.SUBMITTED, Status.WON, Status.LOST, Status.HELD)
    IN_HELSINKI_KINDS = (Kind.MAJOR_EVENT, Kind.CONGRESS)
    STATUS_TRANSITION_MESSAGE = _("A bid cannot move from “%(old)s” to “%(new)s”.")
    # The steps of `events.process`; the admin and imports are held to the same moves.
    ALLOWED_TRANSITIONS = {
        Status.IDEA: {Status.FOR_DECISION},
        Status.FOR_DECISION: {Status.IDEA, Status.APPROVED, Status.DECLINED},
        Status.APPROVED: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.WON, Status.LOST},
        Status.WON: {Status.HELD},
        Status.DECLINED: set(),
        Status.LOST: set(),
        Status.HELD: set(),
    }

    # Redeclared from UnitOwnedRecord only to call the owner unit what it is here: the host.
    owner_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="owned_events_eventbid_set",
        help_text=_("The unit that prepares the bid and is responsible for its phases and resources."),
    )
    name = LineField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONGRESS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    starts_on = CityDateField(_("starts on"))
    ends_on = CityDateField(_("ends on"))
    venue = LineField(_("venue"), max_length=200, blank=True)
    city = LineField(_("city"), max_length=100, default="Helsinki")
    country = models.CharField(_("country"), max_length=2, default="FI", validators=[validate_country_code])
    expected_delegates = BoundedIntegerField(
        _("expected delegates"),
        validators=[
            MinValueValidator(1, message=_("An event needs at least one expected delegate.")),
            MaxValueValidator(MAX_DELEGATES, message=_("Give at most a million delegates.")),
        ],
        help_text=_("Delegates, participants or guests from outside the city."),
    )
    daily_spend_estimate = EuroField(
        _("daily spend per delegate (€)"),
        default=Decimal("300.00"),
        validators=[MinValueValidator(0, message=_("The daily spend cannot be negative."))],
        help_text=_("What a delegate spends in the city a day; used for the economic impact."),
    )
    estimated_cost = EuroField(
        _("estimated cost (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The estimated cost cannot be negative."))],
    )
    city_resources = EuroField(
        _("city resources (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The city resources cannot be negative."))],
        help_text=_("The euros asked from the city."),
    )
    expected_impact = models.TextField(
        _("expected impact"),
        blank=True,
        help_text=_("Influence, visibility, vitality: what the city gains from the event."),
    )
    local_partner = LineField(
        _("local partner"),
        max_length=200,
        blank=True,
        help_text=_("For an event abroad: the local partner organisation."),
    )
    host_conference = LineField(
        _("host conference"),
        max_length=200,
        blank=True,
        help_text=_("For an event abroad: the larger international conference it is part of."),
    )
    came_through_other = models.TextField(
        _("other networks or partners it came through"),
        blank=True,
        help_text=_("Those not in the registers, one a line; name the registered ones above."),
    )
    decision_date = CityDateField(_("decision date"), null=True, blank=True)
    decision = models.TextField(
        _("decision"), blank=True, help_text=_("The decision of the major-events coordination group.")
    )
    minutes_reference = models.CharField(
        _("decision number"),
        max_length=20,
        blank=True,
        validators=[validate_decision_reference],
        help_text=_("The decision number, e.g. HEL 2026-001234."),
    )
    conditions = models.TextField(
        _("conditions"), blank=True, help_text=_("The conditions the decision set on the bid.")
    )
    resources_granted = EuroField(
        _("resources granted (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The resources granted cannot be negative."))],
        help_text=_("The city resources the decision granted to the bid."),
    )

    objects = EventBidQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["priorities", "sdgs"])

    class Meta:
        verbose_name = _("event bid")
        verbose_name_plural = _("event bids")
        ordering = ["starts_on", "name", "pk"]
        # The list's order, sorts and filters, so that an index gives a page without sorting them all.
        indexes = [
            models.Index(fields=["starts_on", "name", "id"], name="eventbid_starts_idx"),
            models.Index(fields=["name", "id"], name="eventbid_name_idx"),
            models.Index(fields=["expected_delegates", "id"], name="eventbid_delegates_idx"),
            models.Index(fields=["city_resources", "id"], name="eventbid_resources_idx"),
            models.Index(fields=["status", "id"], name="eventbid_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(expected_delegates__gte=1),
                name="%(app_label)s_%(class)s_delegates_positive",
                violation_error_message=_("An event needs at least one expected delegate."),
            ),
            models.CheckConstraint(
                condition=Q(daily_spend_estimate__gte=0)
                & (Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0))
                & (Q(city_resources__isnull=True) | Q(city_resources__gte=0))
                & (Q(resources_granted__isnull=True) | Q(resources_granted__gte=0)),
                name="%(app_label)s_%(class)s_money_not_negative",
                violation_error_message=_("Amounts of money cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:eventbid-detail", args=[self.pk])

    @property
    def days(self) -> int | None:
        """Days of the event, the first and the last included."""
        if self.starts_on and self.ends_on:
            return (self.ends_on - self.starts_on).days + 1
        return None

    @property
    def economic_impact(self) -> Decimal | None:
        """Delegates × days of stay × daily spend: the common estimate of what an event brings."""
        if not (self.days and self.expected_delegates) or self.daily_spend_estimate is None:
            return None
        return self.expected_delegates * self.days * self.daily_spend_estimate

    def timeline_facts(self, field: str, previous: str | None) -> dict:
        """The decision a bid's timeline notes when it is decided, whoever records the move (the
        step, the admin, an import): the date, number and text the bid keeps, by the major-events
        coordination group, which decides every bid. A bid entered already decided (an import of
        earlier bids) notes the decision it keeps too."""
        if field != "status" or self.status not in self.DECISION_OUTCOMES:
            return {}
        if previous not in (None, "", self.Status.FOR_DECISION):
            return {}
        return {
            "deciding_body": DecidingBody.MAJOR_EVENTS_GROUP,
            "decision_date": self.decision_date,
            "decision_reference": self.minutes_reference,
            "note": self.decision.strip(),
        }

    @property
    def is_in_helsinki(self) -> bool:
        return self.kind in self.IN_HELSINKI_KINDS

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def refuse(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            refuse("ends_on", _("The event cannot end before it starts."))
        if self.is_in_helsinki:
            if self.city.strip().casefold() not in HELSINKI_NAMES:
                refuse(
                    "city", _("An event in Helsinki has Helsinki as its city; an event elsewhere is abroad.")
                )
            if self.country != "FI":
                refuse("country", _("An event in Helsinki is in Finland."))
        elif self.kind == self.Kind.ABROAD:
            if not (self.local_partner.strip() or self.host_conference.strip()):
                refuse(
                    "local_partner",
                    _(
                        "An event abroad is organised only with a local partner organisation or as part "
                        "of a larger international conference: name one or the other."
                    ),
                )
            if self.country == "FI":
                refuse("country", _("An event abroad is held outside Finland."))
        if self.decision_date and self.decision_date > timezone.localdate():
            refuse("decision_date", _("The decision date cannot be in the future."))
        self._clean_decision(refuse)
        if self.resources_granted is not None and self.status not in self.APPROVED_STATUSES:
            refuse(
                "resources_granted",
                _("Resources are granted only to a bid the decision approved."),
            )
        if self.status == self.Status.HELD and self.starts_on and self.starts_on > timezone.localdate():
            refuse("status", _("An event can be marked held only once it has started."))
        if message := self.status_transition_error():
            refuse("status", message)
        if errors:
            raise ValidationError(errors)

    def _clean_decision(self, refuse) -> None:
        has_text = bool(self.decision.strip())
        if self.status in self.DECIDED_STATUSES:
            status = self.get_status_display()
            if not self.decision_date:
                refuse(
                    "decision_date",
                    _(
                        "A bid with the status “%(status)s” needs the date of the coordination group's "
                        "decision."
                    )
                    % {"status": status},
                )
            if not has_text:
                refuse(
                    "decision",
                    _("A bid with the status “%(status)s” needs the coordination group's decision.")
                    % {"status": status},
                )
        elif self.decision_date and not has_text:
            refuse("decision", _("Write down the decision made on this date."))
        elif has_text and not self.decision_date:
            refuse("decision_date", _("Give the date of the decision."))


@with_range_checks
class EventBidStatusChange(StatusChangeBase):
    """A step in a bid's status timeline."""

    bid = models.ForeignKey(
        EventBid, verbose_name=_("event bid"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=BidStatus.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BidStatus.choices)

    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        pass
