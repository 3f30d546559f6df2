"""The OCR reader on generated table images, image files of every kind, and scanned PDFs.

Marked ``ocr``: outside the default run, skipped without the ``ocr`` extra or a CJK font.
Run with ``pytest -m ocr`` after ``pip install -e ".[ocr]"``.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rapidocr", reason='needs the ocr extra: pip install "govinfo-report[ocr]"')
pytest.importorskip("onnxruntime", reason='needs the ocr extra: pip install "govinfo-report[ocr]"')

from PIL import Image
from tests.docxgen import DOCX_PICTURE, build_docx, document_xml, docx_paragraph, docx_picture_members
from tests.readers.imagegen import cjk_font, consistent_requests, draw_requests, noisy, seeded
from tests.readers.pdfgen import PageBuilder, build_pdf

from govinfo_report import Format, Report, parse_bytes
from govinfo_report.batch import parse_many
from govinfo_report.errors import ExtractionError, LimitExceededError, StructureError
from govinfo_report.limits import Limits
from govinfo_report.model import CellState, TemplateVersion
from govinfo_report.readers import PDF_BACKENDS, PdfBackend, detect_format
from govinfo_report.readers.html import read_html

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(
        cjk_font() is None, reason="no CJK font on this system (e.g. apt-get install fonts-wqy-microhei)"
    ),
]


def _check(report: Report, values: dict[str, int]) -> int:
    """Assert no cell holds a wrong value; return how many hold the right one."""
    right = 0
    for key, want in values.items():
        cell = report.cell(key)
        assert cell is not None, key
        if cell.state in (CellState.VALUE, CellState.INFERRED):
            assert cell.value == want, (key, cell)
            right += 1
        else:
            assert cell.state in (CellState.UNRESOLVED, CellState.MISSING), (key, cell)
    return right


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("seed", "angle"),
    [(1, 0.0), (2, 0.0), (3, 0.8), (4, -1.2), (5, 0.4)],
)
def test_generated_tables_are_never_read_wrong(seed: int, angle: float) -> None:
    """Random consistent application tables, some turned and noisy: no value is wrong, nearly all are read."""
    rng = seeded(seed)
    values = consistent_requests(rng, TemplateVersion.V2021)
    picture = draw_requests(values, TemplateVersion.V2021)
    data = _png(picture) if angle == 0 else noisy(picture, rng, angle=angle)
    report = parse_bytes(data, source=f"table-{seed}.png")
    assert report.template is TemplateVersion.V2021
    right = _check(report, values)
    assert right >= 0.95 * len(values), f"{right} of {len(values)} read"


def test_multi_page_tiff_reads_every_page() -> None:
    """A TIFF of two pages yields the tables of both, each cell located on its page."""
    rng = seeded(7)
    values = consistent_requests(rng, TemplateVersion.V2021)
    picture = draw_requests(values, TemplateVersion.V2021)
    blank = Image.new("L", picture.size, 255)
    out = io.BytesIO()
    blank.save(out, format="TIFF", save_all=True, append_images=[picture])
    assert detect_format(out.getvalue()) is Format.IMAGE
    report = parse_bytes(out.getvalue(), source="two.tiff")
    assert _check(report, values) >= 0.95 * len(values)
    cell = report.cell("requests.new_received.total")
    assert cell is not None
    assert cell.location is not None
    assert cell.location.page == 2


@pytest.mark.parametrize("kind", ["JPEG", "BMP", "WEBP"])
def test_other_image_formats(kind: str) -> None:
    """JPEG, BMP and WebP files are detected and read like PNG."""
    rng = seeded(11)
    values = consistent_requests(rng, TemplateVersion.V2021)
    out = io.BytesIO()
    draw_requests(values, TemplateVersion.V2021).save(out, format=kind, quality=90)
    assert detect_format(out.getvalue()) is Format.IMAGE
    report = parse_bytes(out.getvalue(), source=f"t.{kind.lower()}")
    assert _check(report, values) >= 0.95 * len(values)


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_image_only_pdf_is_read_by_ocr(backend: PdfBackend) -> None:
    """A PDF whose page is a picture of the table (no text layer) is rendered and read (either backend)."""
    rng = seeded(13)
    values = consistent_requests(rng, TemplateVersion.V2021)
    out = io.BytesIO()
    draw_requests(values, TemplateVersion.V2021).convert("RGB").save(out, format="PDF", resolution=150)
    report = parse_bytes(out.getvalue(), source="scan.pdf", pdf_backend=backend)
    assert report.provenance is not None
    assert report.provenance.format is Format.PDF
    assert {"rapidocr", "pypdfium2"} <= set(dict(report.provenance.backends))
    assert _check(report, values) >= 0.95 * len(values)
    cell = report.cell("requests.total_processed.total")
    assert cell is not None
    assert cell.location is not None
    assert cell.location.bbox is not None


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_picture_of_a_table_among_text_pages_is_read(backend: PdfBackend) -> None:
    """A PDF with a text page and a page that is a picture of the table: both are read (either backend)."""
    rng = seeded(17)
    values = consistent_requests(rng, TemplateVersion.V2021)
    picture = draw_requests(values, TemplateVersion.V2021)
    text = PageBuilder()
    text.text(72, 760, "某县人民政府2023年政府信息公开工作年度报告")
    text.text(72, 730, "三、收到和处理政府信息公开申请情况")
    scan = PageBuilder()
    width = 560
    height = width * picture.height / picture.width
    scan.image(18, 800 - height, width, height)
    data = build_pdf([text, scan], picture=(picture.width, picture.height, picture.tobytes()))
    report = parse_bytes(data, source="mixed.pdf", pdf_backend=backend)
    assert report.year == 2023
    assert _check(report, values) >= 0.95 * len(values)
    assert report.provenance is not None
    assert "rapidocr" in dict(report.provenance.backends)


def test_picture_of_a_table_in_a_docx_is_read() -> None:
    """A DOCX whose application table is a pasted picture yields the table where the picture stands."""
    values = consistent_requests(seeded(23), TemplateVersion.V2021)
    png = _png(draw_requests(values, TemplateVersion.V2021))
    body = docx_paragraph("某县人民政府2023年政府信息公开工作年度报告") + DOCX_PICTURE
    data = build_docx(document_xml(body), extra=docx_picture_members(png))
    report = parse_bytes(data, source="pictured.docx")
    assert report.year == 2023
    assert _check(report, values) >= 0.95 * len(values)
    cell = report.cell("requests.new_received.total")
    assert cell is not None
    assert cell.location is not None
    assert cell.location.xpath is not None


def test_page_time_is_bounded() -> None:
    """OCR of a page that overruns Limits.ocr_page_timeout stops with an error naming the bound and page."""
    picture = draw_requests(consistent_requests(seeded(19), TemplateVersion.V2021), TemplateVersion.V2021)
    with pytest.raises(LimitExceededError, match="ocr_page_timeout") as caught:
        parse_bytes(_png(picture), limits=Limits(ocr_page_timeout=0.01))
    assert caught.value.location is not None
    assert caught.value.location.page == 1


def test_frames_beyond_max_pages_are_refused() -> None:
    """A TIFF with more frames than Limits.max_pages is refused, naming the bound."""
    blank = Image.new("L", (200, 100), 255)
    out = io.BytesIO()
    blank.save(out, format="TIFF", save_all=True, append_images=[blank, blank])
    with pytest.raises(LimitExceededError, match="max_pages"):
        parse_bytes(out.getvalue(), limits=Limits(max_pages=2))


@pytest.mark.parametrize(
    "size",
    [(1, 1), (10000, 4), (3, 20000), (2000, 2000)],
    ids=["one-pixel", "thin", "tall", "black"],
)
def test_images_without_text_are_not_reports(size: tuple[int, int]) -> None:
    """Degenerate pictures (a pixel, a sliver, a black square) give StructureError, nothing else."""
    picture = Image.new("L", size, 0)
    with pytest.raises(StructureError):
        parse_bytes(_png(picture))


def test_truncated_image_is_an_extraction_error() -> None:
    """A PNG cut short fails as an ExtractionError, not a Pillow exception."""
    data = _png(Image.new("L", (400, 300), 255))
    with pytest.raises(ExtractionError, match="image"):
        parse_bytes(data[: len(data) // 2])


def test_oversized_image_is_refused_before_decoding() -> None:
    """An image whose declared size exceeds Limits.max_image_pixels is refused, naming the bound."""
    out = io.BytesIO()
    Image.new("L", (2000, 2000), 255).save(out, format="PNG")
    with pytest.raises(LimitExceededError, match="max_image_pixels"):
        parse_bytes(out.getvalue(), limits=Limits(max_image_pixels=1_000_000))


def _slow_pages(monkeypatch: pytest.MonkeyPatch, seconds: float) -> bytes:
    """A TIFF of four blank pages, whose OCR is made to take ``seconds`` a page."""
    from govinfo_report.readers.image import _reader

    real = _reader.read_page  # type: ignore[attr-defined]

    def slow(image: Any, scale: float | None) -> Any:
        time.sleep(seconds)
        return real(image, scale)

    monkeypatch.setattr(_reader, "read_page", slow)
    blank = Image.new("L", (300, 200), 255)
    out = io.BytesIO()
    blank.save(out, format="TIFF", save_all=True, append_images=[blank] * 3)
    return out.getvalue()


@pytest.mark.parametrize("workers", [None, 1, 2])
def test_each_page_read_by_ocr_gets_its_time_budget(
    monkeypatch: pytest.MonkeyPatch, workers: int | None
) -> None:
    """Four slow OCR pages outlast Limits.timeout, yet are all read: each page adds Limits.ocr_page_budget."""
    data = _slow_pages(monkeypatch, 0.4)  # 1.6 s of pages; 0.5 + 4 s allowed
    limits = Limits(timeout=0.5, ocr_page_budget=1.0)
    if workers is None:
        with pytest.raises(StructureError):  # read to the end: blank pages hold no report
            parse_bytes(data, limits=limits)
        return
    [outcome] = parse_many([("scan.tiff", data)], workers=workers, validate=False, limits=limits)
    assert outcome.error is not None
    assert outcome.error.type == "StructureError"


def test_a_small_page_budget_still_stops_a_long_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a page budget too small for the pages, the scan stops, the error naming both bounds."""
    data = _slow_pages(monkeypatch, 0.4)
    with pytest.raises(LimitExceededError, match=r"Limits\.timeout.*Limits\.ocr_page_budget"):
        parse_bytes(data, limits=Limits(timeout=0.5, ocr_page_budget=0.1))


def test_a_broken_picture_in_a_saved_page_is_listed_not_fatal(tmp_path: Path) -> None:
    """A truncated or oversized picture beside a page is listed as unread with why; the page is still read."""
    rng = seeded(3)
    noise = Image.frombytes("L", (300, 300), rng.randbytes(300 * 300))
    data = _png(noise)
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    (tmp_path / "big.png").write_bytes(_png(Image.new("L", (2000, 2000), 255)))
    page = (
        "<html><body><table><tr><td>甲</td><td>1</td></tr></table>"
        '<img src="cut.png"><img src="big.png"></body></html>'
    ).encode()
    document = read_html(page, folder=tmp_path, limits=Limits(max_image_pixels=1_000_000))
    reasons = {unread.what: unread.reason for unread in document.unread}
    assert set(reasons) == {"cut.png", "big.png"}
    assert "cannot be" in reasons["cut.png"]
    assert "Limits.max_image_pixels" in reasons["big.png"]
