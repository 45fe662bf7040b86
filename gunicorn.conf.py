"""gunicorn's settings for the portal's web process (docker-compose and the image use this file;
gunicorn also reads it by itself when started in this folder). Each comes from the environment.

Workers are restarted after GUNICORN_MAX_REQUESTS requests, give or take a random jitter so that
they do not all restart at once, which bounds what a slow leak can grow to. gunicorn writes no
access log: the portal logs each request itself, with its request id (helsinki_intl.logs).
"""

import environ

env = environ.Env(
    GUNICORN_BIND=(str, "0.0.0.0:8000"),  # nosec B104 # inside the container; compose binds it to 127.0.0.1
    GUNICORN_WORKERS=(int, 3),
    GUNICORN_THREADS=(int, 1),
    GUNICORN_TIMEOUT=(int, 60),
    GUNICORN_GRACEFUL_TIMEOUT=(int, 30),
    GUNICORN_KEEPALIVE=(int, 5),
    GUNICORN_MAX_REQUESTS=(int, 1000),
    GUNICORN_MAX_REQUESTS_JITTER=(int, 100),
    GUNICORN_FORWARDED_ALLOW_IPS=(str, "*"),
    LOG_FORMAT=(str, "plain"),
)

bind = env("GUNICORN_BIND")
workers = env("GUNICORN_WORKERS")
threads = env("GUNICORN_THREADS")
timeout = env("GUNICORN_TIMEOUT")
graceful_timeout = env("GUNICORN_GRACEFUL_TIMEOUT")
keepalive = env("GUNICORN_KEEPALIVE")
max_requests = env("GUNICORN_MAX_REQUESTS")
max_requests_jitter = env("GUNICORN_MAX_REQUESTS_JITTER")
# Which proxies may say the request came over HTTPS; the portal itself believes only
# TRUSTED_PROXY_COUNT proxies (settings).
forwarded_allow_ips = env("GUNICORN_FORWARDED_ALLOW_IPS")
accesslog = None
errorlog = "-"
# gunicorn's own lines are few (start, stop, worker restarts and timeouts), all worth keeping
# whatever LOG_LEVEL says; they are written in the portal's LOG_FORMAT.
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "helsinki_intl.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT")},
        "error_console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT")},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
    },
}
