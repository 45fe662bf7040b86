"""The design system's styles and htmx come from npm packages, served as the portal's own static
files; nothing else of node_modules is, and every page loads them from the portal itself."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

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
