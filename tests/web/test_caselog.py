"""The resident's Case log screen in headless Chromium: set up the residency, import the
programme's mapping, log a case with a role on the Log screen, and see the progress move."""

import itertools

from playwright.sync_api import Page, expect

from tests.web.conftest import shot

PASSWORD = "correct horse battery staple"
_emails = itertools.count(1)
MAPPING = b"code,category\n47562,Abdominal: biliary\n47562,Laparoscopic basic\n"


def sign_up(page: Page) -> None:
    page.goto("/#/signup")
    page.get_by_label("Your name as it should appear on reports").fill("Dr. Resident")
    page.get_by_label("Email").fill(f"resident{next(_emails)}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_a_resident_logs_a_case_with_a_role_and_sees_the_progress_move(page: Page) -> None:
    sign_up(page)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Case log")).to_be_hidden()  # not a resident yet
    page.goto("/#/caselog")
    page.get_by_label("Programme specialty").select_option("general_surgery")
    page.get_by_label("Residency start").fill("2022-07-01")
    page.get_by_label("Chief year from").fill("2026-07-01")
    page.get_by_label("Chief year to").fill("2027-06-30")
    page.get_by_role("button", name="Start my case log").click()
    total = page.get_by_role("progressbar", name="Total major")
    expect(total).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_text("850 major cases")).to_be_visible()
    expect(page.get_by_text("General surgery · PGY 5")).to_be_visible()

    page.get_by_text("Category mapping", exact=True).click()
    page.get_by_label("Category mapping (CSV: code,category)").set_input_files(
        {"name": "mapping.csv", "mimeType": "text/csv", "buffer": MAPPING}
    )
    page.get_by_role("button", name="Import mapping").click()
    expect(page.get_by_role("progressbar", name="Laparoscopic basic")).to_have_attribute(
        "aria-valuenow", "0"
    )

    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_label("Your role").last.select_option("SC")
    page.get_by_label("Attending").fill("Dr. Attending")
    page.get_by_label("Robotic").check()
    page.get_by_text("Case log (ACGME)").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('toast').hidden = true")
    shot(page, "log-resident")
    page.get_by_role("button", name="Save case").click()
    # The save is done when it says so (with the role accepted: no "without its case log role").
    expect(page.get_by_role("alert")).to_have_text("Saved: 10.21 wRVU")

    tab(page, "Case log")
    expect(total).to_have_attribute("aria-valuenow", "1")
    expect(page.get_by_text("849 major cases")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Laparoscopic basic")).to_have_attribute(
        "aria-valuenow", "1"
    )
    expect(page.get_by_test_id("caselog-roles")).to_have_text("SC 1 · SJ 0 · TA 0 · FA 0")
    expect(page.get_by_role("heading", name="Not yet entered in the ACGME (1)")).to_be_visible()
    expect(page.get_by_text("47562 · Dr. Attending · robotic")).to_be_visible()
    page.evaluate("document.getElementById('toast').hidden = true")
    shot(page, "caselog")
    page.get_by_role("button", name="Entered", exact=True).click()
    expect(page.get_by_role("heading", name="Not yet entered in the ACGME (0)")).to_be_visible()
    expect(page.get_by_text("All caught up.")).to_be_visible()


def test_a_role_the_case_log_refuses_is_said_when_the_case_is_saved(page: Page) -> None:
    # Found using the app: a PGY-4 picked SC (the chief-year role) for a case; the case was saved,
    # the server refused the role, and its message was replaced at once by "Saved: 10.21 wRVU".
    sign_up(page)
    page.goto("/#/caselog")
    page.get_by_label("Programme specialty").select_option("general_surgery")
    page.get_by_label("Residency start").fill("2023-07-01")
    page.get_by_label("Chief year from").fill("2027-07-01")
    page.get_by_label("Chief year to").fill("2028-06-30")
    page.get_by_role("button", name="Start my case log").click()
    expect(page.get_by_text("General surgery · PGY 4")).to_be_visible()

    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_label("Your role").last.select_option("SC")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("heading", name="Last cases")).to_be_visible()
    said = page.locator("#toast")
    expect(said).to_contain_text("without its case log role")
    expect(said).to_contain_text("chief year")

    tab(page, "Case log")
    expect(page.get_by_text("1 case(s) without a role")).to_be_visible()
