import datetime
import zoneinfo
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import (
    CityDateTimeField,
    EuroField,
    LineField,
    YearField,
    with_range_checks,
)
from helsinki_intl.records.models import (
    PortfolioRecord,
    StatusChangeBase,
    StatusLifecycle,
    UnitOwnedRecord,
    Versioned,
)
from helsinki_intl.records.money import format_euros
from helsinki_intl.records.querysets import RecordQuerySet
from helsinki_intl.records.validators import validate_decision_reference

from .choices import ApplicationRole, ApplicationStatus, CallState, CoFinancingDecision
from .validators import validate_time_zone

NOT_NEGATIVE = _("An amount cannot be negative.")
DEFAULT_DEADLINE_TIME_ZONE = "Europe/Brussels"


class ProgrammeQuerySet(models.QuerySet):
    def active(self) -> "ProgrammeQuerySet":
        return self.filter(is_active=True)

    def for_list(self) -> "ProgrammeQuerySet":
        # Meta.ordering does not apply to a grouped query.
        return self.annotate(call_count=Count("calls")).order_by("name")

    def named(self, name) -> "ProgrammeQuerySet":
        """The programmes whose name or short name is `name` (a text, or an expression such as an
        OuterRef), whatever the case: a unit writes "horizon europe" or "HE" for Horizon Europe."""
        wanted = Lower(name if hasattr(name, "resolve_expression") else Value(name))
        return self.alias(name_lower=Lower("name"), short_name_lower=Lower("short_name")).filter(
            Q(name_lower=wanted) | (Q(short_name_lower=wanted) & ~Q(short_name=""))
        )


class Programme(Versioned):
    """An EU funding programme or instrument, such as Horizon Europe or Interreg Central Baltic.

    Reference data kept by international affairs; calls for proposals belong to a programme.
    """

    name = LineField(_("name"), max_length=200, unique=True)
    short_name = LineField(_("short name"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("The programme still opens calls for proposals.")
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("eu_projects:programme-detail", args=[self.pk])

    @staticmethod
    def add_url(name: str) -> str:
        """The programme form with the name filled in: for a programme that units have named and
        the register does not hold yet."""
        return f"{reverse('eu_projects:programme-add')}?{urlencode({'name': name})}"


class CallQuerySet(RecordQuerySet):
    def forthcoming(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        return self.filter(opens_at__gt=now or timezone.now())

    def open(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, deadline__gte=now)

    def closed(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        return self.filter(deadline__lt=now or timezone.now())

    def in_state(self, state: str, now: datetime.datetime | None = None) -> "CallQuerySet":
        return {
            CallState.FORTHCOMING: self.forthcoming,
            CallState.OPEN: self.open,
            CallState.CLOSED: self.closed,
        }[CallState(state)](now)

    def deadline_within(self, days: int, now: datetime.datetime | None = None) -> "CallQuerySet":
        """Calls whose deadline has not passed and falls within the next `days` days."""
        now = now or timezone.now()
        return self.filter(deadline__gte=now, deadline__lte=now + datetime.timedelta(days=days))

    def for_list(self) -> "CallQuerySet":
        return self.select_related("programme", "owner_unit")

    def latest_first(self) -> "CallQuerySet":
        return self.order_by("-deadline", "-pk")


@with_range_checks
class Call(UnitOwnedRecord):
    """A call for proposals of an EU programme, with its opening and deadline.

    The deadline is kept as an instant and shown in the time zone the call gives it in
    (usually Brussels time), with Helsinki time beside it.
    """

    FOLLOWED_THROUGH = ("programme",)
    """Those following a programme follow its calls (`notifications.following`)."""

    identifier = LineField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_("The call's topic identifier, e.g. HORIZON-CL5-2026-09-D4-03."),
    )
    title = LineField(_("title"), max_length=300)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    opens_at = CityDateTimeField(_("opens"))
    deadline = CityDateTimeField(_("deadline"))
    deadline_timezone = models.CharField(
        _("time zone of the deadline"),
        max_length=64,
        default=DEFAULT_DEADLINE_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("The time zone the call gives its dates in, e.g. Europe/Brussels."),
    )
    link = models.URLField(_("link"), blank=True, help_text=_("The call on the EU funding portal."))
    indicative_budget = EuroField(
        _("indicative budget (€)"),
        null=True,
        blank=True,
        help_text=_("The call's whole budget, as the call gives it."),
    )

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["deadline", "identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_at")),
                name="%(app_label)s_%(class)s_deadline_after_opening",
                violation_error_message=_("The deadline cannot be before the call opens."),
            ),
            models.CheckConstraint(
                condition=Q(indicative_budget__isnull=True) | Q(indicative_budget__gte=0),
                name="%(app_label)s_%(class)s_budget_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]

    def __str__(self) -> str:
        return self.identifier

    def get_absolute_url(self) -> str:
        return reverse("eu_projects:call-detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.deadline_timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_DEADLINE_TIME_ZONE)

    def in_zone(self, moment: datetime.datetime) -> datetime.datetime:
        """The moment in the call's zone; one that no zone can hold is kept in UTC, never an error."""
        try:
            return moment.astimezone(self.zone)
        except OverflowError:
            return moment

    @property
    def deadline_in_zone(self) -> datetime.datetime:
        return self.in_zone(self.deadline)

    @property
    def opens_in_zone(self) -> datetime.datetime:
        return self.in_zone(self.opens_at)

    def state_at(self, now: datetime.datetime) -> CallState:
        if now < self.opens_at:
            return CallState.FORTHCOMING
        if now <= self.deadline:
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self) -> CallState:
        return self.state_at(timezone.now())

    def get_state_display(self) -> str:
        return self.state.label

    def clean(self) -> None:
        if self.opens_at and self.deadline and self.deadline < self.opens_at:
            raise ValidationError({"deadline": _("The deadline cannot be before the call opens.")})


class ApplicationQuerySet(RecordQuerySet):
    def drawing_on_appropriation(self) -> "ApplicationQuerySet":
        """Applications whose co-financing counts against the central appropriation."""
        return self.exclude(status__in=Application.NOT_COUNTED_STATUSES)

    def current(self) -> "ApplicationQuerySet":
        """Applications in preparation, submitted, granted or running."""
        return self.exclude(status__in=Application.ENDED_STATUSES)

    def not_submitted(self) -> "ApplicationQuerySet":
        """Applications still an idea or being prepared."""
        return self.filter(status__in=Application.NOT_SUBMITTED_STATUSES)

    def cofinancing_requested(self) -> "ApplicationQuerySet":
        """Applications whose request for co-financing waits for international affairs' decision."""
        return self.filter(cofinancing_decision=CoFinancingDecision.REQUESTED)

    def with_waiting(self) -> "ApplicationQuerySet":
        """Annotates `waits_for_appropriation`: a request for a year with no appropriation yet."""
        return self.annotate(
            waits_for_appropriation=Q(cofinancing_decision=CoFinancingDecision.REQUESTED)
            & ~Exists(CoFinancingAppropriation.objects.filter(year=OuterRef("cofinancing_year")))
        )

    def waiting_for_appropriation(self) -> "ApplicationQuerySet":
        return self.with_waiting().filter(waits_for_appropriation=True)

    def with_programme_listed(self) -> "ApplicationQuerySet":
        """Annotates `named_programme_listed`: the programme named in words (by an application
        without a call) is in the register, by its name or short name."""
        return self.annotate(
            named_programme_listed=Exists(Programme.objects.named(OuterRef("named_programme")))
        )

    def naming_unlisted_programme(self) -> "ApplicationQuerySet":
        """Applications without a call naming a programme that is not in the register yet:
        international affairs is to add it. One that is added takes them off this list."""
        return (
            self.filter(call__isnull=True)
            .exclude(named_programme="")
            .filter(~Exists(Programme.objects.named(OuterRef("named_programme"))))
        )

    def for_list(self) -> "ApplicationQuerySet":
        return (
            self.select_related("call__programme", "owner_unit", "responsible_person")
            .prefetch_related("priorities")
            .with_waiting()
            .with_programme_listed()
        )


@with_range_checks
class Application(PortfolioRecord, StatusLifecycle):
    """An application for EU funding led by a unit of the city, as coordinator or partner.

    Records the budget, the EU grant requested and granted, and the city's own co-financing
    requested from and granted by the central project appropriation of a year.

    The status and the co-financing decision move only through the steps of `eu_projects.process`
    (the EU decides the grant and the lead unit records it; international affairs grants or
    declines the co-financing); the admin and imports are held to the same moves.
    """

    Status = ApplicationStatus
    Role = ApplicationRole
    CoFinancing = CoFinancingDecision
    # The programme named as read, for the event of naming one (`events_of_save`).
    SAVED_FIELDS = ("status", "cofinancing_decision", "named_programme")
    SUBMITTED_STATUSES = (Status.SUBMITTED, Status.GRANTED, Status.REJECTED, Status.RUNNING, Status.CLOSED)
    GRANTED_STATUSES = (Status.GRANTED, Status.RUNNING, Status.CLOSED)
    NOT_COUNTED_STATUSES = (Status.REJECTED, Status.WITHDRAWN)
    NOT_SUBMITTED_STATUSES = (Status.IDEA, Status.PREPARING)
    ENDED_STATUSES = (Status.REJECTED, Status.WITHDRAWN, Status.CLOSED)
    STATUS_TRANSITION_MESSAGE = _("An application cannot move from “%(old)s” to “%(new)s”.")
    ALLOWED_TRANSITIONS = {
        Status.IDEA: {Status.PREPARING, Status.WITHDRAWN},
        Status.PREPARING: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.GRANTED, Status.REJECTED, Status.WITHDRAWN},
        Status.GRANTED: {Status.RUNNING, Status.WITHDRAWN},
        Status.RUNNING: {Status.CLOSED},
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
        Status.CLOSED: set(),
    }
    COFINANCING_TRANSITION_MESSAGE = _("The co-financing cannot move from “%(old)s” to “%(new)s”.")
    COFINANCING_TRANSITIONS = {
        CoFinancing.NOT_REQUESTED: {CoFinancing.REQUESTED},
        CoFinancing.REQUESTED: {CoFinancing.NOT_REQUESTED, CoFinancing.GRANTED, CoFinancing.DECLINED},
        CoFinancing.GRANTED: set(),
        CoFinancing.DECLINED: {CoFinancing.REQUESTED},
    }

    owner_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="owned_%(app_label)s_%(class)s_set",
        help_text=_("The unit that leads the city's part of the project."),
    )
    project_name = LineField(_("project name"), max_length=300)
    acronym = LineField(_("acronym"), max_length=40, blank=True)
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    named_programme = LineField(
        _("programme (no call yet)"),
        max_length=200,
        blank=True,
        help_text=_(
            "For an application without a call: the name of its programme, e.g. Creative Europe. "
            "A programme that is not in the register may be named too: international affairs is "
            "told and adds it. With a call, leave this empty: the call gives the programme."
        ),
    )
    role = models.CharField(_("the city's role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    partner_organisations = models.TextField(
        _("partner organisations"), blank=True, help_text=_("One partner a line.")
    )
    came_through_other = models.TextField(
        _("other networks or partners it came through"),
        blank=True,
        help_text=_("Those not in the registers, one a line; name the registered ones above."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    total_budget = EuroField(
        _("total budget (€)"), null=True, blank=True, help_text=_("The whole project's budget.")
    )
    city_budget = EuroField(
        _("city's budget (€)"), null=True, blank=True, help_text=_("The city's share of the budget.")
    )
    eu_grant_requested = EuroField(_("EU grant requested (€)"), null=True, blank=True)
    eu_grant_granted = EuroField(_("EU grant granted (€)"), null=True, blank=True)
    cofinancing_requested = EuroField(
        _("co-financing requested (€)"),
        null=True,
        blank=True,
        help_text=_("The city's own share asked from the central project appropriation."),
    )
    cofinancing_granted = EuroField(
        _("co-financing granted (€)"),
        null=True,
        blank=True,
        help_text=_("The share granted from the central project appropriation."),
    )
    cofinancing_year = YearField(
        _("co-financing year"),
        null=True,
        blank=True,
        help_text=_("The year whose central project appropriation the co-financing comes from."),
    )
    cofinancing_decision = models.CharField(
        _("co-financing decision"),
        max_length=20,
        choices=CoFinancing.choices,
        default=CoFinancing.NOT_REQUESTED,
        help_text=_("Requested by the lead unit; granted or declined by international affairs."),
    )
    advocacy_topics = models.ManyToManyField(
        "strategy.AdvocacyTopic",
        verbose_name=_("EU advocacy topics"),
        blank=True,
        related_name="eu_applications",
    )
    decision_reference = models.CharField(
        _("co-financing decision number"),
        max_length=20,
        blank=True,
        validators=[validate_decision_reference],
        help_text=_("The city's decision on the co-financing, e.g. HEL 2026-001234."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["priorities", "sdgs", "advocacy_topics"])

    class Meta:
        verbose_name = _("EU funding application")
        verbose_name_plural = _("EU funding applications")
        ordering = ["project_name", "pk"]
        # The list's order, sorts and filters, and the appropriation's sums by year.
        indexes = [
            models.Index(fields=["project_name", "id"], name="application_project_idx"),
            models.Index(fields=["eu_grant_requested", "id"], name="application_eu_grant_idx"),
            models.Index(fields=["status", "id"], name="application_status_idx"),
            # The appropriations' balances add up a year's amounts from the index alone.
            models.Index(
                fields=["cofinancing_year", "status"],
                include=["cofinancing_requested", "cofinancing_granted"],
                name="application_cofin_sums_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(total_budget__isnull=True) | Q(total_budget__gte=0))
                    & (Q(city_budget__isnull=True) | Q(city_budget__gte=0))
                    & (Q(eu_grant_requested__isnull=True) | Q(eu_grant_requested__gte=0))
                    & (Q(eu_grant_granted__isnull=True) | Q(eu_grant_granted__gte=0))
                    & (Q(cofinancing_requested__isnull=True) | Q(cofinancing_requested__gte=0))
                    & (Q(cofinancing_granted__isnull=True) | Q(cofinancing_granted__gte=0))
                ),
                name="%(app_label)s_%(class)s_amounts_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(eu_grant_granted__isnull=True)
                | Q(eu_grant_requested__isnull=False, eu_grant_granted__lte=F("eu_grant_requested")),
                name="%(app_label)s_%(class)s_eu_grant_within_requested",
                violation_error_message=_("The EU grant granted cannot be more than the grant requested."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_granted__isnull=True)
                | Q(
                    cofinancing_requested__isnull=False,
                    cofinancing_granted__lte=F("cofinancing_requested"),
                ),
                name="%(app_label)s_%(class)s_cofinancing_within_requested",
                violation_error_message=_(
                    "The co-financing granted cannot be more than the co-financing requested."
                ),
            ),
            models.CheckConstraint(
                condition=Q(city_budget__isnull=True)
                | Q(total_budget__isnull=True)
                | Q(city_budget__lte=F("total_budget")),
                name="%(app_label)s_%(class)s_city_budget_within_total",
                violation_error_message=_("The city's budget cannot be more than the total budget."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_granted__isnull=True)
                | Q(cofinancing_granted=0)
                | Q(cofinancing_decision=CoFinancingDecision.GRANTED),
                name="%(app_label)s_%(class)s_cofinancing_granted_by_decision",
                violation_error_message=_("Co-financing is granted only by a decision to grant it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} – {self.project_name}" if self.acronym else self.project_name

    def get_absolute_url(self) -> str:
        return reverse("eu_projects:application-detail", args=[self.pk])

    @property
    def appropriation_year(self) -> int:
        return self.cofinancing_year or timezone.localdate().year

    def timeline_facts(self, field: str, previous: str | None) -> dict:
        """What a co-financing step written by any writer notes besides the decision: its amount
        (granted, else requested) and year, and for a decision the decision's number the
        application keeps."""
        if field != "cofinancing_decision":
            return {}
        granted = self.cofinancing_decision == self.CoFinancing.GRANTED
        facts = {
            "amount": self.cofinancing_granted if granted else self.cofinancing_requested,
            "year": self.cofinancing_year,
        }
        if self.cofinancing_decision in (self.CoFinancing.GRANTED, self.CoFinancing.DECLINED):
            facts["decision_reference"] = self.decision_reference
        return facts

    @property
    def waits_for_appropriation_now(self) -> bool:
        """A request for a year with no appropriation yet (a list row has it annotated)."""
        annotated = self.__dict__.get("waits_for_appropriation")
        if annotated is not None:
            return annotated
        return (
            self.cofinancing_decision == self.CoFinancing.REQUESTED
            and self.cofinancing_year is not None
            and not CoFinancingAppropriation.objects.filter(year=self.cofinancing_year).exists()
        )

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def refuse(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        self._clean_status(refuse)
        self._clean_programme(refuse)
        self._clean_amounts(refuse)
        self._clean_cofinancing(refuse)
        if errors:
            raise ValidationError(errors)

    def _clean_status(self, refuse) -> None:
        if message := self.status_transition_error():
            refuse("status", message)
        saved, decision = self.saved_value("cofinancing_decision"), self.cofinancing_decision
        if saved and saved != decision and decision not in self.COFINANCING_TRANSITIONS[saved]:
            labels = dict(self.CoFinancing.choices)
            refuse(
                "cofinancing_decision",
                self.COFINANCING_TRANSITION_MESSAGE
                % {"old": labels[saved], "new": labels.get(decision, decision)},
            )
        if self.call_id is None and self._is_submitted():
            refuse("call", _("A submitted application needs a call."))

    def _clean_programme(self, refuse) -> None:
        """A call gives the programme: a programme named besides it is refused, unless it is the
        call's own, which is then left to the call. Without a call, a name the register knows
        (its name or short name, whatever the case) is written as the register writes it; any
        other stays as written, for international affairs to add to the register."""
        name = self.named_programme = (self.named_programme or "").strip()
        if not name:
            return
        if self.call_id is not None:
            programme = self.call.programme
            if name.casefold() in {programme.name.casefold(), programme.short_name.casefold()}:
                self.named_programme = ""
                return
            refuse(
                "named_programme",
                _(
                    "The call %(call)s is of the programme %(programme)s, and the application takes "
                    "its programme from the call. Leave this empty, or choose a call of the "
                    "programme you mean."
                )
                % {"call": self.call.identifier, "programme": programme.name},
            )
            return
        if (listed := Programme.objects.named(name).first()) is not None:
            self.named_programme = listed.name

    @property
    def programme_name(self) -> str:
        """The name of the call's programme, or of the programme named without a call."""
        return self.call.programme.name if self.call is not None else self.named_programme

    def names_unlisted_programme(self) -> bool:
        """The application has no call and names a programme that is not in the register."""
        return (
            self.call_id is None
            and bool(self.named_programme)
            and not Programme.objects.named(self.named_programme).exists()
        )

    @cached_property
    def shows_unlisted_programme(self) -> bool:
        """`names_unlisted_programme()` for a page, read once (a list's row has it annotated)."""
        if self.call_id is not None or not self.named_programme:
            return False
        listed = self.__dict__.get("named_programme_listed")
        return self.names_unlisted_programme() if listed is None else not listed

    def events_of_save(self, previous: dict) -> list[tuple[str, dict]]:
        """The events a save tells besides its change (`records.services`): a programme that is
        not in the register newly named, for international affairs to add it."""
        if self.named_programme == previous.get("named_programme") or not self.names_unlisted_programme():
            return []
        return [("unlisted_programme_named", {"programme": self.named_programme})]

    def _is_submitted(self) -> bool:
        """Submitted now or before: a withdrawal after submission still names its call."""
        if self.status in self.SUBMITTED_STATUSES:
            return True
        if self.status != self.Status.WITHDRAWN:
            return False
        if self.saved_status in self.SUBMITTED_STATUSES:
            return True
        return bool(self.pk) and self.status_changes.filter(status__in=self.SUBMITTED_STATUSES).exists()

    def _clean_amounts(self, refuse) -> None:
        if self.status not in self.GRANTED_STATUSES:
            for name in ("eu_grant_granted", "cofinancing_granted"):
                if getattr(self, name) is not None:
                    refuse(
                        name,
                        _("Granted amounts are given only for a granted, running or closed application."),
                    )
        if self.eu_grant_granted is not None and self.eu_grant_granted > (self.eu_grant_requested or 0):
            refuse("eu_grant_granted", _("The EU grant granted cannot be more than the grant requested."))
        if self.cofinancing_granted is not None and self.cofinancing_granted > (
            self.cofinancing_requested or 0
        ):
            refuse(
                "cofinancing_granted",
                _("The co-financing granted cannot be more than the co-financing requested."),
            )
        total = self.total_budget
        if total is None:
            return
        if self.city_budget is not None and self.city_budget > total:
            refuse("city_budget", _("The city's budget cannot be more than the total budget."))
        for grant, cofinancing, message in (
            (
                "eu_grant_requested",
                "cofinancing_requested",
                _(
                    "The EU grant and the co-financing requested add up to %(sum)s, more than the "
                    "total budget of %(total)s."
                ),
            ),
            (
                "eu_grant_granted",
                "cofinancing_granted",
                _(
                    "The EU grant and the co-financing granted add up to %(sum)s, more than the "
                    "total budget of %(total)s."
                ),
            ),
        ):
            amounts = [getattr(self, grant), getattr(self, cofinancing)]
            added = sum((amount for amount in amounts if amount is not None), Decimal(0))
            if amounts[0] is not None and added > total:
                refuse(grant, message % {"sum": format_euros(added), "total": format_euros(total)})

    def appropriation_balance(self) -> "CoFinancingAppropriation | None":
        """The co-financing year's appropriation, with what the other applications draw on it.

        An import, which checks all its rows before saving any, sets `appropriation_ledger`
        to weigh each row after the file's earlier rows too.
        """
        ledger = getattr(self, "appropriation_ledger", None)
        if ledger is not None:
            return ledger.balance(self)
        return CoFinancingAppropriation.objects.balance(self.cofinancing_year, excluding=self)

    def _clean_cofinancing(self, refuse) -> None:
        requested, city_budget = self.cofinancing_requested, self.city_budget
        if requested is not None and city_budget is not None and requested > city_budget:
            refuse(
                "cofinancing_requested",
                _("The co-financing requested cannot be more than the city's budget."),
            )
        needs_year = any(amount for amount in (self.cofinancing_requested, self.cofinancing_granted))
        if not needs_year:
            return
        if self.cofinancing_year is None:
            refuse(
                "cofinancing_year",
                _("Co-financing needs the year whose central project appropriation it comes from."),
            )
            return
        appropriation = self.appropriation_balance()
        if appropriation is None:
            # A request waits for its year's appropriation; nothing is granted before it exists.
            if self.cofinancing_granted:
                refuse(
                    "cofinancing_year",
                    _("There is no central project appropriation for %(year)s.")
                    % {"year": self.cofinancing_year},
                )
            return
        counted = self.status not in self.NOT_COUNTED_STATUSES
        if counted and self.cofinancing_granted and self.cofinancing_granted > appropriation.left:
            refuse(
                "cofinancing_granted",
                _("The %(year)s appropriation has %(left)s left; this grant would take it below zero.")
                % {"year": self.cofinancing_year, "left": format_euros(appropriation.left)},
            )


@with_range_checks
class ApplicationStatusChange(StatusChangeBase):
    """A step in an application's status timeline."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)

    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        pass


@with_range_checks
class CoFinancingChange(StatusChangeBase):
    """A step in an application's co-financing: requested, granted, declined; with its amount."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="cofinancing_changes",
    )
    from_status = models.CharField(
        _("from decision"), max_length=20, choices=CoFinancingDecision.choices, blank=True
    )
    status = models.CharField(_("co-financing decision"), max_length=20, choices=CoFinancingDecision.choices)
    amount = EuroField(
        _("amount (€)"), null=True, blank=True, help_text=_("The amount requested or granted at this step.")
    )
    year = YearField(_("co-financing year"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("co-financing step")
        verbose_name_plural = _("co-financing steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=NOT_NEGATIVE,
            )
        ]


class CoFinancingAppropriationQuerySet(models.QuerySet):
    def with_balance(self, excluding: Application | None = None) -> "CoFinancingAppropriationQuerySet":
        """Annotates `requested`, `granted` and `left` from the applications of each year.

        Rejected and withdrawn applications draw nothing; `excluding` leaves out an
        application being edited, so that its new figures can be weighed against the rest.
        """
        money = DecimalField(max_digits=14, decimal_places=2)
        applications = (
            Application.objects.drawing_on_appropriation()
            .filter(cofinancing_year=OuterRef("year"))
            .order_by()
            .values("cofinancing_year")
        )
        if excluding is not None and excluding.pk:
            applications = applications.exclude(pk=excluding.pk)

        def total(field: str):
            return Coalesce(
                Subquery(applications.annotate(total=Sum(field)).values("total")),
                Value(Decimal(0)),
                output_field=money,
            )

        return self.annotate(
            requested=total("cofinancing_requested"), granted=total("cofinancing_granted")
        ).annotate(left=F("amount") - F("granted"))

    def balance(self, year: int, excluding: Application | None = None) -> "CoFinancingAppropriation | None":
        """The year's appropriation with its amount, requested, granted and left, or None."""
        return self.with_balance(excluding=excluding).filter(year=year).first()

    def for_list(self) -> "CoFinancingAppropriationQuerySet":
        return self.with_balance()


@with_range_checks
class CoFinancingAppropriation(Versioned):
    """The central project appropriation of a year, for the city's own share of EU projects.

    Coordinated by the Strategy Department; applications request co-financing from it.
    """

    year = YearField(_("year"), unique=True)
    amount = EuroField(_("amount (€)"))
    decision_reference = models.CharField(
        _("budget decision"),
        max_length=20,
        blank=True,
        validators=[validate_decision_reference],
        help_text=_("The decision number, e.g. HEL 2025-013562."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = CoFinancingAppropriationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-financing appropriation")
        verbose_name_plural = _("co-financing appropriations")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=NOT_NEGATIVE,
            )
        ]

    def __str__(self) -> str:
        return str(_("Central project appropriation %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("eu_projects:cofinancingappropriation-detail", args=[self.pk])

    def applications(self) -> ApplicationQuerySet:
        return Application.objects.filter(cofinancing_year=self.year)

    def clean(self) -> None:
        if self.amount is None or self.year is None:
            return
        granted = (
            Application.objects.drawing_on_appropriation()
            .filter(cofinancing_year=self.year)
            .aggregate(total=Sum("cofinancing_granted"))["total"]
        )
        if granted and self.amount < granted:
            raise ValidationError(
                {
                    "amount": _("%(granted)s has already been granted from this appropriation.")
                    % {"granted": format_euros(granted)}
                }
            )
