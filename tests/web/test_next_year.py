"""Reports' "Next year" section and the seasonal forecast on Home and Reports, in the browser."""

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import SCREENSHOTS
from tests.web.test_browser import sign_up, tab

# Fourteen months of a surgeon's log: cholecystectomies and hip fractures, a visit or two.
CASES = [
    (f"{year}-{month:02d}-{day:02d}", codes)
    for year, months in ((2025, range(9, 13)), (2026, range(1, 12)))
    for month in months
    for day, codes in ((6, ["47562"]), (13, ["27447"]), (20, ["99214"]), (21, ["47562"]))
    if (year, month, day) <= (2026, 11, 27) and not (month == 12 and day > 13)
]


def log_through_api(page: Page) -> None:
    failed = page.evaluate(
        """async (cases) => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const bad = [];
          for (const [day, codes] of cases) {
            const r = await fetch("/api/v1/cases", {method: "POST", headers: {
              Authorization: "Bearer " + t.access_token, "Content-Type": "application/json"},
              body: JSON.stringify({date_of_service: day,
                                    lines: codes.map((code) => ({code}))})});
            if (r.status !== 201) bad.push(day + " " + r.status);
          }
          return bad;
        }""",
        CASES,
    )
    assert failed == []


def test_reports_compare_the_log_with_another_release(page: Page) -> None:
    sign_up(page)
    log_through_api(page)
    tab(page, "Home")
    forecast = page.get_by_test_id("forecast")
    expect(forecast).to_contain_text("Year-end forecast (seasonal)")
    expect(forecast).to_contain_text("Straight line:")

    tab(page, "Reports")
    section = page.get_by_role("region", name="Next year")
    select = section.get_by_label("Compare with release")
    expect(select).to_have_value("2025D")
    summary = section.get_by_test_id("impact-summary")
    expect(summary).to_contain_text(re.compile(r"Under 2025D: \+\d+\.\d% wRVU"))
    codes = section.get_by_role("table", name="By code")
    expect(codes.get_by_role("row", name=re.compile("47562"))).to_contain_text("work RVU changed")
    expect(codes.get_by_role("row", name=re.compile("99214"))).to_contain_text("unchanged")
    totals = section.get_by_role("table", name="Totals both ways")
    expect(totals.get_by_role("row", name=re.compile("Est. payment"))).to_contain_text("$")
    expect(section).to_contain_text("2025D at $32.3465")
    expect(page.get_by_test_id("forecast")).to_contain_text("Year-end forecast (seasonal)")
    # The other way round: the 2025 cases under 2026C.
    select.select_option("2026C")
    expect(summary).to_contain_text("Under 2026C")
    select.select_option("2025D")
    expect(summary).to_contain_text("Under 2025D")
    expect(section).not_to_contain_text("null")
    # The section covers the period the screen shows, as the PDF's next-year page does: its
    # wRVU as logged is the total above, and it follows the period choice.
    as_logged = totals.get_by_role("row", name=re.compile("wRVU")).get_by_role("cell").nth(0)
    for period in ("month", "year"):
        page.get_by_label("Totals by").select_option(period)
        shown = page.get_by_text(re.compile(r"^Total [\d,.]+ wRVU from"))
        expect(shown).to_be_visible()
        total, start, end = re.match(
            r"Total ([\d,.]+) wRVU from (\S+) to (\S+)\.", shown.inner_text()
        ).groups()
        expect(section).to_contain_text(f"Your cases from {start} to {end}")
        expect(as_logged).to_have_text(total)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # No sticky header over the picture (CSSOM, which the page's CSP allows).
    page.evaluate("document.querySelector('header.bar').style.position = 'static'")
    section.screenshot(path=str(SCREENSHOTS / "reports-next-year.png"))
    page.get_by_test_id("forecast").last.screenshot(path=str(SCREENSHOTS / "reports-forecast.png"))
