"""Calendar feeds: which dates concern whom, and the iCalendar objects that carry them.

A personal feed holds the dates of the records a person is responsible for or one of their
units owns; the city-wide feed, for the coordination group and international affairs, holds
the same dates for the whole city:

- review due dates of every reviewable record type under review, as all-day events;
- the registers' own dates, as each declares them (`calendar_dates`) in its `register.py`:
  e.g. EU call deadlines of applications not yet submitted, at the deadline's instant, and the
  major-events coordination group's decision dates on event bids, as all-day events.

Texts are in the feed owner's language and every event links to its record in the portal.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from helsinki_intl.permissions import can_review
from helsinki_intl.records.dates import short_date
from helsinki_intl.records.registers import registers

from .registry import ReviewableType, reviewables

PAST_DAYS = 90
"""How far back a feed reaches, so that recent overdue reviews and past deadlines stay in view."""

REFRESH_INTERVAL = datetime.timedelta(hours=12)
"""How often calendar clients are asked to fetch the feed again."""

PRODID = "-//City of Helsinki//International activities portal//EN"
ONE_DAY = datetime.timedelta(days=1)


def portal_url(path: str) -> str:
    """The absolute address of a portal path, as calendar clients and mail need it."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def may_use_city_feed(user) -> bool:
    """The city-wide feed is for those who review and coordinate: the coordination group and
    international affairs."""
    return can_review.test(user)


@dataclass(frozen=True)
class FeedEntry:
    """One dated event of a feed, with its texts already in the feed owner's language."""

    uid: str
    start: datetime.date | datetime.datetime
    """A date for an all-day event; an aware datetime for a timed one."""
    summary: str
    details: list[tuple[str, str]]
    url: str
    stamp: datetime.datetime
    last_day: datetime.date | None = None
    """The last day of an all-day event of several days (an activity's); None for one day."""

    @property
    def is_all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    def to_event(self) -> Event:
        event = Event()
        event.add("UID", self.uid)
        event.add("DTSTAMP", self.stamp.astimezone(datetime.UTC))
        if self.is_all_day:
            event.add("DTSTART", self.start)
            last_day = self.last_day or self.start
            if last_day < datetime.date.max:
                event.add("DTEND", last_day + ONE_DAY)
        else:
            # With no DTEND a timed event ends when it starts: a deadline is an instant.
            event.add("DTSTART", self.start.astimezone(datetime.UTC))
        event.add("SUMMARY", self.summary)
        event.add("DESCRIPTION", "\n".join(f"{label}: {value}" for label, value in self.details))
        event.add("URL", self.url)
        # Dates to keep in mind, not meetings: they do not make anyone busy.
        event.add("TRANSP", "TRANSPARENT")
        return event


def personal_calendar(user, today: datetime.date | None = None) -> Calendar:
    """The dates of the records `user` is responsible for or one of their units owns."""
    with translation.override(feed_language(user)):
        return _calendar(
            _("International activities: my dates"), _entries(user, concerning=user, today=today)
        )


def city_calendar(user, today: datetime.date | None = None) -> Calendar:
    """The dates of the whole city, in `user`'s language; check `may_use_city_feed` first."""
    with translation.override(feed_language(user)):
        return _calendar(
            _("International activities: the city's dates"), _entries(user, concerning=None, today=today)
        )


def feed_language(user) -> str:
    """The feed owner's texts are in the language of their e-mails."""
    return user.language or settings.LANGUAGE_CODE


def _calendar(name: str, entries: Iterable[FeedEntry]) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for entry in sorted(entries, key=lambda entry: (entry.start.isoformat(), entry.uid)):
        calendar.add_component(entry.to_event())
    return calendar


def _entries(reader, *, concerning, today: datetime.date | None) -> Iterator[FeedEntry]:
    """Every entry of a feed read by `reader`: of the records concerning a person, or of the
    whole city when `concerning` is None."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=PAST_DAYS)
    uid_domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    for reviewable in reviewables:
        yield from _review_entries(reviewable, reader, concerning, since, uid_domain)
    for register in registers:
        if register.calendar_dates:
            yield from register.calendar_dates(concerning, since, uid_domain)


def concerning(queryset: QuerySet, person) -> QuerySet:
    """Records the person is responsible for or one of their units owns; all for None."""
    if person is None:
        return queryset
    return queryset.filter(Q(responsible_person=person) | Q(owner_unit_id__in=person.unit_ids))


def listed(model) -> QuerySet:
    # The register's list rows have everything an entry prints; priorities are not printed.
    return model.objects.for_list().prefetch_related(None)


def people_lines(record) -> list[tuple[str, str]]:
    opts = record._meta
    return [
        (capfirst(opts.get_field("responsible_person").verbose_name), str(record.responsible_person)),
        (capfirst(opts.get_field("owner_unit").verbose_name), str(record.owner_unit)),
    ]


def _review_entries(
    reviewable: ReviewableType, reader, person, since: datetime.date, uid_domain: str
) -> Iterator[FeedEntry]:
    records = concerning(listed(reviewable.model).under_review().filter(next_review_due__gte=since), person)
    review_opts = reviewable.review_model._meta
    shows_review_form = reader.has_perm(f"{review_opts.app_label}.add_{review_opts.model_name}")
    for record in records:
        due = record.next_review_due
        url = portal_url(record.get_absolute_url())
        details = [
            (capfirst(reviewable.label), str(record)),
            *people_lines(record),
            (_("Review due"), short_date(due)),
            (_("Record"), url),
        ]
        if shows_review_form:
            details.append((_("Review form"), portal_url(reviewable.review_url(record))))
        yield FeedEntry(
            uid=f"{reviewable.key}-{record.pk}-review-{due.isoformat()}@{uid_domain}",
            start=due,
            summary=_("Review due: %(record)s (%(type)s)") % {"record": record, "type": reviewable.label},
            details=details,
            url=url,
            stamp=record.updated_at,
        )
