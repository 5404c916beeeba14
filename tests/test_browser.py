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


# ---------------------------------------------------------------- print fit and language

LEADERSHIP_PAGES = ["01_tong_hop", "02_don_vi", "03_ca_nhan"]
A4_PRINT_WIDTH_PX = 703  # A4 less the 12 mm side margins of the print stylesheet: 186 mm in CSS pixels
FILE_NAME = re.compile(r"\S+\.(?:xlsx|xlsm|xls|docx|csv|txt|toml)\b", re.I)
CODE_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ENGLISH = re.compile(r"\b(?:the|and|of|not|above|total|late|return|returns|superseded|rejected|accepted|missing|"
                     r"held|unit|units|typed|registry|error|warning|participants|truncated|None|NaN|nan|True|False|"
                     r"on_time|rate)\b")


def _printed(browser, path: Path):
    page = browser.new_page(viewport={"width": A4_PRINT_WIDTH_PX, "height": 1000})
    page.goto(path.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    return page


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_nothing_printed_overflows_the_a4_page_width(browser, built_reports, name):
    _settings, reports, _ = built_reports
    page = _printed(browser, reports / f"{name}.html")
    overflowing = page.evaluate("""() => {
        const width = document.documentElement.clientWidth + 1;
        return Array.from(document.querySelectorAll('main *, body > *'))
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width)
            .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 60));
    }""")
    page.close()
    assert overflowing == []


@pytest.mark.parametrize("name", LEADERSHIP_PAGES)
def test_leadership_pages_show_no_code_name_or_english_word(browser, built_reports, name):
    _settings, reports, _ = built_reports
    page = _printed(browser, reports / f"{name}.html")
    text = FILE_NAME.sub(" ", page.locator("body").inner_text())
    page.close()
    assert CODE_NAME.findall(text) == []
    assert ENGLISH.findall(text) == []


def test_printed_pages_carry_page_numbers_and_the_data_date(built_reports):
    _settings, reports, _ = built_reports
    page = (reports / "01_tong_hop.html").read_text(encoding="utf-8")
    assert "@bottom-center" in page and "counter(page)" in page
    assert "Số liệu đến ngày 20/12/2024" in page and "Ngày chạy chương trình" in page
