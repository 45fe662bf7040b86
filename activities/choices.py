from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    VISIT_ABROAD = "visit_abroad", _("Visit abroad")
    INCOMING_DELEGATION = "incoming_delegation", _("Incoming delegation")
    TRADE_MISSION = "trade_mission", _("Trade and investment mission")
    CAMPAIGN = "campaign", _("Campaign")
    CONFERENCE = "conference", _("Conference participation")
    STUDY_VISIT = "study_visit", _("Study visit")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    DONE = "done", _("Done")
    REPORTED = "reported", _("Reported")
    CANCELLED = "cancelled", _("Cancelled")


class CityLeadership(models.TextChoices):
    """Whether the mayor or a deputy mayor takes part: the policy wants them to lead the key openings."""

    NONE = "none", _("Neither")
    MAYOR = "mayor", _("The mayor")
    DEPUTY_MAYOR = "deputy_mayor", _("A deputy mayor")


class TargetGroup(models.TextChoices):
    """The groups the policy's activities reach, each stored as a boolean of the same name."""

    TALENT = "for_talent", _("International talent")
    COMPANIES = "for_companies", _("Companies and investors")
    VISITORS = "for_visitors", _("Visitors")
    DECISION_MAKERS = "for_decision_makers", _("Decision makers")
