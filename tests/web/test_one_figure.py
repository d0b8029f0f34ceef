"""One figure everywhere, in the app (issue 21): a surgeon whose fiscal year starts in July
(annual goal 7,000, $52/wRVU above 7,000) sees the same pace, still-to-log and per-month figures
on Home, in Reports and in the Pay section as the API's summary gives; Reports shows and
downloads one period (the fiscal year to date), and its "By code" rows add up to the total."""

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import shot
from tests.web.test_browser import sign_up, tab

# Nineteen codes over the fiscal year so far (and one case before it, in FY2026).
CASES = [
    ("2026-06-29", "27447"), ("2026-07-06", "27447"), ("2026-07-08", "29881"),
    ("2026-07-15", "27130"), ("2026-07-21", "20610"), ("2026-07-28", "99214"),
    ("2026-08-04", "27446"), ("2026-08-11", "29880"), ("2026-08-12", "64721"),
    ("2026-08-19", "99213"), ("2026-08-26", "26055"), ("2026-09-02", "27130"),
    ("2026-09-09", "29877"), ("2026-09-16", "20611"), ("2026-09-23", "99204"),
    ("2026-09-30", "25607"), ("2026-10-07", "29827"), ("2026-10-14", "64718"),
    ("2026-10-21", "99203"), ("2026-10-28", "27236"), ("2026-11-02", "20605"),
    ("2026-11-04", "29888"), ("2026-11-11", "27447"), ("2026-11-18", "99212"),
    ("2026-11-23", "26055"), ("2026-11-25", "23472"), ("2026-11-27", "99214"),
]  # fmt: skip


def api(page: Page, path: str, body: dict | None = None) -> dict:
    """Call the API with the signed-in user's token, from the page."""
    return page.evaluate(
        """async ([path, body]) => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const init = {headers: {Authorization: "Bearer " + t.access_token}};
          if (body) {
            init.method = "POST";
            init.body = JSON.stringify(body);
            init.headers["Content-Type"] = "application/json";
          }
          const r = await fetch("/api/v1" + path, init);
          if (!r.ok) throw new Error(path + ": " + r.status + " " + await r.text());
          return await r.json();
        }""",
        [path, body],
    )


def figure(value: float) -> str:
    return f"{value:,.2f}"


def test_home_reports_and_pay_show_the_same_year(page: Page) -> None:
    sign_up(page, "Dr. Ortho")
    page.get_by_label("Specialty (for benchmarks)").select_option("Orthopedic Surgery")
    page.get_by_label("Fiscal year starts in").select_option("July")
    page.get_by_label("Annual wRVU goal").fill("7000")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("Plan name").fill("Ortho group 2026")
    page.get_by_label("Starts on").fill("2026-07-01")
    page.get_by_label("Base salary ($ a year)").fill("450000")
    page.get_by_label("wRVU threshold").fill("7000")
    page.get_by_label("$ per wRVU above it").fill("52")
    page.get_by_role("button", name="Add pay plan").click()
    expect(page.get_by_text("Pay plan saved")).to_be_visible()
    for dos, code in CASES:
        api(page, "/cases", {"date_of_service": dos, "lines": [{"code": code}]})
    pace = api(page, "/reports/summary")["pace"]
    assert (pace["label"], pace["remaining_months"]) == ("FY2027", 8)
    want = {
        "year-to-date": figure(pace["year_to_date"]),
        "pace": figure(pace["projected_year_end"]),
        "still-to-log": figure(pace["still_to_log"]),
        "per-month": figure(pace["needed_per_remaining_month"]),
    }
    assert pace["still_to_log"] == round(7000 - pace["year_to_date"], 2)

    tab(page, "Home")
    for test_id, text in want.items():
        expect(page.get_by_test_id(test_id)).to_have_text(text)
    expect(page.get_by_text("FY2027 to date")).to_be_visible()
    # The year-end forecast (a straight line: under a year of log) is that pace, to the cent.
    expect(page.get_by_test_id("forecast")).to_contain_text(f"{want['pace']} wRVU")
    shot(page, "home-fiscal-year")

    tab(page, "Reports")
    year = page.get_by_role("region", name="Your year")
    for test_id, text in want.items():
        expect(year.get_by_test_id(test_id)).to_have_text(text)
    expect(year).to_contain_text("Fiscal year FY2027, 2026-07-01 to 2027-06-30, as of 2026-11-27")
    pay = page.get_by_role("region", name="Pay")
    expect(pay.get_by_test_id("pay-year")).to_contain_text(
        f"{want['still-to-log']} still to log, {want['per-month']} a month for 8 month(s)"
    )
    expect(pay.get_by_test_id("pay-year")).to_contain_text(want["pace"])
    shot(page, "reports-fiscal-year")

    # One period on the screen and in the downloads: the fiscal year to date.
    expect(page.get_by_test_id("period-shown")).to_contain_text("Showing 2026-07-01 to 2026-11-27")
    for name in ("Case log (CSV)", "Workbook (Excel)", "Productivity report (PDF)"):
        path = page.get_by_role("button", name=name).get_attribute("data-path")
        assert "start=2026-07-01&end=2026-11-27" in path, path
    with page.expect_download() as download:
        page.get_by_role("button", name="Productivity report (PDF)").click()
    assert download.value.suggested_filename == "rvuedge-report-2026-07-01-to-2026-11-27.pdf"

    # By code: every code of the period, or the top 15 and the others in one row; they add up.
    breakdown = api(page, "/reports/breakdown?start=2026-07-01&end=2026-11-27")
    codes = page.get_by_role("table", name="By code, 2026-07-01 to 2026-11-27", exact=True)
    rows = codes.locator("tbody tr")
    count = len(breakdown["by_code"])
    assert count > 16
    expect(rows).to_have_count(15 + 2)
    expect(rows.nth(15)).to_contain_text(f"Other ({count - 15} codes)")
    expect(rows.nth(16)).to_contain_text(figure(breakdown["total"]["credited_wrvu"]))
    cells = [
        float(c.replace(",", "")) for c in codes.locator("tbody tr td:last-child").all_inner_texts()
    ]
    assert round(sum(cells[:-1]), 2) == cells[-1] == breakdown["total"]["credited_wrvu"]
    codes.scroll_into_view_if_needed()
    shot(page, "reports-by-code")
    # The benchmark's first point (7,000 per 1.0 FTE) is the goal here: the same still to log.
    expect(
        page.get_by_text(
            f"p25: 7,000 wRVU per FTE — log {want['still-to-log']} more "
            f"({want['per-month']} a month for 8 month(s))"
        )
    ).to_be_visible()


def test_a_qualifying_apm_physician_sees_one_dollar_figure(page: Page) -> None:
    # Issue 27: the profile's conversion factor (33.5675 for a qualifying APM participant in
    # 2026) prices every dollar the app shows, and the screen says which factor it is.
    sign_up(page, "Dr. APM")
    page.get_by_label("Conversion factor (dollars from 2026)").select_option("qualifying_apm")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    for dos, code in (("2026-03-02", "47562"), ("2026-08-11", "27447"), ("2026-09-14", "99214")):
        api(page, "/cases", {"date_of_service": dos, "lines": [{"code": code}]})
    totals = api(page, "/reports/totals?period=year&start=2025-11-28&end=2026-11-27")
    assert totals["conversion_factor_choice"] == "qualifying_apm"
    payment = sum(b["estimated_payment"] for b in totals["buckets"])
    work = sum(b["work_only_value"] for b in totals["buckets"])

    tab(page, "Reports")
    section = page.get_by_role("region", name="Next year")
    section.get_by_label("Compare with release").select_option("2025D")
    both = section.get_by_role("table", name="Totals both ways")
    row = both.get_by_role("row", name=re.compile("Est. payment"))
    expect(row.locator("td").first).to_have_text(f"${payment:,.0f}")
    row = both.get_by_role("row", name=re.compile("Work-only value"))
    expect(row.locator("td").first).to_have_text(f"${work:,.0f}")
    expect(section).to_contain_text("as logged 2026C at $33.5675")
    expect(section).to_contain_text("From 2026 releases: the qualifying APM participant factor")
    expect(section).not_to_contain_text("2025D at $32.3465 (qualifying")
