"""Debian's Chromium driven by Playwright: launching it, signing in, saving screenshots."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo"  # nosec B105 # the demo accounts' published password
LANGUAGE_COOKIE = "django_language"


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium); the browser tests need it"
    if os.environ.get("BROWSER_TESTS_MAY_SKIP") == "1":
        pytest.skip(message)
    pytest.fail(message)


@contextlib.contextmanager
def launched_chromium():
    """Debian's Chromium, driven from the calling thread (Playwright's synchronous API serves one
    thread: a thread of its own needs a browser of its own)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable)
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in_context(
    browser, base_url: str, username: str | None, language: str, *, bypass_csp: bool = True, **options
):
    """A browser context in the language, signed in as the demo account (or signed out: None).

    By default the context ignores the portal's Content-Security-Policy so that the tests can
    inject axe-core; `bypass_csp=False` keeps the policy, as a real browser does. Other options
    go to Playwright's context (`java_script_enabled=False`...).
    """
    context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp, locale=language, **options)
    # Browsers ask for /favicon.ico after every page; the tests do not need it fetched.
    context.route("**/favicon.ico", lambda route: route.abort())
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base_url}])
    if username:
        page = context.new_page()
        page.goto("/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
        if "/login/" in page.url:
            raise AssertionError(f"{username} could not sign in with the demo password")
        page.close()
    return context


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Saves the page (or the part of it in the window) as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)
