"""Each HTML report in a real headless Chromium: no console errors, a screenshot and an A4 PDF beside it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
A4_POINTS = (595.3, 841.9)
NOTEBOOK_NAMES = ["01_tong_hop", "02_don_vi", "03_ca_nhan", "04_chat_luong_du_lieu", "05_tien_do"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_report_opens_without_console_errors_and_prints_on_a4(browser, built_reports, name):
    _settings, reports, _ = built_reports
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page.goto((reports / f"{name}.html").as_uri(), wait_until="load")

    assert errors == []
    assert page.locator("header.cchc-header").inner_text().startswith("Cuộc thi trực tuyến")
    assert page.locator("table.cchc-table").count() >= 2
    assert page.locator(".jp-InputArea-editor").count() == 0
    images = page.locator("img.cchc-chart")
    # every chart decoded by the browser, not a broken image
    assert all(images.nth(i).evaluate("img => img.naturalWidth > 0") for i in range(images.count()))

    screenshot = reports / f"{name}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    pdf_path = reports / f"{name}.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=True)
    page.close()

    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = pdf_path.read_bytes()
    assert pdf[:5] == b"%PDF-"
    boxes = _media_boxes(pdf)
    assert boxes and all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in boxes)
