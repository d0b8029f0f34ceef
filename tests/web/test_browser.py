"""The web app in headless Chromium at phone size: sign up, log by search, favorite and typed
text, offline logging with a reload and an interrupted send, edit and delete, reports.

Each test saves phone-size screenshots of the screens it visits (see conftest.SCREENSHOTS).
"""

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from tests.conftest import NOW
from tests.web.conftest import shot

PASSWORD = "correct horse battery staple"
_emails = itertools.count(1)


def sign_up(page: Page, name: str = "Dr. Example") -> str:
    email = f"web{next(_emails)}@example.org"
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name as it should appear on reports").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    return email


def server_cases(page: Page) -> list[dict]:
    """The signed-in user's cases as the server has them."""
    return page.evaluate(
        """async () => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const r = await fetch("/api/v1/cases?limit=200",
                                {headers: {Authorization: "Bearer " + t.access_token}});
          return (await r.json()).items;
        }"""
    )


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def add_favorite(page: Page, code: str, modifiers: str, label: str) -> None:
    tab(page, "Settings")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Modifiers", exact=True).fill(modifiers)
    page.get_by_label("Label", exact=True).fill(label)
    page.get_by_role("button", name="Add favorite").click()
    expect(page.get_by_text(label)).to_be_visible()


def save_typed(page: Page, text: str) -> None:
    """Log a case from the typed-entry box, once its preview shows."""
    tab(page, "Log")
    page.get_by_label("Typed entry").fill(text)
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_role("button", name="Save case").click()


@pytest.fixture
def intercepting_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A signed-up phone page whose own requests can be intercepted (service workers blocked)."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, service_workers="block"
    )
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    sign_up(page)
    yield page
    context.close()


def test_sign_up_and_log_a_case_by_search(page: Page) -> None:
    sign_up(page)
    shot(page, "settings")
    tab(page, "Log")
    expect(page.get_by_role("heading", name="Log a case")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("lap chole")
    hit = (
        page.get_by_role("list", name="Search results")
        .get_by_role("button")
        .filter(has_text="47562")
    )
    expect(hit).to_contain_text("wRVU")  # each hit shows its work RVU and global period
    expect(hit).to_contain_text("global")
    hit.click()
    total = page.get_by_test_id("preview-total")
    expect(total).to_have_text(re.compile(r"\d+\.\d\d wRVU"))
    preview_total = total.inner_text()
    page.get_by_label("Search", exact=True).scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    shot(page, "log")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    this_month = page.locator(".tile").filter(has_text="This month")
    expect(this_month).to_contain_text(preview_total.replace(" wRVU", ""))
    shot(page, "home")

    cases = server_cases(page)
    assert len(cases) == 1
    assert [line["code"] for line in cases[0]["lines"]] == ["47562"]
    assert f"{cases[0]['total_wrvu']:.2f} wRVU" == preview_total


def test_log_by_favorite_in_three_taps_and_by_typed_text(page: Page) -> None:
    sign_up(page)
    add_favorite(page, "49505", "RT", "Inguinal hernia right")
    tab(page, "Home")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()

    # A known case from Home: Log, the favorite chip, Save.
    tab(page, "Log")
    page.get_by_role("button", name="Inguinal hernia right").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()

    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562 49505-RT")
    page.get_by_role("button", name="Add typed lines").click()
    lines = page.locator("li.line")
    expect(lines).to_have_count(2)
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    # The second procedure is reduced, and the line says why.
    expect(lines.nth(1)).to_contain_text("50%")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()

    cases = sorted(server_cases(page), key=lambda c: len(c["lines"]))
    assert [[(ln["code"], ln["modifiers"]) for ln in c["lines"]] for c in cases] == [
        [("49505", ["RT"])],
        [("47562", []), ("49505", ["RT"])],
    ]
    # Home lists both, with the month's total equal to the server's sum.
    month = sum(c["total_wrvu"] for c in cases)
    expect(page.locator(".tile").filter(has_text="This month")).to_contain_text(f"{month:.2f}")

    # A line on a half hundredth says how it is credited (every total adds 28.67).
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("27447-50")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.locator("li.line")).to_contain_text("Exactly 28.665, credited 28.67")
    expect(page.get_by_test_id("preview-total")).to_contain_text("28.67")


def test_unknown_typed_code_shows_the_near_codes(page: Page) -> None:
    sign_up(page)
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47569")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_role("alert").filter(has_text="47569")).to_be_visible()
    near = page.locator("[aria-label='Near codes']")
    chip = near.get_by_role("button", name="47562")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("Laparoscopic gallbladder removal")  # the name and the wRVU
    expect(chip).to_contain_text(re.compile(r"\d+\.\d\d wRVU"))
    chip.click()
    expect(page.get_by_role("list", name="Lines of this case")).to_contain_text("47562")


def test_a_code_typed_short_with_its_modifier_suggests_the_code_by_name(page: Page) -> None:
    sign_up(page)
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("2744-RT")
    page.get_by_role("button", name="Add typed lines").click()
    near = page.locator("[aria-label='Near codes']")
    first = near.get_by_role("button").first
    expect(first).to_contain_text("27447")
    expect(first).to_contain_text("Knee replacement, total")
    expect(first).to_contain_text(re.compile(r"\d+\.\d\d wRVU"))


def test_offline_cases_wait_survive_a_reload_and_are_sent_once(
    page: Page, context: BrowserContext
) -> None:
    sign_up(page)
    add_favorite(page, "47562", "", "Lap chole")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab(page, "Log")
    expect(page.get_by_role("button", name="Lap chole")).to_be_visible()

    context.set_offline(True)
    page.get_by_role("button", name="Lap chole").click()
    page.get_by_role("button", name="Save case").click()
    expect(page.locator("#net")).to_have_text(re.compile("Offline · 1 waiting to send"))

    tab(page, "Log")
    page.get_by_label("Search", exact=True).fill("49505")
    page.get_by_role("button", name=re.compile("add this code")).click()
    page.get_by_role("button", name="Save case").click()
    expect(page.locator("#net")).to_have_text(re.compile("2 waiting to send"))
    shot(page, "offline-waiting")

    # A reload without signal: the service worker serves the app, the outbox still holds both.
    page.reload()
    expect(page.locator("#net")).to_have_text(re.compile("2 waiting to send"))
    expect(page.get_by_text("saved on this device").first).to_be_visible()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#net")).to_have_text("", timeout=15_000)
    # Home says what went out once the connection returned.
    sent = page.get_by_role("region", name="Sent from this device")
    expect(sent.get_by_text("sent at")).to_have_count(2)
    cases = server_cases(page)
    assert sorted(c["lines"][0]["code"] for c in cases) == ["47562", "49505"]
    assert len({c["id"] for c in cases}) == 2


def test_a_send_cut_off_mid_answer_is_not_doubled(intercepting_page: Page) -> None:
    page = intercepting_page
    calls: list[int] = []

    def store_then_drop_the_answer(route: Route, request: Request) -> None:
        if request.method != "POST":
            route.continue_()
            return
        if not calls:
            calls.append(route.fetch().status)  # the server stores the case...
        route.abort()  # ...and the phone never hears back (nor on its own retries)

    page.route("**/api/v1/cases", store_then_drop_the_answer)
    save_typed(page, "47562")
    expect(page.locator("#toast")).to_contain_text("Saved on this device")
    expect(page.locator("#net")).to_have_text(re.compile("1 waiting to send"))
    assert calls == [201]
    page.unroute("**/api/v1/cases")

    page.reload()  # the app resends the waiting case with its id: the server recognises it
    expect(page.locator("#net")).to_have_text("", timeout=15_000)
    assert len(server_cases(page)) == 1


def test_a_failed_send_is_retried_without_waiting_for_an_online_event(
    intercepting_page: Page,
) -> None:
    # The device says it is online but the first sends fail (one bar of signal): the app tries
    # again by itself, soon, rather than at the next "online" event or the 30-second sweep.
    page = intercepting_page
    posts: list[str] = []

    def fail_twice(route: Route, request: Request) -> None:
        if request.method != "POST":
            route.continue_()
            return
        posts.append(request.method)
        if len(posts) <= 2:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/api/v1/cases", fail_twice)
    save_typed(page, "47562")
    expect(page.locator("#toast")).to_contain_text("Saved on this device")
    expect(page.locator("#net")).to_have_text("", timeout=15_000)
    assert len(posts) == 3
    assert [c["lines"][0]["code"] for c in server_cases(page)] == ["47562"]


def test_edit_and_delete_a_case(page: Page) -> None:
    sign_up(page)
    save_typed(page, "47562")
    page.locator("a.list-item").first.click()
    expect(page.get_by_role("heading", name="Edit case")).to_be_visible()
    page.get_by_role("button", name="Modifiers").click()
    page.get_by_role("group", name="Modifiers for 47562").get_by_role("button", name="22").click()
    expect(page.get_by_role("list", name="Lines of this case")).to_contain_text("47562-22")
    shot(page, "edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    (case,) = server_cases(page)
    assert case["lines"][0]["modifiers"] == ["22"]
    assert case["version"] == 2

    page.locator("a.list-item").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete case").click()
    expect(page.get_by_text("No cases yet")).to_be_visible()
    assert server_cases(page) == []


def test_reports_globals_and_the_benchmark_position(page: Page) -> None:
    sign_up(page)
    page.get_by_label("Specialty (for benchmarks)").select_option("General Surgery")
    page.get_by_label("Monthly wRVU goal").fill("600")
    page.get_by_label("Annual wRVU goal").fill("7000")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562 49505-RT")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text(re.compile(r"% of 600 goal"))).to_be_visible()

    tab(page, "Reports")
    chart = page.get_by_role("img", name=re.compile("Credited wRVU by month"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("General Surgery"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"p\d+: [\d,]+ wRVU per FTE")).first).to_be_visible()
    expect(page.get_by_role("cell", name="47562", exact=True).first).to_be_visible()
    shot(page, "reports")
    # The exports the server offers download with the signed-in user's token.
    for button, suffix in [
        ("Case log (CSV)", ".csv"),
        ("Workbook (Excel)", ".xlsx"),
        ("Productivity report (PDF)", ".pdf"),
    ]:
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        assert download.value.suggested_filename.endswith(suffix)
        body = open(download.value.path(), "rb").read()
        assert len(body) > 100, button
        if suffix == ".csv":
            assert b"47562" in body
        if suffix == ".pdf":
            assert body.startswith(b"%PDF")
    page.get_by_label("Totals by").select_option("quarter")
    expect(page.get_by_role("img", name=re.compile("Credited wRVU by quarter"))).to_be_visible()

    tab(page, "Globals")
    expect(page.get_by_role("heading", name="Global periods")).to_be_visible()
    expect(page.locator("a.list-item").filter(has_text="47562")).to_contain_text("days left")
    shot(page, "globals")


def test_an_expired_access_token_is_refreshed_silently(page: Page) -> None:
    sign_up(page)
    page.evaluate(
        """() => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          t.access_token = "expired." + t.access_token;
          localStorage.setItem("rvuedge.tokens", JSON.stringify(t));
        }"""
    )
    tab(page, "Reports")
    expect(page.get_by_role("img", name=re.compile("Credited wRVU"))).to_be_visible()
    stored = json.loads(page.evaluate("localStorage.getItem('rvuedge.tokens')"))
    assert not stored["access_token"].startswith("expired.")


def test_a_token_refused_after_its_refresh_leads_to_sign_in(intercepting_page: Page) -> None:
    """A server that changed its signing key (a restart without a configured key) refuses even
    the freshly refreshed token: the app goes to Sign in, not a dead end showing the refusal."""
    page = intercepting_page
    problem = {"title": "Unauthorized", "status": 401, "detail": "The access token is invalid."}
    refused = {
        "status": 401,
        "content_type": "application/problem+json",
        "body": json.dumps(problem),
    }
    page.route("**/api/v1/me", lambda route: route.fulfill(**refused))
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("The access token is invalid.")).to_be_hidden()


def test_a_lost_session_returns_to_sign_in_and_keeps_the_unsaved_case(page: Page) -> None:
    email = sign_up(page)
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    # Both tokens become unusable (e.g. signed out from another device).
    page.evaluate(
        """() => localStorage.setItem("rvuedge.tokens", JSON.stringify(
             {access_token: "revoked", refresh_token: "revoked", token_type: "bearer"}))"""
    )
    tab(page, "Reports")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    tab(page, "Log")
    expect(page.locator("li.line")).to_contain_text("47562")


def test_every_screen_reads_at_200_percent_and_works_from_the_keyboard(
    browser: Browser, live_server: str
) -> None:
    # 200% zoom on a 390-pixel phone leaves 195 CSS pixels of width.
    context = browser.new_context(base_url=live_server, viewport={"width": 195, "height": 422})
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    sign_up(page)
    for name, heading in [
        ("Home", re.compile("Hello")),
        ("Log", "Log a case"),
        ("Reports", "Reports"),
        ("Globals", "Global periods"),
        ("Settings", "Settings"),
    ]:
        tab(page, name)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 200%"

    # Keyboard only: focus reaches the Log tab and Enter opens it.
    tab(page, "Home")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.tab") == "log":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Log a case")).to_be_visible()
    context.close()


def test_desktop_layout(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    sign_up(page)
    tab(page, "Home")
    nav = page.get_by_role("navigation", name="Main").bounding_box()
    assert nav is not None and nav["height"] > nav["width"]  # a side bar, not a bottom bar
    expect(page.locator(".tile").first).to_be_visible()
    shot(page, "desktop-home")
    context.close()


def test_a_pay_plan_in_settings_shows_what_the_year_pays_in_reports(page: Page) -> None:
    sign_up(page)
    tab(page, "Reports")
    pay = page.get_by_role("region", name="Pay")
    expect(pay).to_contain_text("No pay plan yet")
    # No specialty yet: the benchmark says so in a sentence, not as a problem's field error.
    expect(page.get_by_text("Choose your specialty to see where")).to_be_visible()
    expect(page.get_by_text("query.specialty")).to_have_count(0)

    tab(page, "Settings")
    page.get_by_label("Plan name").fill("Group contract 2026")
    page.get_by_label("Starts on").fill("2026-01-01")
    page.get_by_label("Base salary ($ a year)").fill("300000")
    page.get_by_label("wRVU threshold").fill("5")
    page.get_by_label("$ per wRVU above it").fill("50")
    page.get_by_role("button", name="Add pay plan").click()
    expect(page.get_by_text("Pay plan saved")).to_be_visible()
    expect(page.get_by_text("Group contract 2026")).to_be_visible()
    page.get_by_role("button", name="Add pay plan").scroll_into_view_if_needed()
    shot(page, "settings-pay-plan")

    save_typed(page, "47562")
    expect(page.locator("#toast")).to_contain_text("Saved")

    tab(page, "Reports")
    year = pay.get_by_role("table", name="Pay this plan year")
    # 47562 credits 10.21 wRVU: 5.21 above the threshold at $50.
    expect(year.get_by_role("row", name=re.compile("Incentive"))).to_contain_text("$260.50")
    expect(year.get_by_role("row", name=re.compile("Credited wRVU"))).to_contain_text("10.21")
    expect(pay).not_to_contain_text("null")
    pay.scroll_into_view_if_needed()
    shot(page, "reports-pay")


def test_bring_in_a_past_log_then_check_the_employers_report(page: Page) -> None:
    sign_up(page)
    tab(page, "Reports")
    page.get_by_role("link", name=re.compile("past log")).click()
    expect(page.get_by_role("heading", name="Files")).to_be_visible()

    past_log = (
        b"Date,CPT,Encounter\n2026-10-05,47562,F1\n2026-10-06,44970,F2\n2026-10-07,49505,F3\n"
    )
    page.get_by_label("Past log (CSV or Excel)").set_input_files(
        files=[{"name": "october.csv", "mimeType": "text/csv", "buffer": past_log}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("3 lines below the header: 3 in cases; 3 new cases")).to_be_visible()
    page.get_by_role("button", name="Add 3 cases").click()
    expect(page.get_by_text("3 cases added")).to_be_visible()
    assert sorted(c["lines"][0]["code"] for c in server_cases(page)) == ["44970", "47562", "49505"]

    # The employer's report dropped the hernia repair of October 7.
    employer = b"Service Date,CPT,FIN\n2026-10-05,47562,F1\n2026-10-06,44970,F2\n"
    page.get_by_label("Employer's report (CSV or Excel)").set_input_files(
        files=[{"name": "employer-october.csv", "mimeType": "text/csv", "buffer": employer}]
    )
    page.get_by_label("From", exact=True).fill("2026-10-01")
    page.get_by_label("To", exact=True).fill("2026-10-31")
    page.get_by_role("button", name="Compare with my log").click()
    findings = page.get_by_role("table", name="Your log against the employer's report")
    expect(findings.get_by_role("row", name=re.compile("^Matched"))).to_contain_text("2")
    expect(findings.get_by_role("row", name=re.compile("Missing from"))).to_contain_text("1")
    missing = page.get_by_role("region", name="Missing from the employer's report")
    expect(missing).to_contain_text("2026-10-07 · 49505")
    missing.scroll_into_view_if_needed()
    shot(page, "files-reconcile")
    # The check is listed among the past ones, with its documents.
    past = page.get_by_role("list", name="Past reconciliations")
    expect(past).to_contain_text("2026-10-01 to 2026-10-31 · employer-october.csv · 1 missing")
    past.get_by_text("employer-october.csv").click()
    expect(past.get_by_role("region", name="Missing from the employer's report")).to_contain_text(
        "2026-10-07 · 49505"
    )
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Findings (CSV)").first.click()
    assert downloaded.value.suggested_filename == (
        "rvuedge-reconciliation-2026-10-01-to-2026-10-31.csv"
    )
    assert "49505" in Path(downloaded.value.path()).read_text(encoding="utf-8-sig")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Dispute list to print (PDF)").first.click()
    assert downloaded.value.suggested_filename.endswith("2026-10-01-to-2026-10-31.pdf")
    assert Path(downloaded.value.path()).read_bytes().startswith(b"%PDF")
