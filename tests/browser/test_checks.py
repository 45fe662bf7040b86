"""The walk's checks find what they are there to find."""

import pytest

from .checks import accessibility_problems, html_problems, load_axe, structure_problems

pytestmark = pytest.mark.browser

VALID = '<!DOCTYPE html><html lang="fi"><head><title>Sivu</title></head><body><h1>Sivu</h1></body></html>'
BROKEN = '<!DOCTYPE html><html lang="fi"><head><title>Sivu</title></head><body><p><li>x</p></body></html>'


@pytest.fixture
def page(browser):
    context = browser.new_context()
    load_axe(context)
    page = context.new_page()
    yield page
    context.close()


def test_the_html_checker_names_the_documents_with_errors():
    problems = html_problems({"valid": VALID, "broken": BROKEN})

    assert list(problems) == ["broken"]
    assert any("li" in problem for problem in problems["broken"])


def test_axe_reports_a_field_without_a_label(page):
    page.set_content(
        '<html lang="fi"><head><title>Lomake</title></head>'
        '<body><main><h1>Lomake</h1><input type="text"></main></body></html>'
    )

    problems = accessibility_problems(page)

    assert problems[0].startswith("axe label (critical)")
    assert "input" in problems[1]


def test_a_page_in_another_language_with_two_main_headings_fails_twice(page):
    page.set_content('<html lang="en"><head><title>x</title></head><body><h1>a</h1><h1>b</h1></body></html>')

    assert structure_problems(page, "fi") == [
        '<html lang="en">, expected "fi"',
        "2 h1 elements, expected exactly one",
    ]
