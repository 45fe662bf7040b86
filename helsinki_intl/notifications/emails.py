"""The notification e-mails, in the person's language: a decision told at once, and the digests
grouped by register. Each carries a one-click unsubscribe (RFC 8058)."""

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helsinki_intl.records.fields import as_one_line

from .describe import what_happened
from .models import EmailKind, NotificationEmail

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def unsubscribe_token(user) -> str:
    """A signed token naming the person: the link works without signing in, from any old e-mail."""
    return signing.dumps({"person": user.pk}, salt=UNSUBSCRIBE_SALT)


def person_of_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["person"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def masked_address(address: str) -> str:
    """The address as the unsubscribe page shows it: enough for its owner to know it, too little
    for whoever holds a forwarded link to learn it ("m…@hel.fi")."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "…"
    return f"{local[:1]}…@{domain}"


def unsubscribe_url(user) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))


@dataclass
class Line:
    """One notification as an e-mail tells it."""

    record: str
    what: str
    url: str | None


@dataclass
class Section:
    register: str
    lines: list[Line]


def register_of(notification) -> str:
    return str(apps.get_app_config(notification.event.content_type.app_label).verbose_name)


def sections(notifications) -> list[Section]:
    """The notifications grouped by register, in the registers' order of first mention."""
    ordered = sorted(notifications, key=register_of)
    return [
        Section(
            register,
            [
                Line(
                    notification.record_name,
                    what_happened(notification.event),
                    absolute(notification.record_url) if notification.record_url else None,
                )
                for notification in told
            ],
        )
        for register, told in groupby(ordered, key=register_of)
    ]


def subject_for(email: NotificationEmail, notifications: list) -> str:
    count = len(notifications)
    if email.kind == EmailKind.AT_ONCE:
        return _("Decision recorded: %(record)s") % {"record": notifications[0].record_name}
    if not notifications and email.kind == EmailKind.WEEKLY:
        return _("Your weekly digest: changes in the views you follow")
    if not notifications:
        return _("Your daily digest: changes in the views you follow")
    if email.kind == EmailKind.WEEKLY:
        return ngettext(
            "Your weekly digest: %(count)s notification", "Your weekly digest: %(count)s notifications", count
        ) % {"count": count}
    return ngettext(
        "Your daily digest: %(count)s notification", "Your daily digest: %(count)s notifications", count
    ) % {"count": count}


def message_id(email: NotificationEmail) -> str:
    # The same id on any resend lets mail systems recognise a duplicate.
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"<notifications-{email.pk}@{host}>"


def notification_message(email: NotificationEmail, notifications: list, *, connection=None) -> EmailMessage:
    user = email.user
    unsubscribe = unsubscribe_url(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = as_one_line(subject_for(email, notifications))
        body = render_to_string(
            "notifications/email/notifications.txt",
            {
                "email": email,
                "Kind": EmailKind,
                "sections": sections(notifications),
                "view_changes": [
                    {**change, "url": absolute(change["url"]) if change.get("url") else ""}
                    for change in email.view_changes
                ],
                "notifications_url": absolute(reverse("notifications:list")),
                "settings_url": absolute(reverse("notifications:settings")),
                "unsubscribe_url": unsubscribe,
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        connection=connection,
        headers={
            "Message-ID": message_id(email),
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
