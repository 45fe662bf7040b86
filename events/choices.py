from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    MAJOR_EVENT = "major_event", _("Major event in Helsinki")
    CONGRESS = "congress", _("International congress in Helsinki")
    ABROAD = "abroad", _("Event abroad")


class BidStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    FOR_DECISION = "for_decision", _("For decision")
    APPROVED = "approved", _("Approved to bid")
    DECLINED = "declined", _("Declined")
    SUBMITTED = "submitted", _("Bid submitted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    HELD = "held", _("Held")
