"""Reports' period choices show whole periods: the week view starts on a Monday, so its first
week's total is that whole week's (found by using the app as a new surgeon would)."""

from playwright.sync_api import Page, expect

from tests.web.test_browser import sign_up, tab
from tests.web.test_one_figure import api


def test_week_view_shows_twelve_whole_weeks(page: Page) -> None:
    sign_up(page, "Dr. Weeks")
    # Today is Friday 2026-11-27 (week 48); twelve whole weeks start on Monday 2026-09-07 (W37).
    # A case on Sunday 2026-09-06 (W36) is before them; one on Monday 2026-09-07 is in W37.
    api(page, "/cases", {"date_of_service": "2026-09-06", "lines": [{"code": "99213"}]})
    api(page, "/cases", {"date_of_service": "2026-09-07", "lines": [{"code": "99214"}]})
    tab(page, "Reports")
    page.locator("select[name=period]").select_option("week")
    expect(page.get_by_test_id("period-shown")).to_contain_text("Showing 2026-09-07 to 2026-11-27")
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Week"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(12)
    expect(rows.first).to_contain_text("2026-W48")
    expect(rows.last).to_contain_text("2026-W37")
    # W37 holds its Monday's case and nothing of the Sunday before it.
    weekly = api(page, "/reports/totals?period=week&start=2026-09-07&end=2026-11-27")
    first = next(b for b in weekly["buckets"] if b["label"] == "2026-W37")
    expect(rows.last).to_contain_text(f"{first['credited_wrvu']:.2f}")
    assert first["cases"] == 1


def test_benchmark_position_reads_once_with_the_table_point_as_elsewhere(page: Page) -> None:
    sign_up(page, "Dr. Bench")
    page.get_by_label("Specialty (for benchmarks)").select_option("Orthopedic Surgery")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    api(page, "/cases", {"date_of_service": "2026-11-02", "lines": [{"code": "27447"}]})
    tab(page, "Reports")
    # It read "below — below the 25th percentile (7000.00), ..." beside "p25: 7,000 wRVU per FTE".
    expect(page.get_by_test_id("benchmark-rank")).to_have_text(
        "below the 25th percentile (7,000 wRVU per 1.0 FTE), the table's lowest point"
    )
    expect(page.get_by_text("p25: 7,000 wRVU per FTE", exact=False)).to_be_visible()
