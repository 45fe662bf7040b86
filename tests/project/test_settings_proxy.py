"""The forwarded protocol header is believed only from a proxy that TRUSTED_PROXY_COUNT declares:
a client reaching the portal directly could otherwise claim HTTPS and skip the redirect."""

import json
import os
import subprocess
import sys

import pytest

from .processes import PROJECT


def proxy_ssl_header(**environment: str):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings",
        "SECRET_KEY": "x" * 50,
        **environment,
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.SECURE_PROXY_SSL_HEADER))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("environment", "header"),
    [
        ({}, None),
        ({"TRUSTED_PROXY_COUNT": "0"}, None),
        ({"TRUSTED_PROXY_COUNT": "1"}, ["HTTP_X_FORWARDED_PROTO", "https"]),
        ({"TRUSTED_PROXY_COUNT": "2"}, ["HTTP_X_FORWARDED_PROTO", "https"]),
    ],
)
def test_the_forwarded_protocol_is_trusted_only_behind_a_declared_proxy(environment, header):
    assert proxy_ssl_header(**environment) == header
