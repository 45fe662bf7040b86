"""The portal's log lines: plain text by default, one JSON object a line with LOG_FORMAT=json.

Every line carries the request it was written for (its id, the signed-in user's id and the path)
when there is one. The request id comes from a proxy's `X-Request-ID` when that is a short, safe
token, and is otherwise made here; either way the response sends it back, so that a user's report
can be found in the logs. Audit lines give their facts as fields (`extra=audit_facts(...)`) as
well as in the message. No line carries a password, a token or a session key: fields with such
names are redacted, and the request's headers, cookies and body are never logged.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

from django.urls import Resolver404, resolve
from django.utils.log import log_response

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
SECRET_FIELD = re.compile(r"password|passwd|token|secret|session|cookie|authorization|csrf|api_key", re.I)
REDACTED = "[redacted]"

# The request being served, for the lines written while it is; None outside a request.
_request_id = contextvars.ContextVar("request_id", default=None)
_request = contextvars.ContextVar("request", default=None)
_path = contextvars.ContextVar("path", default=None)
_secrets = contextvars.ContextVar("secrets", default=())
request_log = logging.getLogger("helsinki_intl.requests")

# What a LogRecord has of its own; anything else on a record came as `extra=`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Context added by RequestContextFilter; not repeated as facts.
_CONTEXT_FIELDS = ("request_id", "user_id", "path")


def audit_facts(event: str, **facts) -> dict:
    """`extra=` for an audit line: the event's name and its facts, each a field of a JSON line."""
    return {"event": event, **facts}


def request_id_of(header: str | None) -> str:
    """The incoming request id when it is a safe short token, else a new one."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the chain: names the request for every log line written while it is served,
    writes one line when it is answered (method, path, status, duration), and sends the id back.

    A secret in the path (a calendar feed's token) is replaced by "[redacted]" in the path and in
    every message of the request's lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_of(request.headers.get(REQUEST_ID_HEADER))
        secrets = _path_secrets(request.path_info)
        path = _redacted(request.path, secrets)
        tokens = [
            (_request_id, _request_id.set(request.request_id)),
            (_path, _path.set(path)),
            (_request, _request.set(request)),
            (_secrets, _secrets.set(secrets)),
        ]
        try:
            response = self.get_response(request)
            # Django logs an error response after the middleware; here it is logged in the
            # request's context, with its id and its secrets redacted (once: Django then skips it).
            if response.status_code >= 400:
                log_response(
                    "%s: %s", response.reason_phrase, request.path, response=response, request=request
                )
            milliseconds = round((time.monotonic() - started) * 1000)
            request_log.info(
                "%s %s %s %sms",
                request.method,
                path,
                response.status_code,
                milliseconds,
                extra={"method": request.method, "status": response.status_code, "duration_ms": milliseconds},
            )
        finally:
            for variable, token in reversed(tokens):
                variable.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _signed_in_user_id(request) -> int | None:
    """The user's id once the request has loaded its user: a log line never loads it (that would
    read the session of every request, and make each answer vary by its cookie)."""
    user = getattr(request, "_cached_user", None)  # where django.contrib.auth keeps it, loaded
    return user.pk if user is not None and user.is_authenticated else None


def _path_secrets(path_info: str) -> tuple[str, ...]:
    try:
        match = resolve(path_info)
    except Resolver404:
        return ()
    return tuple(str(value) for name, value in match.kwargs.items() if SECRET_FIELD.search(name) and value)


def current_request() -> tuple[str | None, int | None]:
    """The id of the request being served and its signed-in user's id (None, None outside one)."""
    return _request_id.get(), _signed_in_user_id(_request.get())


def redact_request_secrets(text: str) -> str:
    """The text without the secrets of the path of the request being served."""
    return _redacted(text, _secrets.get())


def _redacted(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RequestContextFilter(logging.Filter):
    """Adds the request's id, user id and path to each record (None outside a request), and
    takes the secrets of the request's path out of its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if secrets := _secrets.get():
            record.msg, record.args = _redacted(record.getMessage(), secrets), ()
        record.request_id = _request_id.get()
        record.user_id = _signed_in_user_id(_request.get())
        record.path = _path.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the request's
    context, the line's facts, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _CONTEXT_FIELDS:
            line[field] = getattr(record, field, None)
        for field, value in vars(record).items():
            if field in _RECORD_ATTRIBUTES or field in line or field.startswith("_"):
                continue
            line[field] = REDACTED if SECRET_FIELD.search(field) else _plain(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _plain(value):
    """A fact as JSON can hold it; objects (a request, a response) only by their type's name,
    so that no header, cookie or body reaches the log by way of an object's repr."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return type(value).__name__
