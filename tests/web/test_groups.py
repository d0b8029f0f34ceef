"""The Groups screen in headless Chromium: a practice manager creates a group and makes a code,
a physician joins with the code's link and shares totals, the manager's dashboard shows the
physician's figures, a revoke empties it, and the physician's Settings list who looked."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import NOW
from tests.web.conftest import PHONE, shot
from tests.web.test_browser import sign_up


def call(page: Page, method: str, path: str, body: dict | None = None) -> dict:
    """The API as the page's signed-in user."""
    return page.evaluate(
        """async ([method, path, body]) => {
          const t = JSON.parse(localStorage.getItem("rvuedge.tokens"));
          const r = await fetch("/api/v1" + path, {method, headers: {
            Authorization: "Bearer " + t.access_token, "Content-Type": "application/json"},
            body: body ? JSON.stringify(body) : undefined});
          return {status: r.status, body: await r.json().catch(() => null)};
        }""",
        [method, path, body],
    )


@pytest.fixture
def second_page(browser: Browser, live_server: str) -> Iterator[Page]:
    ctx = browser.new_context(
        base_url=live_server, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    ctx.set_default_timeout(30_000)
    p = ctx.new_page()
    p.clock.set_fixed_time(NOW)
    yield p
    ctx.close()


def test_a_manager_sees_what_a_physician_shares_until_it_is_revoked(
    page: Page, second_page: Page
) -> None:
    manager, doc = page, second_page
    sign_up(manager, "Pat Manager")
    manager.goto("/#/groups")
    manager.get_by_label("Group name").fill("Hernia partners")
    manager.get_by_role("button", name="Create group").click()
    expect(manager.get_by_role("heading", name="Hernia partners")).to_be_visible()
    manager.get_by_label("Role").select_option("member")
    manager.get_by_role("button", name="Make a code").click()
    code = manager.get_by_test_id("invitation-code").inner_text()
    expect(manager.get_by_text("No member shares their totals")).to_be_visible()

    sign_up(doc, "Dr. Rivera")
    assert (
        call(doc, "PATCH", "/me", {"specialty": "general surgery", "annual_wrvu_goal": 7000})[
            "status"
        ]
        == 200
    )
    for dos in ("2026-03-04", "2026-11-20"):
        r = call(doc, "POST", "/cases", {"date_of_service": dos, "lines": [{"code": "47562"}]})
        assert r["status"] == 201
    doc.goto(f"/#/groups/join/{code}")
    expect(doc.get_by_label("Invitation code")).to_have_value(code)
    doc.get_by_role("button", name="Join group").click()
    expect(doc.get_by_role("heading", name="Hernia partners")).to_be_visible()
    expect(doc.get_by_label("Share with this group's admins and viewers")).to_have_value("none")
    doc.get_by_label("Share with this group's admins and viewers").select_option("totals")
    doc.get_by_role("button", name="Save sharing").click()
    expect(doc.get_by_text("Saved: it applies to the very next read.")).to_be_visible()
    doc.evaluate("document.getElementById('toast').hidden = true")
    shot(doc, "groups-sharing")

    manager.reload()
    board = manager.get_by_role("table", name="Group dashboard")
    expect(board.get_by_role("rowheader", name="Dr. Rivera")).to_be_visible()
    own = call(doc, "GET", "/reports/totals")["body"]["total_credited_wrvu"]
    expect(board).to_contain_text(f"{own:,.2f}")
    shot(manager, "groups-dashboard")

    doc.goto("/#/settings")
    looked = doc.get_by_role("list", name="Who looked")
    expect(looked).to_contain_text("Pat Manager")
    expect(looked).to_contain_text("Hernia partners")
    expect(looked).to_contain_text("figures on the group dashboard")
    doc.evaluate("document.getElementById('toast').hidden = true")
    looked.scroll_into_view_if_needed()
    shot(doc, "settings-who-looked")

    doc.goto("/#/groups")
    doc.get_by_role("link", name="Hernia partners").click()
    doc.get_by_label("Share with this group's admins and viewers").select_option("none")
    doc.get_by_role("button", name="Save sharing").click()
    expect(doc.get_by_text("Sharing stopped")).to_be_visible()
    manager.reload()
    expect(manager.get_by_text("No member shares their totals")).to_be_visible()
