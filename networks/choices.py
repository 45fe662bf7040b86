from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkKind(models.TextChoices):
    CITY_NETWORK = "city_network", _("City network")
    FOUNDATION = "foundation", _("Foundation")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("UN or international organisation")
    EU_BODY = "eu_body", _("EU body")
    OTHER = "other", _("Other")


class GeographicScope(models.TextChoices):
    GLOBAL = "global", _("Global")
    EUROPE = "europe", _("Europe")
    NORDIC = "nordic", _("Nordic")
    BALTIC_SEA = "baltic_sea", _("Baltic Sea region")
    OTHER = "other", _("Other")


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ASSESSING = "assessing", _("Being assessed")
    ASSESSED = "assessed", _("Assessed, waiting for a decision")
    ACTIVE = "active", _("Active")
    ENDING = "ending", _("Ending")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")


class AssessmentRecommendation(models.TextChoices):
    JOIN = "join", _("Join")
    DO_NOT_JOIN = "do_not_join", _("Do not join")
