"""The EU call deadlines of the calendar feeds."""

import datetime
from collections.abc import Iterator

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from helsinki_intl.coordination.calendar import FeedEntry, concerning, listed, people_lines, portal_url

from .models import Application


def call_deadline_entries(person, since: datetime.date, uid_domain: str) -> Iterator[FeedEntry]:
    """The call deadlines of applications not yet submitted, at the deadline's instant (in UTC,
    which every client shows in its own time zone)."""
    start_of_since = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    applications = concerning(
        listed(Application).not_submitted().filter(call__deadline__gte=start_of_since), person
    )
    for application in applications:
        call = application.call
        deadline = call.deadline.astimezone(datetime.UTC)
        url = portal_url(application.get_absolute_url())
        details = [
            (capfirst(Application._meta.verbose_name), str(application)),
            (_("Status"), application.get_status_display()),
            (_("Call"), f"{call.identifier} – {call.title}"),
            (_("Programme"), str(call.programme)),
            (
                _("Deadline"),
                f"{formats.date_format(call.deadline_in_zone, 'SHORT_DATETIME_FORMAT')} ({call.zone.key})",
            ),
            (
                _("Deadline in Helsinki time"),
                formats.date_format(timezone.localtime(call.deadline), "SHORT_DATETIME_FORMAT"),
            ),
            *people_lines(application),
            (_("Record"), url),
        ]
        if call.link:
            details.append((_("Call on the EU funding portal"), call.link))
        yield FeedEntry(
            uid=f"application-{application.pk}-deadline-{deadline.date().isoformat()}@{uid_domain}",
            start=deadline,
            summary=_("Call deadline: %(call)s – %(application)s")
            % {"call": call.identifier, "application": application},
            details=details,
            url=url,
            stamp=max(application.updated_at, call.updated_at),
        )
