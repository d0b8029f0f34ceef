"""Settings: the contract's year and the conversion factor, on a 390 px phone."""

from playwright.sync_api import Page, expect

from tests.web.conftest import shot
from tests.web.test_browser import sign_up, tab
from tests.web.test_one_figure import api


def test_a_contract_year_and_the_apm_factor_from_settings(page: Page) -> None:
    sign_up(page, "Dr. Contract")
    for day in ("2026-03-02", "2026-07-06", "2026-09-14"):
        api(page, "/cases", {"date_of_service": day, "lines": [{"code": "47562"}]})
    tab(page, "Settings")
    section = page.get_by_role("region", name="Contract year")
    expect(section).to_contain_text("No dated crediting settings")
    section.get_by_label("Contract year from").fill("2026-01-01")
    section.get_by_label("Credit with release").select_option("2025D")
    section.get_by_role("button", name="Save contract year").click()
    expect(section).to_contain_text("Saved. 3 case(s) revalued.")
    expect(section).to_contain_text("Credited with 2025D · from 2026-01-01")
    totals = api(page, "/reports/totals?period=year&start=2026-01-01&end=2026-11-27")
    assert totals["total_credited_wrvu"] == 31.41  # 3 x 10.47: the 2025D values

    # The conversion factor, chosen in the profile: the 2026 dollars follow at once.
    before = totals["buckets"][0]["estimated_payment"]
    page.get_by_label("Conversion factor (dollars from 2026)").select_option("qualifying_apm")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    after = api(page, "/reports/totals?period=year&start=2026-01-01&end=2026-11-27")
    assert after["conversion_factor_choice"] == "qualifying_apm"
    assert after["buckets"][0]["estimated_payment"] == before  # 2025D's dollars: one factor
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"Settings scrolls sideways by {overflow}px at 390 px"
    section.scroll_into_view_if_needed()
    shot(page, "settings-contract-year")

    # Reports' "Next year" compares the contract's 2025D log with the current file, as the
    # PDF's next-year page does (it used to pick 2025D itself: +0.0% everywhere).
    tab(page, "Reports")
    next_year = page.get_by_role("region", name="Next year")
    expect(next_year.get_by_label("Compare with release")).to_have_value("2026C")
    expect(next_year.get_by_test_id("impact-summary")).to_contain_text("Under 2026C:")
    tab(page, "Settings")

    # Removing it returns the cases to the release in force.
    section.get_by_role("button", name="Remove the setting from 2026-01-01").click()
    expect(section).to_contain_text("Removed. 3 case(s) revalued.")
    totals = api(page, "/reports/totals?period=year&start=2026-01-01&end=2026-11-27")
    assert totals["total_credited_wrvu"] == 30.63
