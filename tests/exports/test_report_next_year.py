"""The PDF report's last page: the range under another release and the year-end forecast."""

from fastapi.testclient import TestClient

from tests.exports.test_report_pdf import RANGE, _pdf, _report
from tests.factories import SignedIn


def test_the_last_page_compares_releases_and_forecasts(
    client: TestClient, surgeon: SignedIn
) -> None:
    pages = _pdf(client, surgeon, **RANGE)
    last = pages[-1]
    text = " ".join(last)
    # The range was logged with 2026C: the page compares it with the release before, 2025D.
    assert "Next year: your log under 2025D" in text
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
