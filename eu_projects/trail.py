"""What the EU funding register adds to the trail of a record its applications came through (a
membership, a partner): each application in the year it was submitted (or added, if it has not
been), and each grant won in the year it was granted, with its euros."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.trail import TrailColumn, TrailItem, TrailPart

from .models import Application, ApplicationStatusChange

APPLICATIONS = TrailColumn("applications", _("EU applications"))
GRANTS = TrailColumn("eu_grants", _("EU grants won"))


def first_moved_to(status: str) -> Subquery:
    """The day (of its decision, or when it was noted) the application first moved to `status`."""
    return Subquery(
        ApplicationStatusChange.objects.filter(application=OuterRef("pk"), status=status)
        .annotate(on=Coalesce("decision_date", "changed_on"))
        .order_by("on", "pk")
        .values("on")[:1]
    )


def linked_applications(keys: list[int]):
    """The applications of the keys, with the days they were submitted and granted."""
    return Application.objects.filter(pk__in=keys).annotate(
        submitted_on=first_moved_to(Application.Status.SUBMITTED),
        granted_on=first_moved_to(Application.Status.GRANTED),
    )


def trail_items(keys: list[int]) -> list[TrailItem]:
    items = []
    for application in linked_applications(keys).order_by("project_name", "pk"):
        url = application.get_absolute_url()
        submitted_on = application.submitted_on or timezone.localtime(application.created_at).date()
        items.append(
            TrailItem(
                submitted_on.year,
                APPLICATIONS.key,
                str(application),
                url,
                note=str(application.get_status_display()),
            )
        )
        if application.status in Application.GRANTED_STATUSES and application.eu_grant_granted is not None:
            granted_on = application.granted_on or submitted_on
            items.append(
                TrailItem(
                    granted_on.year, GRANTS.key, str(application), url, amount=application.eu_grant_granted
                )
            )
    return items


TRAIL = TrailPart("eu_projects.application", (APPLICATIONS, GRANTS), trail_items)
