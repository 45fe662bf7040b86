"""What the portal's users do, done in a real browser the way a person does it: by the labels,
links and buttons they see (in English here, so that the test reads as the page does).

Screenshots of the main pages are saved under test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from .browsers import screenshot, signed_in_context
from .checks import accessibility_problems, html_problems

pytestmark = pytest.mark.browser

# A network the Culture and Leisure Division has no membership in yet.
NETWORK = "Eurocities (EC)"
CULTURE = "Culture and Leisure Division"
FIRST_GOAL = "A cultural exchange programme with two member cities"
SECOND_GOAL = "Host the working group on culture and creative industries"
# A network the Culture and Leisure Division has no membership in, and no other journey names.
UNIONED = "Union of the Baltic Cities"


def field(page, label: str):
    """The form field with the label (required fields add a hidden "(Required)" to it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?\s*(\(Required\))?$"))


def test_a_member_of_staff_registers_a_membership_finds_it_and_edits_it(sign_in):
    page = sign_in("culture", "en").new_page()
    page.goto("/")
    screenshot(page, "dashboard-culture")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Memberships").click()
    page.get_by_role("link", name="Add a membership").click()
    # htmx (a deferred script) sends the suggestions on the field's input events: typing before
    # it has run, as a loaded machine may let the browser do, would go unheard.
    page.wait_for_load_state()
    # The suggestions come as the name is typed; the whole name is enough to save.
    field(page, "Network").fill("Eurocit")
    expect(page.locator("#id_network_options option")).to_have_attribute("value", NETWORK)
    field(page, "Network").fill(NETWORK)
    field(page, "Owner unit").fill(CULTURE)
    field(page, "Responsible person").fill("Aino Korhonen")
    field(page, "Start date").first.fill("2026-01-01")
    field(page, "Annual fee (€)").fill("1200")
    page.get_by_role("group", name="Priorities").get_by_label("Pleasant and liveable city").check()
    goals = page.get_by_role("group", name="Goals")
    field(goals, "Goal").fill(FIRST_GOAL)
    field(goals, "Indicator").fill("Exchanges a year")
    roles = page.get_by_role("group", name="Roles")
    field(roles, "Title").fill("Member of the Culture Forum")
    field(roles, "Holder").fill("Aino Korhonen")
    screenshot(page, "form-membership")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="was added")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eurocities")
    # The second goal from the membership's own page (htmx adds it without reloading the page).
    add_goal = page.get_by_role("group", name="Add a goal")
    field(add_goal, "Goal").fill(SECOND_GOAL)
    add_goal.get_by_role("button", name="Add the goal").click()
    goals = page.get_by_role("table", name="Goals")
    expect(goals.get_by_role("cell", name=SECOND_GOAL)).to_be_visible()
    expect(goals.get_by_role("cell", name=FIRST_GOAL)).to_be_visible()
    expect(
        page.get_by_role("table", name="Roles held").get_by_text("Member of the Culture Forum")
    ).to_be_visible()
    screenshot(page, "detail-membership")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Memberships").click()
    search = page.get_by_role("search")
    field(search, "Owner unit").fill(CULTURE)
    field(search, "Network kind").select_option(index=0)
    field(search, "Search").fill("creative industries")
    search.get_by_role("button", name="Filter").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and the membership
    screenshot(page, "list-memberships-filtered")
    results.get_by_role("link", name=re.compile("Eurocities")).click()

    page.get_by_role("link", name="Edit", exact=True).click()
    field(page, "Annual fee (€)").fill("1500")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="was saved")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1,500")


def test_without_javascript_a_membership_takes_several_goals_before_its_first_save(browser, portal):
    context = signed_in_context(browser, portal, "culture", "en", java_script_enabled=False)
    page = context.new_page()
    page.goto("/networks/memberships/add/")
    field(page, "Network").fill(UNIONED)
    field(page, "Owner unit").fill(CULTURE)
    field(page, "Start date").first.fill("2026-02-01")
    field(page.get_by_role("group", name="Goals"), "Goal").fill(FIRST_GOAL)

    page.get_by_role("button", name="Add a row: Goals").click()
    goals = page.get_by_role("group", name="Goals")
    expect(field(goals, "Goal")).to_have_count(2)
    expect(field(goals, "Goal").nth(1)).to_be_focused()
    expect(field(goals, "Goal").first).to_have_value(FIRST_GOAL)
    expect(field(page, "Network")).to_have_value(UNIONED)
    field(goals, "Goal").nth(1).fill(SECOND_GOAL)
    # Enter saves, as in any form: it does not add yet another row.
    field(goals, "Goal").nth(1).press("Enter")

    expect(page.get_by_role("status").filter(has_text="was added")).to_be_visible()
    table = page.get_by_role("table", name="Goals")
    expect(table.get_by_role("cell", name=FIRST_GOAL)).to_be_visible()
    expect(table.get_by_role("cell", name=SECOND_GOAL)).to_be_visible()
    context.close()


def test_a_membership_in_a_network_not_yet_registered_adds_the_network_in_place(sign_in):
    page = sign_in("urban", "en").new_page()
    page.goto("/networks/memberships/add/")
    page.wait_for_load_state()
    field(page, "Network").fill("Covenant of Mayors")
    field(page.get_by_role("group", name="Goals"), "Goal").fill("Report the climate plan every two years")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("No network is named “Covenant of Mayors”.", exact=True)).to_be_visible()
    offer = page.get_by_role("group", name="Add the network to the register")
    expect(field(offer, "Name")).to_have_value("Covenant of Mayors")
    assert html_problems({"offer": page.content()}) == {}
    assert accessibility_problems(page) == []  # after the checker: it adds axe's script to the page
    screenshot(page, "form-membership-new-network")
    field(offer, "Kind").select_option(index=1)
    expect(field(offer, "Geographic scope")).to_have_value("europe")
    offer.get_by_role("button", name="Add the network and save the membership").click()

    expect(
        page.get_by_role("status").filter(has_text="Covenant of Mayors” was added to the register")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Covenant of Mayors")
    page.get_by_role("link", name="Covenant of Mayors", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Covenant of Mayors")


def test_a_proposed_membership_is_submitted_assessed_and_joined_each_step_by_its_own_body(sign_in):
    proposing = sign_in("culture", "en").new_page()
    proposing.goto("/networks/memberships/add/")
    field(proposing, "Network").fill("Metropolis")
    field(proposing, "Owner unit").fill(CULTURE)
    field(proposing, "Annual fee (€)").fill("0")
    field(proposing, "Benefits").fill("Peer learning on cultural policy with other capitals.")
    field(proposing.get_by_role("group", name="Goals"), "Goal").fill("Two peer visits a year")
    proposing.get_by_role("button", name="Save").click()
    expect(proposing.get_by_role("status").filter(has_text="was added")).to_be_visible()
    membership = proposing.url
    process = proposing.get_by_role("region", name="Process")

    process.get_by_role("link", name="Submit for assessment").click()
    field(proposing, "Why no membership would end").fill("The fee is nil and no other network covers this.")
    screenshot(proposing, "step-membership-submit")
    proposing.get_by_role("button", name="Submit for assessment").click()
    expect(process).to_contain_text("Proposed → Being assessed")
    # The unit that proposed it cannot assess it.
    expect(process.get_by_role("link", name="Record the assessment")).to_have_count(0)

    assessing = sign_in("coordinator", "en").new_page()
    assessing.goto(membership)
    assessing.get_by_role("region", name="Process").get_by_role("link", name="Record the assessment").click()
    assessing.get_by_role("group", name=re.compile("^Recommendation")).get_by_role("radio").first.press(
        "Space"
    )
    field(assessing, "Statement").fill("Worth joining: no cost, and a peer group the division lacks.")
    assessing.get_by_role("button", name="Record the assessment").click()
    expect(assessing.get_by_role("region", name="Process")).to_contain_text("Being assessed → Assessed")
    # The coordination group assesses; it does not decide.
    expect(
        assessing.get_by_role("region", name="Process").get_by_role("link", name="Record the decision")
    ).to_have_count(0)

    deciding = sign_in("strategy", "en").new_page()
    deciding.goto(membership)
    deciding.get_by_role("region", name="Process").get_by_role("link", name="Record the decision").click()
    deciding.get_by_role("group", name=re.compile("^Decision")).get_by_role("radio").first.press("Space")
    field(deciding, "Deciding body").select_option(label="City Board")
    field(deciding, "Decision date").fill("2026-11-30")
    field(deciding, "Decision number").fill("HEL 2026-012345")
    deciding.get_by_role("button", name="Record the decision").click()

    steps = deciding.get_by_role("region", name="Process").get_by_role("list").first
    expect(steps).to_contain_text("Assessed, waiting for a decision → Active")
    expect(steps).to_contain_text("Decided by: City Board")
    expect(steps).to_contain_text("HEL 2026-012345")
    expect(deciding.get_by_role("region", name="Process")).to_contain_text("Propose ending")
    screenshot(deciding, "detail-membership-joined")


def test_the_coordination_group_records_a_review_from_the_queue(sign_in):
    page = sign_in("coordinator", "en").new_page()
    page.goto("/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    screenshot(page, "review-queue")
    first = page.get_by_role("table").get_by_role("link", name=re.compile("^Record review"))
    reviewed = first.first.inner_text().split(":", 1)[1].strip()
    first.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a review")
    # The design system's radio buttons are drawn over by their labels; the keyboard chooses them.
    for goal in page.locator("fieldset.review-goal").all():
        goal.get_by_role("radio").first.press("Space")
    field(page, "Benefit assessment").fill("Useful: two joint projects started this year.")
    page.get_by_role("group", name=re.compile("^Recommendation")).get_by_role("radio").first.press("Space")
    field(page, "Decision").fill("Continue the membership.")
    screenshot(page, "form-review")
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_role("status").filter(has_text="was recorded")).to_contain_text(reviewed)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.get_by_role("table").get_by_role("link", name=f"Record review: {reviewed}")).to_have_count(0)


def test_the_strategy_department_exports_the_quarterly_summary(sign_in):
    page = sign_in("strategy", "en").new_page()
    page.goto("/")
    screenshot(page, "dashboard", full_page=False)  # what one sees first; the README shows it
    screenshot(page, "dashboard-whole")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    field(page, "Quarter").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=re.compile("^Figures from"))).to_be_visible()
    screenshot(page, "summary")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()

    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as workbook:
        assert workbook.read(2) == b"PK"  # an XLSX file is a zip archive


def test_a_member_of_another_unit_sees_no_edit_button_and_is_refused_the_edit_page(sign_in):
    page = sign_in("urban", "en").new_page()
    page.goto("/networks/memberships/")
    field(page.get_by_role("search"), "Owner unit").fill(CULTURE)
    page.get_by_role("search").get_by_role("button", name="Filter").click()
    page.get_by_role("table").get_by_role("link").filter(has_text="Public Libraries 2030").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Public Libraries 2030")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Delete", exact=True)).to_have_count(0)

    response = page.goto(page.url + "edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not do this")
    screenshot(page, "refused-edit")
