from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    CITY = "city", _("City")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    UN_AGENCY = "un_agency", _("UN agency")


class Region(models.TextChoices):
    NORDIC = "nordic", _("Nordic countries")
    BALTIC = "baltic", _("Baltic countries")
    EUROPE = "europe", _("Rest of Europe")
    ASIA = "asia", _("Asia")
    AMERICAS = "americas", _("Americas")
    AFRICA = "africa", _("Africa")
    OCEANIA = "oceania", _("Oceania")


class PartnershipType(models.TextChoices):
    THEMATIC = "thematic", _("Thematic")
    PROJECT_BASED = "project_based", _("Project-based")
    TWIN_CITY = "twin_city", _("Twin-city relationship")


class PartnershipStatus(models.TextChoices):
    EXPLORED = "explored", _("Explored")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Cooperation(models.TextChoices):
    """The forms of cooperation, named by the partnership's boolean field for each."""

    INFORMATION_EXCHANGE = "information_exchange", _("Information exchange")
    PROJECT_COOPERATION = "project_cooperation", _("Project cooperation")
    JOINT_ADVOCACY = "joint_advocacy", _("Joint advocacy")


class ContactKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
