"""What htmx does on a page, in a browser that keeps the portal's content security policy."""

import pytest
from django.urls import reverse

from helsinki_intl.organisation.models import User
from networks.models import Membership

from .browsers import signed_in_context

pytestmark = pytest.mark.browser

# Every refusal of the content security policy on the page, recorded from the first script on.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


@pytest.fixture
def enforced(browser, portal):
    """A browser context signed in as the culture unit's demo account, keeping the policy."""
    context = signed_in_context(browser, portal, "culture", "en", bypass_csp=False)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def console_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_a_list_filtered_in_place_shows_that_it_is_loading_and_breaks_no_policy(enforced):
    page = enforced.new_page()
    errors = console_errors(page)
    page.goto(reverse("networks:membership-list"))
    indicator = page.locator("form.filters .htmx-indicator")
    assert not indicator.is_visible()
    page.evaluate(
        """() => document.body.addEventListener('htmx:beforeSend', () => {
             window.indicatorWhileLoading = getComputedStyle(
               document.querySelector('form.filters .htmx-indicator')).display;
           })"""
    )

    page.locator("#id_q").fill("Euro")
    with page.expect_response(lambda response: "q=Euro" in response.url):
        page.locator("form.filters button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('form.filters.htmx-request')")

    assert page.evaluate("() => window.indicatorWhileLoading") not in (None, "none")
    assert not indicator.is_visible()
    assert page.evaluate("() => window.cspViolations") == []
    assert errors == []


def filter_in_place(page) -> None:
    with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"):
        page.locator("form.filters button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('form.filters.htmx-request')")


def test_filtering_in_place_updates_the_count_of_filters_in_use_and_the_clear_link(enforced):
    page = enforced.new_page()
    errors = console_errors(page)
    page.goto(reverse("networks:membership-list"))
    summary = page.locator("details.filters-fold > summary")
    clear = page.locator("form.filters").get_by_role("link", name="Clear filters")
    assert summary.inner_text() == "Filters"
    assert clear.count() == 0

    page.locator("#id_q").fill("Euro")
    filter_in_place(page)
    assert summary.inner_text() == "Filters (1 in use)"
    assert clear.is_visible()

    page.locator("#id_status").select_option("active")
    filter_in_place(page)
    assert summary.inner_text() == "Filters (2 in use)"
    assert clear.is_visible()

    page.locator("#id_q").fill("")
    page.locator("#id_status").select_option("")
    filter_in_place(page)
    assert summary.inner_text() == "Filters"
    assert clear.count() == 0
    assert page.locator("#results").count() == 1
    assert page.evaluate("() => window.cspViolations") == []
    assert errors == []


def test_adding_a_goal_in_place_breaks_no_policy(enforced, django_db_blocker):
    with django_db_blocker.unblock():
        units = User.objects.get(username="culture").unit_ids
        membership = Membership.objects.filter(owner_unit__in=units).order_by("pk").first()
    page = enforced.new_page()
    errors = console_errors(page)
    page.goto(membership.get_absolute_url())

    goals = page.locator("#goals")
    goals.get_by_label("Goal").first.fill("Share the city's open data practice")
    with page.expect_response(lambda response: response.request.method == "POST"):
        goals.get_by_role("button", name="Add the goal").click()
    page.wait_for_function("() => !document.querySelector('#goals .htmx-request')")

    assert "Share the city's open data practice" in page.locator("#goals table").inner_text()
    assert page.evaluate("() => window.cspViolations") == []
    assert errors == []
