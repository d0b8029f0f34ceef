"""The PDF report's last page: the range under another release and the year-end forecast."""

from fastapi.testclient import TestClient

from rvuedge.exports.next_year_page import heading
from tests.exports.test_report_pdf import RANGE, _pdf, _report
from tests.factories import SignedIn


def test_the_last_page_compares_releases_and_forecasts(
    client: TestClient, surgeon: SignedIn
) -> None:
    pages = _pdf(client, surgeon, **RANGE)
    last = pages[-1]
    text = " ".join(last)
    # The range was logged with 2026C: the page compares it with the release before, 2025D,
    # and does not call that one next year's.
    assert "Your log under an earlier release, 2025D" in text
    assert "Next year" not in text
    impact = _report(client, surgeon, "release-impact", compare="2025D", **RANGE)
    assert impact["summary"] in text
    t = impact["totals"]
    assert f"{t['as_logged']['credited_wrvu']:,.2f}" in text
    assert f"{t['under_release']['credited_wrvu']:,.2f}" in text
    assert "2026C at $33.4009" in text and "2025D at $32.3465" in text
    for row in impact["codes"]:
        assert row["code"] in last
    assert "Year-end forecast" in text
    forecast = _report(client, surgeon, "forecast")
    assert f"{forecast['straight_line']['projected_year_end']:,.2f}" in text
    assert "Seasonal: Needs at least 12 complete months of log." in text


def test_the_page_says_next_year_only_for_a_newer_or_proposed_release() -> None:
    assert heading("2027A", "2027A (proposed)", proposed=True, logged=["2026C"]).startswith(
        "Next year"
    )
    assert heading("2026D", "2026D", proposed=False, logged=["2026A", "2026C"]).startswith(
        "Next year"
    )
    assert heading("2025D", "2025D", proposed=False, logged=["2026C"]) == (
        "Your log under an earlier release, 2025D"
    )
    # A range logged with two releases, compared with the older: not next year's either.
    assert not heading("2026A", "2026A", proposed=False, logged=["2025D", "2026C"]).startswith(
        "Next year"
    )
