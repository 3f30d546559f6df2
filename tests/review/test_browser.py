"""Review pages and dashboards in a real browser: values, clicks, console, network, small and large screens.

Needs Chromium from the system's packages (``/usr/bin/chromium``, installed by ``.ci/run``) driven by
Playwright; skipped with the reason where either is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.review.test_pages import PDF, TEXT, hostile_report

from govinfo_report import parse_path, validate
from govinfo_report.batch import parse_many
from govinfo_report.review import review_html, write_dashboard

sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)")

# Without the background-networking flags Chromium tries to reach its services at start-up.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium of the system."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from a file, with its console errors and the requests it made."""

    def __init__(self, browser: Any, path: Path, width: int) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on(
            "console", lambda message: self.errors.append(message.text) if message.type == "error" else None
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri())

    def outside(self) -> list[str]:
        """Requests to anything but the page itself and inline data."""
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]

    def overflows(self) -> bool:
        """Whether the page is wider than the screen (its tables scroll inside their boxes instead)."""
        return bool(self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


@pytest.fixture(scope="module")
def pdf_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The review page of the corpus PDF report with its findings."""
    report = parse_path(PDF)
    path = tmp_path_factory.mktemp("review") / "pdf.html"
    path.write_text(review_html(report, data=PDF.read_bytes()), encoding="utf-8")
    return path, report


@pytest.mark.parametrize("width", [375, 1280])
def test_the_tables_show_the_values_with_no_error_and_no_request(
    browser: Any, pdf_page: tuple[Path, Any], width: int
) -> None:
    """Every read cell shows its value; no console error, no network request, no sideways scrolling."""
    path, report = pdf_page
    visit = Visit(browser, path, width)
    for cell in report.cells():
        if cell.value is not None and cell.state.value == "value":
            shown = visit.page.locator(f'td[data-key="{cell.key}"]').inner_text()
            assert shown == str(cell.value), cell.key
    assert visit.errors == []
    assert visit.outside() == []
    assert not visit.overflows()
    visit.page.close()


def test_clicking_a_finding_highlights_its_cells(browser: Any, pdf_page: tuple[Path, Any]) -> None:
    """Selecting a finding marks exactly the table cells and page boxes of the cells it names."""
    path, report = pdf_page
    finding = next(finding for finding in validate(report) if finding.cells)
    visit = Visit(browser, path, 1280)
    visit.page.locator(f'ul.findings li[data-cells="{" ".join(finding.cells)}"]').first.click()
    marked = visit.page.eval_on_selector_all("td.hl", "cells => cells.map(cell => cell.dataset.key)")
    assert sorted(marked) == sorted(set(finding.cells))
    assert visit.page.locator("figure.page rect.hl").count() >= 1
    visit.page.close()


def test_clicking_a_cell_highlights_its_findings(browser: Any, pdf_page: tuple[Path, Any]) -> None:
    """Selecting a cell marks the findings that name it and shows its raw text and location."""
    path, report = pdf_page
    finding = next(finding for finding in validate(report) if finding.cells)
    key = finding.cells[0]
    visit = Visit(browser, path, 1280)
    visit.page.locator(f'td[data-key="{key}"]').click()
    assert visit.page.locator("ul.findings li.hl").count() >= 1
    assert key in visit.page.locator("#detail").inner_text()
    visit.page.close()


def test_a_hostile_report_runs_no_script_of_its_own(browser: Any, tmp_path: Path) -> None:
    """Markup in the report's texts neither runs nor adds elements."""
    path = tmp_path / "hostile.html"
    path.write_text(review_html(hostile_report(parse_path(TEXT))), encoding="utf-8")
    visit = Visit(browser, path, 1280)
    assert visit.page.evaluate("window.hacked") is None
    assert visit.page.locator("script").count() == 1
    assert visit.page.locator('img[src="x"]').count() == 0
    assert visit.errors == []
    visit.page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_dashboard_sorts_and_filters(browser: Any, tmp_path: Path, width: int) -> None:
    """Clicking a header sorts the rows; typing in the filter hides the others; links open review pages."""
    index = write_dashboard(list(parse_many([TEXT, PDF], workers=1)), tmp_path / "site")
    visit = Visit(browser, index, width)
    rows = visit.page.locator("#reports tbody tr")
    assert rows.count() == 2
    visit.page.locator("#reports th").nth(2).click()  # the year, ascending
    years = [rows.nth(index).locator("td").nth(2).inner_text() for index in range(2)]
    assert years == sorted(years)
    visit.page.fill("#filter", "洪泽")
    assert visit.page.locator("#reports tbody tr:not([hidden])").count() == 1
    assert visit.errors == []
    assert visit.outside() == []
    assert not visit.overflows()
    visit.page.close()
