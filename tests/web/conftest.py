"""Headless Chromium (Debian's package, driven by Playwright) against the live server.

The server runs in a thread on a free port over a fresh copy of the seeded database, its clock
pinned to the suite's NOW; each page's clock is pinned to the same instant, so "today" agrees on
both sides whatever day the suite runs.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import NOW

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("RVUEDGE_SCREENSHOT_DIR", REPO / "test-output" / "screenshots"))
PHONE = {"width": 390, "height": 844}
# Generous waits: CI machines are shared and slow; a wait ends as soon as its condition holds.
expect.set_options(timeout=20_000)
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the machine's network is closed
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in (
        os.environ.get("RVUEDGE_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "the browser tests need Chromium: run scripts/install-browser.sh "
        "(Debian: apt-get install chromium) or set RVUEDGE_CHROMIUM to its path"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live_server, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    p = context.new_page()
    p.clock.set_fixed_time(NOW)
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    yield p
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Page, name: str) -> Path:
    """A phone-size screenshot of the current screen, kept under the test output."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
