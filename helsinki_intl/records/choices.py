from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalOutcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    INTENSIFY = "intensify", _("Intensify")
    SEEK_LEADING_ROLE = "seek_leading_role", _("Seek a leading role")
    REDUCE = "reduce", _("Reduce")
    LEAVE = "leave", _("Leave")


class DecidingBody(models.TextChoices):
    """Who made a decision recorded in a record's timeline."""

    CITY_COUNCIL = "city_council", _("City Council")
    CITY_BOARD = "city_board", _("City Board")
    MAYOR = "mayor", _("Mayor")
    DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
    DIVISION_HEAD = "division_head", _("Head of division")
    MAJOR_EVENTS_GROUP = "major_events_group", _("Major-events coordination group")
    OTHER = "other", _("Other")
