"""Each demo account walks every page it may open, in a real browser.

On each page axe-core finds no serious or critical violation, `<html lang>` is the language and
there is exactly one h1; at the end of each walk the Nu HTML Checker finds no error in the HTML
the server sent. The pages and who may open them come from the permission walk's table
(tests/project/test_permission_walk.py), so a new page is walked as soon as the table has it.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from helsinki_intl.api.services import token_create
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.notifications.emails import unsubscribe_token
from helsinki_intl.organisation.models import User
from helsinki_intl.records.process import process_for
from tests.project.test_permission_walk import (
    ATTACHED_TO,
    IMPORTED_REGISTER,
    OK,
    PAGES,
    REVIEWED_TYPE,
    SUMMARY_BREAKDOWN,
    expected,
)

from .browsers import launched_chromium, signed_in_context
from .checks import accessibility_problems, html_problems, load_axe, structure_problems

pytestmark = pytest.mark.browser

# Files rather than pages (calendar feeds, the health check), parts of pages (a lookup field's
# suggestions, walked within the forms), and the pages only for the signed out (the sign-in page
# is walked on its own below).
NOT_WALKED = {
    "import-template",  # a file to download, not a page
    "documents:download",  # a record's document: a file to download
    "healthz",
    "readyz",
    "coordination:calendar-personal",
    "coordination:calendar-city",
    "lookup-owner-units",
    "lookup-people",
    "lookup-networks",
    "lookup-partners",
    "lookup-calls",
    "lookup-memberships",
    "lookup-applications",
    "lookup-event-bids",
    "login",
    "logout",
    # Actions posted from the notifications page and a record's page, which the walk opens.
    "notifications:read",
    "notifications:read-all",
    "notifications:follow",
    # Walked below with the account's own signed link.
    "notifications:unsubscribe",
    # Walked below with a token of the account's own.
    "api_tokens:revoke",
}
NOT_PAGES = "api"
"""The API's namespace: JSON for programs, which the permission walk visits."""
# The table's columns are named after its fixture users: "culture" is the unit that owns the
# records, "urban" a member of staff of another unit.
OWNER, OTHER_UNIT = "culture", "urban"

# Every demo account in Finnish, the default; international affairs, who may open every page, in
# Swedish and English too, so that every page is walked in each language (all accounts in all
# languages would add a minute and a half to the suite); signed out, the sign-in page in each.
WALKS = [
    *((account, "fi") for account in ("strategy", "coordinator", "culture", "urban")),
    ("strategy", "sv"),
    ("strategy", "en"),
    *((None, language) for language in ("fi", "sv", "en")),
]


def record_for(model, user):
    """A record the user may edit when there is one (so that the edit pages are walked too)."""
    records = model.objects.order_by("pk")
    if hasattr(records, "editable_by"):
        return records.editable_by(user).first() or records.first()
    return records.first()


def record_and_step_for(model, user):
    """The first record on which the user may take a step, and that step's name; (None, None)
    when the user may take none (their step pages are not theirs to open)."""
    process = process_for(model)
    for record in model.objects.order_by("pk"):
        steps = process.steps_for(user, record)
        if steps:
            return record, steps[0].name
    return None, None


def column(role: str, user, record) -> str:
    if record is not None and getattr(record, "owner_id", None) == user.pk:
        return OWNER  # a saved view of the account's own: the table's owner is "culture"
    if role == "strategy":
        return role
    if record is not None and getattr(record, "owner_unit_id", None) in user.unit_ids:
        return OWNER
    return role if role == "coordinator" else OTHER_UNIT


def walked_pages(role: str) -> list[tuple[str, str]]:
    """(page name, path) of every page the demo account may open, with demo records as arguments."""
    user = User.objects.get(username=role)
    pages = []
    for page in PAGES:
        if page.name in NOT_WALKED or (page.name.startswith(f"{NOT_PAGES}:") and page.name != "api:docs"):
            continue
        model = page.model
        if "type_key" in page.arguments:
            model = reviewables.get(REVIEWED_TYPE).model
        kwargs = {}
        if "record_type" in page.arguments:
            model = ATTACHED_TO
            kwargs["record_type"] = model._meta.label_lower
        if "step" in page.arguments:
            # Whether a step page opens is the step's own rule, which the permission walk's
            # table shows for one step only: walk a step this account may take, if any.
            record, kwargs["step"] = record_and_step_for(model, user)
            if record is None:
                continue
        else:
            record = record_for(model, user) if "pk" in page.arguments else None
            if "pk" in page.arguments and record is None:
                continue
            if expected(page.name, "GET", column(role, user, record)) != OK:
                continue
        if record is not None:
            kwargs["pk"] = record.pk
        if "type_key" in page.arguments:
            kwargs["type_key"] = REVIEWED_TYPE
        if "resource" in page.arguments:
            kwargs["resource"] = IMPORTED_REGISTER
        if "breakdown" in page.arguments:
            kwargs["breakdown"] = SUMMARY_BREAKDOWN
        pages.append((page.name, reverse(page.name, kwargs=kwargs)))
    pages.append(
        ("notifications:unsubscribe", reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))
    )
    token = token_create(user=user, name="Power BI", expires_at=timezone.now() + timedelta(days=30), by=user)[
        0
    ]
    pages.append(("api_tokens:revoke", reverse("api_tokens:revoke", args=[token.pk])))
    return pages


def walk(context, pages, language: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Opens each page: the problems found on each, and the HTML the server sent for each."""
    problems, documents = {}, {}
    load_axe(context)
    page = context.new_page()
    for name, path in pages:
        response = page.goto(path)
        if response.status != 200:
            problems[name] = [f"{path}: HTTP {response.status}"]
            continue
        documents[name] = response.text()
        found = structure_problems(page, language) + accessibility_problems(page)
        if found:
            problems[name] = [path, *found]
    page.close()
    return problems, documents


def walks_in_a_browser_of_their_own(base_url: str, plans: dict) -> dict:
    """Each walk in `plans` ({(account, language): pages}) in turn: {(account, language): walked}."""
    walked = {}
    with launched_chromium() as browser:
        for (account, language), pages in plans.items():
            context = signed_in_context(browser, base_url, account, language)
            walked[account, language] = walk(context, pages, language)
            context.close()
    return walked


@pytest.fixture(scope="module")
def walks(portal, django_db_blocker):
    """Every walk's pages and problems: {(account, language): (pages, problems)}.

    The walks run once, in two browsers at a time (while one waits for the server, the other runs
    axe-core), and the HTML of all their pages goes through the Nu HTML Checker in one run (it
    starts slowly, and checks many files fast).
    """
    with django_db_blocker.unblock():
        plans = {
            (account, language): [("login", reverse("login"))] if account is None else walked_pages(account)
            for account, language in WALKS
        }
    longest_first = sorted(plans, key=lambda key: len(plans[key]), reverse=True)
    shares = [{key: plans[key] for key in longest_first[start::2]} for start in (0, 1)]
    walked = {}
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        for share in pool.map(walks_in_a_browser_of_their_own, [portal] * len(shares), shares):
            walked.update(share)
    results = {key: (plans[key], problems) for key, (problems, _documents) in walked.items()}
    documents = {
        (*key, name): html for key, (_problems, pages) in walked.items() for name, html in pages.items()
    }
    for (account, language, name), found in html_problems(documents).items():
        results[account, language][1].setdefault(name, []).extend(found)
    return results


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items())


@pytest.mark.parametrize(
    ("account", "language"),
    WALKS,
    ids=[f"{account or 'signed-out'}-{language}" for account, language in WALKS],
)
def test_every_page_is_accessible_and_valid(walks, account, language):
    pages, problems = walks[account, language]

    assert len(pages) > 1 or account is None
    assert not problems, f"{len(problems)} of {len(pages)} pages fail:\n{report(problems)}"
