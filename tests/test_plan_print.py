"""The HTML plan printed by a real Chromium: A4 pages, and the summary fits on the first one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from test_plan_documents import fixed_session

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed here")
A4_CONTENT_HEIGHT_PX = (297 - 2 * 16) / 25.4 * 96  # the print style sheet's page less its top and bottom margins


def test_printed_plan_is_a4_with_the_summary_on_page_one(tmp_path):
    ws, g = fixed_session(tmp_path)
    page_file = tmp_path / "plan.html"
    page_file.write_text(ws.render(g, "html"), encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 680, "height": 1000})  # A4 less the side margins, at 96 dpi
            page.goto(page_file.as_uri())
            page.emulate_media(media="print")
            bottom = page.evaluate("document.querySelector('.summary').getBoundingClientRect().bottom")
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    assert 300 < bottom < A4_CONTENT_HEIGHT_PX, f"the summary runs past the first page ({bottom:.0f}px)"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes), boxes[:2]
    assert len(boxes) >= 2, "the detail starts on a new page after the summary"
