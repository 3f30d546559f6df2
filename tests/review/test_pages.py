"""Review pages and dashboards: valid, escaped, self-contained HTML (no browser needed)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import attrs
import html5lib
import pytest

from govinfo_report import parse_path, validate
from govinfo_report.batch import parse_many
from govinfo_report.model import Cell, Report
from govinfo_report.review import dashboard_html, review_html, review_path, write_dashboard

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
PDF = CORPUS / "huaian-hongze-district-gov-2023.pdf"
TEXT = CORPUS / "seed-000-linan-health-2020.txt"
HOSTILE = '<script>window.hacked = 1</script><img src="x" onerror="window.hacked = 2">"\'&'


def _parse_strictly(page: str) -> None:
    """Parse ``page`` with the HTML5 algorithm, failing on any parse error."""
    html5lib.HTMLParser(strict=True).parse(page)


def hostile_report(report: Report) -> Report:
    """``report`` with markup in its title, agency, a row label and a cell's raw text."""
    requests = report.requests
    first = requests.rows[0]
    cell: Cell = attrs.evolve(first.cells[0], raw=HOSTILE)
    row = attrs.evolve(first, label=HOSTILE, cells=(cell, *first.cells[1:]))
    return attrs.evolve(
        report,
        title=HOSTILE,
        agency=HOSTILE,
        requests=attrs.evolve(requests, rows=(row, *requests.rows[1:])),
    )


@pytest.mark.parametrize("path", [PDF, TEXT], ids=["pdf", "text"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_pages_are_valid_html(path: Path, lang: str) -> None:
    """The page of a PDF and of a text report parses as HTML5 without a single error."""
    _parse_strictly(review_path(path, lang=lang))  # type: ignore[arg-type]


def test_a_review_page_shows_every_cell_with_its_state_and_every_finding() -> None:
    """Each template cell appears with its key and state class; each finding with its rule and cells."""
    report = parse_path(PDF)
    findings = validate(report)
    page = review_html(report, findings, data=PDF.read_bytes())
    for cell in report.cells():
        assert f'class="st-{cell.state.value}' in page
        assert f'data-key="{cell.key}"' in page
    for finding in findings:
        assert finding.rule_id in page
        assert f'data-cells="{" ".join(finding.cells)}"' in page
    assert page.count("<figure") >= 2  # the pages with tables, with their cell boxes
    assert page.count("<rect") == sum(1 for cell in report.cells() if cell.location and cell.location.bbox)


def test_a_six_page_pdf_review_stays_small() -> None:
    """Page images are grey PNG at 100 dpi: the whole page stays under 3 MB."""
    page = review_path(PDF)
    assert len(page.encode()) < 3 * 1024 * 1024


def test_nothing_from_the_report_can_inject_markup() -> None:
    """Markup in a title, an agency, a label or a cell is shown as text, never as elements."""
    report = hostile_report(parse_path(TEXT))
    page = review_html(report)
    _parse_strictly(page)
    assert "<script>window.hacked" not in page
    assert '<img src="x"' not in page
    assert len(re.findall(r"<script>", page)) == 1  # the page's own
    assert "&lt;script&gt;window.hacked" in page


def test_the_page_needs_no_network() -> None:
    """No address outside the page: no http(s) URL in src or href, and a policy that forbids them."""
    page = review_path(PDF)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in page


def test_the_dashboard_lists_every_outcome_and_links_review_pages(tmp_path: Path) -> None:
    """One row per input, a failed one included; each parsed report gets a review page it links to."""
    broken = tmp_path / "broken.txt"
    broken.write_text("不是年度报告", encoding="utf-8")
    outcomes = list(parse_many([TEXT, PDF, broken], workers=1))
    index = write_dashboard(outcomes, tmp_path / "site")
    page = index.read_text(encoding="utf-8")
    _parse_strictly(page)
    assert page.count("<tr>") >= len(outcomes)
    links = re.findall(r'href="(reports/\d+\.html)"', page)
    assert len(links) == 2
    for link in links:
        _parse_strictly((tmp_path / "site" / link).read_text(encoding="utf-8"))
    assert "StructureError" in page


def test_the_dashboard_escapes_what_reports_say() -> None:
    """A hostile agency name in a batch is text in the dashboard."""
    report = hostile_report(parse_path(TEXT))
    [outcome] = parse_many([TEXT], workers=1)
    page = dashboard_html([attrs.evolve(outcome, report=report)])
    _parse_strictly(page)
    assert "<script>window.hacked" not in page


def test_debug_page_draws_the_cells_the_reader_found() -> None:
    """The debug image of a table page shows the cells, ruling lines and text boxes the reader found."""
    image_module = pytest.importorskip("PIL.Image", reason="needs Pillow (the imaging extra)")
    from govinfo_report.review import debug_page

    png = debug_page(PDF.read_bytes(), 4)
    picture = image_module.open(io.BytesIO(png)).convert("RGB")
    assert picture.size == (827, 1170)
    raw = picture.tobytes()
    pixels = [raw[at : at + 3] for at in range(0, len(raw), 3)]
    for colour in ((220, 38, 38), (22, 163, 74), (156, 163, 175)):  # cells, rulings, text boxes
        assert pixels.count(bytes(colour)) > 500, colour
    with pytest.raises(ValueError, match="no page 99"):
        debug_page(PDF.read_bytes(), 99)
    with pytest.raises(ValueError, match="PDF pages"):
        debug_page(TEXT.read_bytes(), 1)
