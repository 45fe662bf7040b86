"""Error reports to Sentry, only when SENTRY_DSN is set; without it sentry-sdk is not even imported.

A report says which release and environment failed, where, and for which request id and user id,
and no more about the person: no names, e-mail addresses, cookies, headers but a few harmless
ones, request bodies, query strings, local variables, nor the audit log's lines.
"""

from helsinki_intl.logs import REDACTED, SECRET_FIELD, current_request, redact_request_secrets

KEPT_HEADERS = frozenset({"accept", "accept-language", "content-type", "content-length", "user-agent"})
PERSONAL_WORDS = frozenset(
    {"name", "username", "email", "mail", "phone", "address", "ip", "person", "recipient", "user", "who"}
)
# Lines of these loggers name people; they stay out of a report's trail of breadcrumbs.
PRIVATE_LOGGERS = ("helsinki_intl.audit", "axes", "helsinki_intl.coordination.delivery")


def start_error_reports(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Sends uncaught errors (and error log lines) of the web, the worker and beat to Sentry."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=scrub,
        before_send_transaction=scrub,
        before_breadcrumb=scrub_breadcrumb,
    )
    return True


def scrub(event: dict, hint: dict | None = None) -> dict:
    """The event without personal data: the user by id only, the request by method, path and a
    few headers, and every secret- or person-named field of its extra data redacted."""
    request_id, user_id = current_request()
    user_id = (event.get("user") or {}).get("id", user_id)
    event["user"] = {"id": str(user_id)} if user_id is not None else {}
    if request_id:
        # The same id as the request's log lines and its X-Request-ID header.
        event.setdefault("tags", {})["request_id"] = request_id
    if request := event.get("request"):
        headers = request.get("headers") or {}
        event["request"] = {
            "method": request.get("method"),
            "url": redact_request_secrets(request.get("url") or ""),
            "headers": {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS},
        }
    for key in ("extra", "tags"):
        if isinstance(event.get(key), dict):
            event[key] = _scrubbed_fields(event[key])
    if isinstance(event.get("logentry"), dict):
        event["logentry"] = _scrubbed_log_entry(event["logentry"])
    if isinstance(event.get("breadcrumbs"), dict):
        values = [scrub_breadcrumb(crumb) for crumb in event["breadcrumbs"].get("values", [])]
        event["breadcrumbs"]["values"] = [crumb for crumb in values if crumb is not None]
    return event


def scrub_breadcrumb(crumb: dict, hint: dict | None = None) -> dict | None:
    if str(crumb.get("category", "")).startswith(PRIVATE_LOGGERS):
        return None
    if isinstance(crumb.get("data"), dict):
        crumb["data"] = _scrubbed_fields(crumb["data"])
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact_request_secrets(crumb["message"])
    return crumb


def _scrubbed_log_entry(entry: dict) -> dict:
    """The log line's template only: its values (a recipient, a user name) stay out."""
    return {"message": redact_request_secrets(str(entry.get("message") or ""))}


def _scrubbed_fields(fields: dict) -> dict:
    return {
        name: REDACTED if SECRET_FIELD.search(name) or _is_personal(name) else value
        for name, value in fields.items()
    }


def _is_personal(name: str) -> bool:
    words = name.lower().replace("-", "_").split("_")
    return words[-1] != "id" and not PERSONAL_WORDS.isdisjoint(words)
