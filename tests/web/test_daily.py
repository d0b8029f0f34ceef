"""The app as a daily tool, in Chromium at phone size (390x844, touch): the case history, the
phone-first Log screen (search on top, sticky Save, the draft prompt, the duplicate warning, the
-78 original-case picker), a fiscal-year view, the locality from a ZIP code, Not found, and every
screen clean under axe-core with labelled inputs and 44 px tap targets."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from tests.web.conftest import PHONE, shot
from tests.web.test_browser import server_cases, sign_up, tab

TODAY = "2026-11-27"  # tests.conftest.NOW in the new account's time zone (the browser's: UTC)


def post_cases(page: Page, bodies: list[dict]) -> list[dict]:
    """Log cases through the API with the page's own token (fast set-up)."""
    return page.evaluate(
        """async (bodies) => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const out = [];
          for (const b of bodies) {
            const r = await fetch("/api/v1/cases", {method: "POST", body: JSON.stringify(b),
              headers: {Authorization: "Bearer " + t.access_token,
                        "Content-Type": "application/json"}});
            if (r.status !== 201) throw new Error(await r.text());
            out.push(await r.json());
          }
          return out;
        }""",
        bodies,
    )


def case(dos: str, *codes: str, **extra: object) -> dict:
    lines = []
    for text in codes:
        code, *mods = text.split("-")
        lines.append({"code": code, "modifiers": mods})
    return {"date_of_service": dos, "setting": "facility", "lines": lines, **extra}


def test_history_shows_all_of_40_cases_and_its_search_filters_to_one_code(page: Page) -> None:
    sign_up(page)
    bodies = [
        case(
            f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}", "47562" if i % 2 else "49505", site="Main OR"
        )
        for i in range(39)
    ]
    bodies.append(case("2026-06-15", "44970", site="North Campus", note="weekend call"))
    post_cases(page, bodies)
    tab(page, "Home")
    page.get_by_role("link", name="All 40 cases").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    rows = page.get_by_test_id("history").locator("a.list-item")
    expect(page.get_by_text(re.compile(r"^40 cases; showing 25\."))).to_be_visible()
    page.get_by_role("button", name="More").click()  # or scrolling to it loads the rest
    expect(rows).to_have_count(40)
    expect(page.get_by_role("button", name="More")).to_be_hidden()
    # Newest first.
    dates = [d for d in rows.evaluate_all("els => els.map(e => e.href)")]
    assert len(dates) == 40
    first = rows.first.inner_text()
    assert "Nov" in first and "Main OR" in first
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "cases")

    page.get_by_label("Search cases").fill("44970")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("44970")
    expect(rows.first).to_contain_text("North Campus")
    assert "q=44970" in page.url
    # The same filter by note or site, and a date range.
    page.get_by_label("Search cases").fill("weekend")
    expect(rows).to_have_count(1)
    page.get_by_label("Search cases").fill("")
    page.get_by_label("From").fill("2026-11-01")
    page.get_by_label("To").fill("2026-11-30")
    page.get_by_label("To").dispatch_event("change")
    expect(rows).to_have_count(sum(1 for b in bodies if b["date_of_service"] >= "2026-11-01"))
    # Tap a case: it opens for editing, and deleting it comes back to the filtered history.
    rows.first.click()
    expect(page.get_by_role("heading", name="Edit case")).to_be_visible()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("button", name="Delete case").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    assert asked == ["Delete this case? It leaves your totals."], asked
    assert "start=2026-11-01" in page.url
    assert len(server_cases(page)) == 39


def test_reports_months_and_codes_lead_into_the_history(page: Page) -> None:
    sign_up(page)
    post_cases(page, [case("2026-11-03", "47562"), case("2026-10-03", "49505")])
    tab(page, "Reports")
    page.get_by_role("link", name="49505").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    expect(page.get_by_label("Search cases")).to_have_value("49505")
    expect(page.get_by_test_id("history").locator("a.list-item")).to_have_count(1)
    tab(page, "Reports")
    page.get_by_role("link", name=re.compile(r"^2026-11: its 1 case")).click()
    expect(page.get_by_label("From")).to_have_value("2026-11-01")
    expect(page.get_by_test_id("history").locator("a.list-item")).to_contain_text("47562")


def test_log_search_sits_in_the_top_third_and_save_stays_in_view(page: Page) -> None:
    sign_up(page)
    tab(page, "Log")
    search = page.get_by_label("Search", exact=True)
    box = search.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] / 3, box
    expect(page.get_by_role("button", name="Save case")).to_be_hidden()  # no line yet
    search.fill("lap chole")
    hit = (
        page.get_by_role("list", name="Search results")
        .get_by_role("button")
        .filter(has_text="47562")
    )
    expect(hit).to_contain_text("wRVU")
    expect(hit).to_contain_text("global")
    hit.click()
    save = page.get_by_role("button", name="Save case")
    expect(page.get_by_test_id("preview-total")).to_be_in_viewport()
    expect(save).to_be_in_viewport()
    page.mouse.wheel(0, 2000)  # still there at the foot of the screen after scrolling
    expect(save).to_be_in_viewport()
    save_box = save.bounding_box()
    tabs_box = page.get_by_role("navigation", name="Main").bounding_box()
    assert save_box and tabs_box and save_box["y"] + save_box["height"] <= tabs_box["y"] + 1
    page.mouse.wheel(0, -2000)
    shot(page, "log")
    save.click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


def test_a_case_left_from_an_earlier_day_asks_before_continuing(page: Page) -> None:
    me = sign_up(page)
    assert me
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("27447-RT")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    # The draft was started on Nov 20 (a week ago).
    page.evaluate(
        """() => {
          const key = Object.keys(localStorage).find((k) => k.startsWith("rvuedge.draft."));
          const d = JSON.parse(localStorage.getItem(key));
          d.started = "2026-11-20"; d.date_of_service = "2026-11-20";
          localStorage.setItem(key, JSON.stringify(d));
        }"""
    )
    tab(page, "Home")
    tab(page, "Log")
    expect(
        page.get_by_text("An unsaved case from Fri, Nov 20, 2026 is open: 27447-RT.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Continue the case from Nov 20")).to_be_visible()
    shot(page, "log-draft")
    page.get_by_role("button", name="Start new").click()
    expect(page.get_by_role("list", name="Lines of this case").locator("li.line")).to_have_count(0)
    expect(page.get_by_label("Date of service")).to_have_value(TODAY)
    # Continue: the lines stay and the prompt does not come back.
    page.get_by_label("Typed entry").fill("27447-RT")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_role("list", name="Lines of this case").locator("li.line")).to_have_count(1)
    page.evaluate(
        """() => {
          const key = Object.keys(localStorage).find((k) => k.startsWith("rvuedge.draft."));
          const d = JSON.parse(localStorage.getItem(key));
          d.started = "2026-11-20";
          localStorage.setItem(key, JSON.stringify(d));
        }"""
    )
    tab(page, "Home")
    tab(page, "Log")
    page.get_by_role("button", name="Continue the case from Nov 20").click()
    expect(page.get_by_role("button", name="Start new")).to_be_hidden()
    expect(page.get_by_role("list", name="Lines of this case").locator("li.line")).to_have_count(1)


def test_a_likely_duplicate_warns_before_saving(page: Page) -> None:
    sign_up(page)
    post_cases(page, [case(TODAY, "47562", "49505-RT")])
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562 49505-RT")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    page.get_by_role("button", name="Save case").click()
    warning = page.get_by_role("region", name="Total and save").get_by_text(
        re.compile(r"Likely duplicate: you already logged 47562, 49505 on 2026-11-27")
    )
    expect(warning).to_be_visible()
    shot(page, "log-duplicate")
    assert len(server_cases(page)) == 1  # nothing saved yet
    page.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    assert len(server_cases(page)) == 2


def test_a_future_date_is_refused_as_the_server_refuses_it(page: Page) -> None:
    sign_up(page)
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("47562")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    date = page.get_by_label("Date of service")
    date.fill("2026-11-30")
    date.dispatch_event("change")
    words = "Date of service 2026-11-30 is more than one day in the future (today is 2026-11-27)."
    expect(page.get_by_text(words).first).to_be_visible()
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("region", name="Total and save").get_by_text(words)).to_be_visible()
    assert server_cases(page) == []
    # The server's own answer names the field in the same words.
    answer = page.evaluate(
        """async () => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const r = await fetch("/api/v1/cases/preview", {method: "POST",
            headers: {Authorization: "Bearer " + t.access_token,
                      "Content-Type": "application/json"},
            body: JSON.stringify({date_of_service: "2026-11-30", lines: [{code: "47562"}]})});
          return [r.status, (await r.json()).detail];
        }"""
    )
    assert answer[0] == 422 and "more than one day in the future (today is 2026-11-27)" in answer[1]


def test_a_78_line_offers_the_cases_in_their_global_period_and_sends_related_case_id(
    page: Page,
) -> None:
    sign_up(page)
    original, _ = post_cases(page, [case("2026-11-10", "47562"), case("2025-01-10", "49505")])
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("49002-78")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    group = page.get_by_role("group", name=re.compile("Original case"))
    expect(group).to_be_visible()
    choice = group.get_by_label(re.compile("Nov 10, 2026 · 47562"))
    expect(choice).to_be_visible()
    expect(group.get_by_label(re.compile("49505"))).to_have_count(0)  # its global period is over
    choice.check()
    shot(page, "log-related")
    sent: list[dict] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.post_data_json)
            if r.method == "POST" and r.url.endswith("/api/v1/cases")
            else None
        ),
    )
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    assert sent and sent[0]["related_case_id"] == original["id"]
    stored = [c for c in server_cases(page) if c["lines"][0]["code"] == "49002"]
    assert stored[0]["related_case_id"] == original["id"]


def test_reports_on_the_fiscal_year_and_its_quarters(page: Page) -> None:
    sign_up(page)
    page.get_by_label("Fiscal year starts in").select_option("July")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    post_cases(
        page,
        [case("2026-08-03", "47562"), case("2026-11-03", "49505"), case("2026-05-03", "44970")],
    )
    tab(page, "Reports")
    period = page.get_by_label("Totals by")
    period.select_option("fiscal_quarter")
    expect(
        page.get_by_role("img", name=re.compile("Credited wRVU by fiscal quarter, 2026-07-01"))
    ).to_be_visible()
    expect(page.get_by_role("cell", name="FY2027-Q1")).to_be_visible()
    expect(page.get_by_role("cell", name="FY2027-Q2")).to_be_visible()
    # The breakdown covers the period shown, here the fiscal year: July to today, so May's 44970
    # is not in it.
    by_code = page.get_by_role("table", name="By code, 2026-07-01 to 2026-11-27", exact=True)
    expect(by_code.get_by_role("cell", name="47562", exact=True)).to_be_visible()
    expect(by_code.get_by_role("cell", name="44970", exact=True)).to_have_count(0)
    shot(page, "reports-fiscal")
    period.select_option("fiscal_year")
    expect(page.get_by_role("cell", name="FY2027")).to_be_visible()
    expect(page.get_by_role("cell", name="FY2026")).to_be_visible()  # May 2026 is the last FY
    # Five fiscal years shown: the breakdown (and the downloads) cover them, May's case included.
    by_code = page.get_by_role("table", name="By code, 2022-07-01 to 2026-11-27", exact=True)
    expect(by_code.get_by_role("cell", name="44970", exact=True)).to_be_visible()
    period.select_option("year")  # the calendar year is still there
    expect(
        page.get_by_role("img", name=re.compile("Credited wRVU by calendar year"))
    ).to_be_visible()


def test_the_locality_from_a_zip_code(page: Page) -> None:
    sign_up(page)
    page.get_by_label("ZIP code of your practice").fill("60601")
    page.get_by_role("button", name="Find locality").click()
    expect(page.get_by_text(re.compile(r"Locality 06102-16: .*IL"))).to_be_visible()
    expect(page.get_by_label("Medicare locality")).to_have_value("06102-16")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    me = page.evaluate(
        """async () => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const auth = {Authorization: "Bearer " + t.access_token};
          return (await fetch("/api/v1/me", {headers: auth})).json();
        }"""
    )
    assert me["locality"] == "06102-16"
    page.get_by_label("ZIP code of your practice").fill("00000")
    page.get_by_role("button", name="Find locality").click()
    expect(page.get_by_text("No Medicare locality is known for ZIP code 00000.")).to_be_visible()


def test_an_unknown_address_shows_not_found_with_a_way_home(page: Page) -> None:
    sign_up(page)
    page.goto("/#/nowhere")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.get_by_role("link", name="Go to Home").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


TAP_CHECK = """() => {
  const small = [];
  const targets = document.querySelectorAll(
    "main button, main input:not([type=radio]):not([type=checkbox]), main select, main summary, " +
    "main a.list-item, main .chips a, main td a, main a.more-link, nav a, label.choice");
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;  // not shown
    const what = `${el.tagName} ${el.textContent.trim().slice(0, 30)} ${r.width}x${r.height}`;
    if (r.height < 44 || r.width < 24) small.push(what);
  }
  return small;
}"""


def check_screen(page: Page, axe: Axe, name: str) -> None:
    results = axe.run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: {bad}"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
          .filter((el) => el.type !== "hidden" && !(el.labels && el.labels.length)
                          && !el.getAttribute("aria-label"))
          .map((el) => el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == [], f"{name}: inputs without a label: {unlabelled}"
    assert page.evaluate(TAP_CHECK) == [], name


def test_every_screen_is_clean_under_axe_with_labels_and_44px_targets(page: Page) -> None:
    axe = Axe()
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check_screen(page, axe, "sign in")
    sign_up(page)
    check_screen(page, axe, "settings")
    post_cases(page, [case("2026-11-10", "47562", site="Main OR"), case(TODAY, "49505-RT")])
    tab(page, "Home")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    expect(page.get_by_role("link", name="All cases")).to_be_visible()
    check_screen(page, axe, "home")
    tab(page, "Log")
    page.get_by_label("Typed entry").fill("49002-78")
    page.get_by_role("button", name="Add typed lines").click()
    expect(page.get_by_test_id("preview-total")).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("Original case"))).to_be_visible()
    page.get_by_role("button", name="Modifiers").click()
    check_screen(page, axe, "log")
    page.goto("/#/cases")
    expect(page.get_by_test_id("history").locator("a.list-item")).to_have_count(2)
    check_screen(page, axe, "cases")
    page.get_by_test_id("history").locator("a.list-item").first.click()
    expect(page.get_by_role("heading", name="Edit case")).to_be_visible()
    check_screen(page, axe, "edit case")
    tab(page, "Reports")
    expect(page.get_by_role("cell", name="47562", exact=True)).to_be_visible()
    check_screen(page, axe, "reports")
    tab(page, "Globals")
    expect(page.get_by_text(re.compile("days left")).first).to_be_visible()
    check_screen(page, axe, "globals")
    shot(page, "globals")
    page.goto("/#/files")
    expect(page.get_by_role("heading").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    check_screen(page, axe, "files")
    page.goto("/#/nowhere")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    check_screen(page, axe, "not found")
    page.goto("/#/settings")
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    page.locator("summary", has_text="Change password").click()
    page.locator("summary", has_text="Delete account").click()
    expect(page.get_by_label("Password to delete the account")).to_be_visible()
    check_screen(page, axe, "settings, account open")


def test_an_import_preview_lists_each_case_takes_a_mapping_and_can_be_undone(page: Page) -> None:
    sign_up(page)
    page.goto("/#/files")
    expect(page.get_by_role("heading", name="Files")).to_be_visible()
    expect(page.get_by_text("No past log brought in yet.")).to_be_visible()
    past_log = b"Date,CPT,Place\n2026-10-05,47562,Main OR\n2026-10-06,44970,Main OR\n"
    page.get_by_label("Past log (CSV or Excel)").set_input_files(
        files=[{"name": "october.csv", "mimeType": "text/csv", "buffer": past_log}]
    )
    page.get_by_role("button", name="Preview").click()
    planned = page.get_by_role("list", name="Planned cases").locator("li")
    expect(planned).to_have_count(2)
    expect(planned.first).to_contain_text("Mon, Oct 5, 2026")
    expect(planned.first).to_contain_text("47562")
    expect(planned.first).not_to_contain_text("Main OR")  # the Place column is not read yet
    page.locator("summary", has_text="Column mapping").click()
    page.get_by_label("Column “Place”").select_option("site")
    page.get_by_role("button", name="Preview again").click()
    expect(planned.first).to_contain_text("Main OR")
    shot(page, "files-import")
    page.get_by_role("button", name="Add 2 cases").click()
    expect(page.get_by_text("2 cases added")).to_be_visible()
    assert {c["site"] for c in server_cases(page)} == {"Main OR"}
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Undo the import of october.csv").click()
    expect(page.get_by_text("No past log brought in yet.")).to_be_visible()
    assert server_cases(page) == []


def test_an_import_with_bad_rows_can_leave_them_out_from_the_web_app(page: Page) -> None:
    """A past log with one bad row: the web app could only repeat the API's 'send
    skip_invalid_rows=true', so no row could come in; the box leaves the bad rows out and the
    preview counts every line below the header. While the cases are added, the screen says so and
    the button cannot send them twice. The Add button is above the planned cases, not below
    hundreds of them."""
    sign_up(page)
    page.goto("/#/files")
    clinic = "".join(f"2026-09-{day:02d},99213\n" for day in range(1, 21))  # a list to scroll
    past_log = (
        f"Date,CPT\n2026-10-05,47562\n2026-10-06,99999\n\n2026-10-07,44970\n{clinic}".encode()
    )
    page.get_by_label("Past log (CSV or Excel)").set_input_files(
        files=[{"name": "october.csv", "mimeType": "text/csv", "buffer": past_log}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("unknown code 99999")
    expect(page.get_by_role("alert")).not_to_contain_text("skip")
    page.get_by_label("Leave out the rows with problems (listed in the preview)").check()
    page.get_by_role("button", name="Preview").click()
    expect(
        page.get_by_text(
            "24 lines below the header: 22 in cases, 1 blank, 1 left out; 22 new cases"
        )
    ).to_be_visible()
    page.locator("summary", has_text="Rows left out (1 problem)").click()
    expect(page.get_by_role("list", name="Rows left out")).to_contain_text("Row 3")
    held: list[Route] = []
    page.route("**/commit", lambda route: held.append(route))
    expect(page.get_by_role("button", name="Add 22 cases")).to_be_in_viewport()
    page.get_by_role("button", name="Add 22 cases").click()
    expect(page.get_by_text("Adding 22 cases… they appear all at once when done.")).to_be_visible()
    expect(page.get_by_role("button", name="Add 22 cases")).to_be_disabled()
    held[0].continue_()
    expect(page.get_by_text("22 cases added")).to_be_visible()
    codes = sorted(c["lines"][0]["code"] for c in server_cases(page))
    assert codes == ["44970", "47562"] + ["99213"] * 20


def test_the_saved_toast_does_not_catch_the_next_cases_save(page: Page) -> None:
    """Logging cases back to back: the "Saved: ... wRVU" toast of the last case lies over the
    next case's Save button at 390 px for a few seconds; a tap there must reach Save."""
    sign_up(page)
    for text in ("99213", "99214"):
        tab(page, "Log")
        page.get_by_label("Typed entry").fill(text)
        page.get_by_role("button", name="Add typed lines").click()
        expect(page.get_by_test_id("preview-total")).to_be_visible()
        if text == "99214":
            # The first case's toast, shown again so a slow machine cannot let it lapse.
            page.evaluate(
                "async () => (await import('/static/js/ui.js')).toast('Saved: 1.30 wRVU')"
            )
            expect(page.locator("#toast")).to_be_visible()
            hit = page.evaluate(
                """() => {
                  const save = [...document.querySelectorAll("button")]
                    .find((b) => b.textContent.trim() === "Save case");
                  const r = save.getBoundingClientRect();
                  const toast = document.getElementById("toast").getBoundingClientRect();
                  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                  return [toast.top < r.bottom && toast.bottom > r.top, top === save];
                }"""
            )
            assert hit == [True, True], hit  # overlapping, yet the tap reaches Save
        page.get_by_role("button", name="Save case").click()
        expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    assert len(server_cases(page)) == 2
