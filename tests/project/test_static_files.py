"""The design system's styles and htmx come from npm packages, served as the portal's own static
files; nothing else of node_modules is, and every page loads them from the portal itself."""

import json
import re
import subprocess
import sys

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from .processes import PROJECT, production_env
from .test_security_headers import parse_policy


@pytest.mark.parametrize(
    "path", ["hds/base.min.css", "hds/components/all.min.css", "htmx/htmx.min.js", "css/portal.css"]
)
def test_the_front_end_packages_are_static_files(path):
    assert finders.find(path) is not None


@pytest.mark.parametrize(
    "path",
    ["axe-core/axe.min.js", "hds-core/package.json", "vnu-jar/build/dist/vnu.jar", ".package-lock.json"],
)
def test_the_rest_of_node_modules_is_not_served(path):
    assert finders.find(path) is None


def test_pages_load_styles_and_scripts_from_the_portal_and_nothing_inline(strategy_client):
    response = strategy_client.get(reverse("networks:membership-list"))

    page = response.content.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheets == [
        "/static/hds/base.min.css",
        "/static/hds/components/all.min.css",
        "/static/css/portal.css",
    ]
    assert '<script src="/static/htmx/htmx.min.js" defer></script>' in page
    assert "<style" not in page and " style=" not in page
    # htmx would add its own inline <style> without this, which the policy below refuses.
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in page
    policy = parse_policy(response["Content-Security-Policy"])
    assert "style-src" not in policy and policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # the design system's icons are data: SVGs


def test_the_favicon_is_served_at_the_root_and_named_by_every_page(client, strategy_client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    page = strategy_client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg") is not None


def test_without_collectstatic_s_manifest_files_keep_their_names(settings):
    from helsinki_intl.static_files import HashedStaticFilesStorage

    storage = HashedStaticFilesStorage(location=settings.BASE_DIR / "no-such-folder")

    assert storage.url("css/portal.css") == "/static/css/portal.css"


def test_after_collectstatic_pages_name_hashed_files_that_are_cached_for_good(tmp_path):
    """The image's build: collectstatic with DEBUG off, then a page names each file by a hash of its
    content, and WhiteNoise serves it to be cached for years."""
    code = """
import json, re, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", "--no-input", verbosity=0)
call_command("migrate", verbosity=0)
client = Client()
page = client.get("/login/", secure=True).content.decode()
css = re.search(r'href="(/static/css/portal[^"]*)"', page)[1]
served = client.get(css, secure=True)
print(json.dumps({"css": css, "status": served.status_code, "cache": served["Cache-Control"]}))
"""
    env = production_env(
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL="sqlite://:memory:",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="helsinki_intl.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", served["css"])
    assert served["status"] == 200
    max_age = int(re.search(r"max-age=(\d+)", served["cache"])[1])
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in served["cache"]
    assert (tmp_path / "static" / "staticfiles.json").exists()
