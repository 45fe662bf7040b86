"""Every page reflows: at 320, 390 and 1366 CSS pixels wide, nothing makes the page itself scroll
sideways (WCAG 2.1 success criterion 1.4.10, Reflow). A wide table may scroll inside its own
region, which the page keeps within its width. At 320 px, where the layout differs most from the
page walk's, axe-core's rules pass too.

International affairs, who may open every page, walks them in Finnish and in Swedish, the
languages of the longest words.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.coordination.summary import last_full_quarter

from .browsers import screenshot, signed_in_context
from .checks import accessibility_problems, load_axe
from .test_walk import walked_pages

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366)
HEIGHT = 800
WALKS = (("strategy", "fi"), ("strategy", "sv"))

# The elements that stick out past the page's right edge while their parent does not: the ones
# that widen the page. Hidden and screen-reader-only elements take no room.
OVERFLOW = """() => {
  const page = document.documentElement;
  const edge = page.clientWidth;
  if (page.scrollWidth <= edge) return null;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += '#' + element.id;
    if (typeof element.className === 'string' && element.className.trim()) {
      name += '.' + element.className.trim().split(/\\s+/).join('.');
    }
    return name + ' (' + Math.round(element.getBoundingClientRect().right) + ' px)';
  };
  const sticksOut = (element) => element.getBoundingClientRect().right > edge + 1;
  const clipped = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };
  const culprits = [document.body, ...document.body.querySelectorAll('*')].filter(
    (element) => sticksOut(element) && !sticksOut(element.parentElement) && !clipped(element)
  );
  return {width: page.scrollWidth, edge: edge, culprits: culprits.slice(0, 4).map(describe)};
}"""


# The table regions that scroll but that a keyboard cannot reach or a screen reader cannot name.
UNREACHABLE_REGIONS = """() => [...document.querySelectorAll('.hds-table-container')]
  .filter((region) => region.scrollWidth > region.clientWidth)
  .filter((region) => region.getAttribute('tabindex') !== '0' || !region.getAttribute('aria-label')
    && !region.getAttribute('aria-labelledby'))
  .map((region) => region.querySelector('caption')?.textContent.trim() || region.outerHTML.slice(0, 80))"""


def region_problems(page, width: int) -> list[str]:
    return [
        f"at {width} px a table scrolls in a region not focusable or named: {name}"
        for name in page.evaluate(UNREACHABLE_REGIONS)
    ]


def overflow_problems(page, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    found = page.evaluate(OVERFLOW)
    if found is None:
        return []
    return [f"at {width} px the page is {found['width']} px wide: {', '.join(found['culprits'])}"]


@pytest.fixture(scope="module")
def reflow_walks(browser, portal, django_db_blocker):
    with django_db_blocker.unblock():
        plans = {walk: [("login", reverse("login")), *walked_pages(walk[0])] for walk in WALKS}
    results = {}
    for (account, language), pages in plans.items():
        context = signed_in_context(browser, portal, account, language)
        load_axe(context)
        page = context.new_page()
        problems = {}
        for name, path in pages:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page.goto(path)
            found = region_problems(page, WIDTHS[0])
            found += [f"at {WIDTHS[0]} px {line}" for line in accessibility_problems(page)]
            found += [line for width in WIDTHS for line in overflow_problems(page, width)]
            if found:
                problems[name] = [path, *found]
        if language == "fi":
            # A phone's first screens of the dashboard and of a list (docs/screenshots/).
            page.set_viewport_size({"width": 390, "height": 1600})
            page.goto("/")
            screenshot(page, "phone-dashboard", full_page=False)
            page.goto(reverse("networks:membership-list") + "?current=true")
            page.locator(".result-count").scroll_into_view_if_needed()
            screenshot(page, "phone-memberships", full_page=False)
        context.close()
        results[account, language] = (pages, problems)
    return results


@pytest.mark.parametrize(("account", "language"), WALKS, ids=[f"{a}-{lang}" for a, lang in WALKS])
def test_no_page_scrolls_sideways_at_any_width_nor_fails_axe_at_320_px(reflow_walks, account, language):
    pages, problems = reflow_walks[account, language]

    assert len(pages) > 10
    assert not problems, f"{len(problems)} of {len(pages)} pages have problems:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items()
    )


def test_on_a_narrow_screen_the_filters_fold_behind_a_summary_that_counts_those_in_use(sign_in):
    context = sign_in("culture", "en")
    page = context.new_page()
    filtered = reverse("networks:membership-list") + "?status=active&current=true"
    summary = page.locator("details.filters-fold > summary")

    page.set_viewport_size({"width": 390, "height": HEIGHT})
    page.goto(filtered)
    assert page.locator("details.filters-fold").get_attribute("open") is None
    assert summary.inner_text() == "Filters (2 in use)"
    assert not page.locator("#id_status").is_visible()
    summary.click()
    assert page.locator("#id_status").is_visible()

    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    page.goto(reverse("networks:membership-list"))
    assert page.locator("details.filters-fold").get_attribute("open") == ""
    assert summary.inner_text() == "Filters"
    context.close()


def test_a_table_wider_than_a_narrow_screen_scrolls_in_a_region_reached_by_the_keyboard(sign_in):
    context = sign_in("strategy", "en")
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    page.goto("/")
    regions = page.locator(".hds-table-container[data-scroll-region]")
    assert regions.count() > 0
    first = regions.first
    assert first.get_attribute("tabindex") == "0"
    assert first.get_attribute("role") == "region"
    assert first.get_attribute("aria-label")

    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    page.wait_for_function("() => !document.querySelector('[data-scroll-region]')")
    context.close()


def on_the_dashboard_at_1366_px(sign_in, account: str, language: str, script: str):
    """What the script finds on the dashboard of a wide screen."""
    context = sign_in(account, language)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    page.goto("/")
    found = page.evaluate(script)
    context.close()
    return found


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_menu_fits_on_one_line_at_1366_px(sign_in, language):
    lines = on_the_dashboard_at_1366_px(
        sign_in,
        "strategy",
        language,
        "() => new Set([...document.querySelectorAll('.main-nav li')].map(li => li.offsetTop)).size",
    )

    assert lines == 1


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_table_of_the_dashboard_is_cut_at_1366_px(sign_in, language):
    cut = on_the_dashboard_at_1366_px(
        sign_in,
        "coordinator",
        language,
        "() => [...document.querySelectorAll('.hds-table-container')]"
        ".filter((region) => region.scrollWidth > region.clientWidth)"
        ".map((region) => region.querySelector('caption').textContent)",
    )

    assert cut == []


# The summary's breakdowns: each table's caption, whether its region scrolls, and the link below it.
BREAKDOWN_REGIONS = """() => [...document.querySelectorAll(
    'section[aria-labelledby="breakdowns-heading"] .hds-table-container')]
  .map((region) => ({caption: region.querySelector('caption').textContent.trim(),
                     scrolls: region.scrollWidth > region.clientWidth,
                     link: region.nextElementSibling?.querySelector('a')?.getAttribute('href') || ''}))"""


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_breakdown_of_the_summary_scrolls_sideways_at_1366_px(sign_in, language):
    """The last full quarter (the page's default) and the longest range of the demo data, whose
    amounts are the largest; each breakdown links to its whole table of the same range."""
    today = timezone.localdate()
    longest = urlencode({"quarter": "custom", "start": today - datetime.timedelta(days=700), "end": today})
    ranges = {"": f"quarter={last_full_quarter().quarter_code}", longest: longest}
    context = sign_in("strategy", language)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    found = {}
    for query in ranges:
        page.goto(f"{reverse('coordination:summary')}?{query}")
        found[query] = page.evaluate(BREAKDOWN_REGIONS)
    context.close()

    for query, regions in found.items():
        assert len(regions) == 3, query
        assert [region["caption"] for region in regions if region["scrolls"]] == [], query
        assert [region["link"] for region in regions] == [
            f"{reverse('coordination:summary-breakdown', args=[slug])}?{ranges[query]}"
            for slug in ("by-priority", "by-owner-unit", "by-sdg")
        ]
