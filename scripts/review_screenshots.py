"""Write the screenshots of the review pages and the dashboard shown in the documentation.

Usage (needs Chromium at /usr/bin/chromium, Playwright and a CJK font)::

    PYTHONPATH=src python scripts/review_screenshots.py

Writes ``docs/_static/review-pdf.png``, ``docs/_static/review-text.png`` and
``docs/_static/dashboard.png`` from reports of ``tests/data/corpus``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from govinfo_report import parse_path
from govinfo_report.batch import iter_sources, parse_many
from govinfo_report.review import review_html, write_dashboard

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
STATIC = ROOT / "docs" / "_static"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    """Write the three screenshots."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        folder = Path(tmp)
        pdf = CORPUS / "huaian-hongze-district-gov-2023.pdf"
        text = CORPUS / "seed-000-linan-health-2020.txt"
        pages = {
            "review-pdf": (
                review_html(parse_path(pdf), data=pdf.read_bytes()),
                'td[data-key="appeals.review.total"]',
            ),
            "review-text": (review_html(parse_path(text), data=text.read_bytes()), "ul.findings li"),
        }
        for name, (html, target) in pages.items():
            path = folder / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(path.as_uri())
            page.locator(target).first.click()
            page.locator(".hl").first.scroll_into_view_if_needed()
            page.screenshot(path=STATIC / f"{name}.png")
        index = write_dashboard(list(parse_many(list(iter_sources([CORPUS])), workers=1)), folder / "site")
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        page.goto(index.as_uri())
        page.screenshot(path=STATIC / "dashboard.png")
        browser.close()


if __name__ == "__main__":
    main()
