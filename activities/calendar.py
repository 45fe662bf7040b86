"""The planned activities in the calendar feeds, each over its days."""

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from helsinki_intl.coordination.calendar import FeedEntry, listed, people_lines, portal_url
from helsinki_intl.records.dates import short_date

from .models import Activity


def activity_entries(person, since: datetime.date, uid_domain: str) -> Iterator[FeedEntry]:
    """The activities not cancelled that end on `since` or later, as all-day events over their
    days: for a person, those they are responsible for or one of their units owns or takes part in."""
    activities = listed(Activity).filter(ends_on__gte=since).exclude(status=Activity.Status.CANCELLED)
    if person is not None:
        activities = activities.filter(
            Q(responsible_person=person)
            | Q(owner_unit_id__in=person.unit_ids)
            | Q(pk__in=Activity.objects.filter(participating_units__in=person.unit_ids).values("pk"))
        )
    for activity in activities:
        url = portal_url(activity.get_absolute_url())
        details = [
            (capfirst(Activity._meta.verbose_name), str(activity)),
            (_("Kind"), activity.get_kind_display()),
            (_("Status"), activity.get_status_display()),
            (_("Dates"), f"{short_date(activity.starts_on)} – {short_date(activity.ends_on)}"),
            (_("Place"), activity.place),
        ]
        if activity.leads:
            details.append((_("Mayor or deputy mayor"), activity.get_city_leadership_display()))
        details += [*people_lines(activity), (_("Record"), url)]
        yield FeedEntry(
            uid=f"activity-{activity.pk}@{uid_domain}",
            start=activity.starts_on,
            last_day=activity.ends_on,
            summary=_("%(activity)s (%(place)s)") % {"activity": activity, "place": activity.place},
            details=details,
            url=url,
            stamp=activity.updated_at,
        )
