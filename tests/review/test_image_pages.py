"""Review and debug pages of image inputs: the frame as it was read, the cell boxes drawn over it.

Marked ``ocr``: the image is read by OCR (the ``ocr`` extra).
"""

from __future__ import annotations

import base64
import io
import re

import html5lib
import pytest

pytest.importorskip("rapidocr", reason='needs the ocr extra: pip install "govinfo-report[ocr]"')

from PIL import Image
from tests.readers.imagegen import cjk_font, consistent_requests, draw_requests, noisy, seeded

from govinfo_report import parse_bytes
from govinfo_report.model import TemplateVersion
from govinfo_report.review import debug_page, review_html

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(cjk_font() is None, reason="no CJK font on this system"),
]


@pytest.fixture(scope="module")
def turned() -> bytes:
    """A JPEG of an application table, turned by 1.2 degrees."""
    rng = seeded(4)
    return noisy(
        draw_requests(consistent_requests(rng, TemplateVersion.V2021), TemplateVersion.V2021), rng, angle=-1.2
    )


def test_an_image_records_its_page_geometry(turned: bytes) -> None:
    """The provenance gives the page's size in the boxes' points, in the image's proportions, and its tilt."""
    report = parse_bytes(turned, source="table.jpg")
    assert report.provenance is not None
    [page] = report.provenance.pages
    width, height = Image.open(io.BytesIO(turned)).size
    assert page.number == 1
    assert page.width / page.height == pytest.approx(width / height, rel=1e-3)
    assert page.angle == pytest.approx(1.2, abs=0.3)
    for cell in report.cells():
        if cell.location is not None and cell.location.bbox is not None:
            x0, y0, x1, y1 = cell.location.bbox
            assert 0 <= x0 < x1 <= page.width
            assert 0 <= y0 < y1 <= page.height


def test_the_review_page_shows_the_image_with_its_cells(turned: bytes) -> None:
    """The review page of an image shows its frame with one box per located cell, the boxes on the picture."""
    report = parse_bytes(turned, source="table.jpg")
    page = review_html(report, data=turned)
    html5lib.HTMLParser(strict=True).parse(page)
    assert page.count("<figure") == 1
    [encoded] = re.findall(r'<img alt="[^"]*" src="data:image/png;base64,([^"]+)"', page)
    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    [(width, height)] = [(int(w), int(h)) for w, h in re.findall(r'<svg viewBox="0 0 (\d+) (\d+)"', page)]
    assert picture.size == (width, height)
    located = [
        cell for cell in report.cells() if cell.location is not None and cell.location.bbox is not None
    ]
    rects = re.findall(
        r'<rect class="st-\w+" data-key="[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', page
    )
    assert len(rects) == len(located) > 100
    for x, y, w in rects:
        assert 0 <= float(x) < float(x) + float(w) <= width + 1
        assert 0 <= float(y) <= height
    assert len(page.encode()) < 3 * 1024 * 1024


def test_the_review_page_without_the_image_has_no_picture(turned: bytes) -> None:
    """Without the input's bytes there is nothing to draw on."""
    assert "<figure" not in review_html(parse_bytes(turned, source="table.jpg"))


def test_debug_page_draws_an_image_as_it_was_read(turned: bytes) -> None:
    """The debug picture of an image shows the levelled frame with its cells, rulings and text boxes."""
    png = debug_page(turned, 1)
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    raw = picture.tobytes()
    pixels = [raw[at : at + 3] for at in range(0, len(raw), 3)]
    for colour in ((220, 38, 38), (22, 163, 74), (156, 163, 175)):  # cells, rulings, text boxes
        assert pixels.count(bytes(colour)) > 500, colour
    with pytest.raises(ValueError, match="no page 2"):
        debug_page(turned, 2)
