"""The audit log of sign-ins, and ending the sessions of a deactivated account.

Who and from which address go into the log; the time is the log record's own. Passwords never do:
Django hands the failed-sign-in receiver the credentials with the password already masked, and
only the user name is taken from them.
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from helsinki_intl.logs import audit_facts

from .sessions import end_sessions_of, start_session_clock
from .throttling import client_address

audit = logging.getLogger("helsinki_intl.audit")


def _address(request) -> str:
    return (request and client_address(request)) or "-"


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    start_session_clock(request)
    username, address = user.get_username(), _address(request)
    audit.info(
        "sign-in: user=%r address=%s",
        username,
        address,
        extra=audit_facts("sign-in", username=username, address=address, user=user.pk),
    )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # repr() keeps a user name with line breaks from forging log lines.
    username, address = credentials.get("username"), _address(request)
    audit.warning(
        "failed sign-in: username=%r address=%s",
        username,
        address,
        extra=audit_facts("failed sign-in", username=username, address=address),
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.warning(
        "sign-in locked out: username=%r address=%s",
        username,
        ip_address,
        extra=audit_facts("sign-in locked out", username=username, address=ip_address),
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    username = user.get_username() if user else None
    address = _address(request)
    audit.info(
        "sign-out: user=%r address=%s",
        username,
        address,
        extra=audit_facts("sign-out", username=username, address=address),
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _end_sessions_of_inactive_user(sender, instance, created, raw, **kwargs):
    if created or raw or instance.is_active:
        return
    if ended := end_sessions_of(instance):
        username = instance.get_username()
        audit.info(
            "sessions ended for inactive account: user=%r sessions=%d",
            username,
            ended,
            extra=audit_facts("sessions ended", username=username, ended=ended),
        )
