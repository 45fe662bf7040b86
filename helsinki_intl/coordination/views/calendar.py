"""Calendar feeds: the page where a person gets or turns off their feed URL, and the feeds.

The feeds are fetched by calendar clients, which cannot sign in: the secret token in the URL
is the only credential. They answer an unknown, replaced or turned-off token, an inactive
owner and a city-wide feed its owner may no longer read alike, with a bare 404 that sets no
cookie and reveals nothing.
"""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from helsinki_intl.logs import audit_facts

from ..calendar import (
    PAST_DAYS,
    city_calendar,
    feed_language,
    may_use_city_feed,
    personal_calendar,
    portal_url,
)
from ..models import CalendarFeed, hash_token
from ..registry import reviewables

audit = logging.getLogger("helsinki_intl.audit")

NEW_TOKEN_SESSION_KEY = "coordination:calendar-token"  # nosec B105 # a session key's name, no secret


class CalendarFeedView(LoginRequiredMixin, TemplateView):
    """The signed-in person's calendar link: create it, see it once, replace it or turn it off."""

    template_name = "coordination/calendar.html"
    page_label = gettext_lazy("Dates in your calendar")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        feed = CalendarFeed.objects.filter(user=user).first()
        may_use_city = may_use_city_feed(user)
        # The token lives in the session only from the POST that made it to the page that shows it.
        token = self.request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        if token and feed and hash_token(token) == feed.token_hash:
            context["personal_url"] = portal_url(reverse("coordination:calendar-personal", args=[token]))
            if may_use_city:
                context["city_url"] = portal_url(reverse("coordination:calendar-city", args=[token]))
        context.update(
            feed=feed,
            may_use_city_feed=may_use_city,
            past_days=PAST_DAYS,
            reviewable_types=", ".join(str(reviewable.label_plural) for reviewable in reviewables),
            page_label=self.page_label,
            breadcrumbs=[(None, self.page_label)],
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action in ("create", "replace"):
            had_feed = CalendarFeed.objects.filter(user=request.user).exists()
            _feed, token = CalendarFeed.issue(request.user)
            request.session[NEW_TOKEN_SESSION_KEY] = token
            if had_feed:
                messages.success(
                    request,
                    _(
                        "Your calendar link was replaced. The old link no longer works: add the new "
                        "one to your calendar app."
                    ),
                )
            else:
                messages.success(
                    request, _("Your calendar link was created. Copy it below into your calendar app.")
                )
        elif action == "turn-off":
            if CalendarFeed.revoke(request.user):
                messages.success(request, _("Your calendar link was turned off. It no longer works."))
            else:
                messages.info(request, _("You had no calendar link to turn off."))
        else:
            messages.error(request, _("Nothing was changed. Choose one of the buttons on the page."))
        return redirect("coordination:calendar")


@require_safe
def personal_feed(request, token):
    """The dates of the records the feed's owner is responsible for or their units own."""
    feed = _feed_for(token)
    if feed is None:
        return _not_found()
    return _calendar_response(feed, "personal", personal_calendar(feed.user), "international-activities.ics")


@require_safe
def city_feed(request, token):
    """The whole city's dates, while the feed's owner is in the coordination group or
    international affairs."""
    feed = _feed_for(token)
    if feed is None or not may_use_city_feed(feed.user):
        return _not_found()
    return _calendar_response(feed, "city", city_calendar(feed.user), "international-activities-city.ics")


def _feed_for(token: str) -> CalendarFeed | None:
    """The feed the token opens, found by its hash whatever the token looks like."""
    return CalendarFeed.objects.for_token(token).select_related("user").first()


def _not_found() -> HttpResponse:
    # A bare response: the portal's 404 page would render a form and set a CSRF cookie.
    return HttpResponseNotFound(b"Not found\n", content_type="text/plain; charset=utf-8")


def _calendar_response(feed: CalendarFeed, kind: str, calendar, filename: str) -> HttpResponse:
    feed.touch()
    # The token is the credential: its use is audited, by the feed's owner, never the token itself.
    audit.info(
        "calendar feed read: feed=%s owner=%s",
        kind,
        feed.user_id,
        extra=audit_facts("calendar feed read", feed=kind, owner=feed.user_id),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    response["Content-Language"] = feed_language(feed.user)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The dates name people and their records: no cache keeps them, a browser's neither.
    patch_cache_control(response, private=True, no_store=True)
    return response
