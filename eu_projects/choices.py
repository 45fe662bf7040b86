from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")


class ApplicationStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PREPARING = "preparing", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class CallState(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CoFinancingDecision(models.TextChoices):
    """Where an application's request for co-financing from the central appropriation stands."""

    NOT_REQUESTED = "none", _("Not requested")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")
