from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def call_time(call, field: str = "deadline"):
    """A call's date and time in the call's own zone, with Helsinki time beside it when it differs.

    E.g. "31/03/2026 17:00 Europe/Brussels (18:00 Europe/Helsinki)".
    """
    moment = getattr(call, field)
    if moment is None:
        return "—"
    in_zone = call.in_zone(moment)
    try:
        local = timezone.localtime(moment)
    except OverflowError:
        local = in_zone
    written = format_html(
        '<time datetime="{}">{} {}</time>',
        moment.isoformat(),
        formats.date_format(in_zone.replace(tzinfo=None), "SHORT_DATETIME_FORMAT"),
        call.deadline_timezone,
    )
    if local.utcoffset() == in_zone.utcoffset():
        return written
    local_format = "TIME_FORMAT" if local.date() == in_zone.date() else "SHORT_DATETIME_FORMAT"
    return format_html(
        '{} <span class="local-time">({} {})</span>',
        written,
        formats.date_format(local.replace(tzinfo=None), local_format),
        settings.TIME_ZONE,
    )
