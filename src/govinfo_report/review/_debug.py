"""A PDF page as the reader saw it: rulings, text boxes, table cells and paragraphs drawn over its image."""

from __future__ import annotations

import io
from typing import Final

from govinfo_report.document import Format, Paragraph, TableGrid
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers import read_document
from govinfo_report.readers.pdf._read import extract_pages
from govinfo_report.review._png import render_pages

__all__ = ["debug_page"]

_CELL: Final = (220, 38, 38)
_SPANNED: Final = (251, 146, 60)
_PARAGRAPH: Final = (37, 99, 235)
_RULING: Final = (22, 163, 74)
_TEXT: Final = (156, 163, 175)


def debug_page(data: bytes, page: int, /, *, dpi: float = 100.0, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return a PNG of page ``page`` (1-based) of the PDF ``data`` with what the reader found on it.

    The ruling segments the table finder used are drawn in green and every
    character's box in grey; the table cells it built are outlined in red
    (positions a merged cell covers in orange) and paragraphs in blue, at the
    boxes the assembly stage and the review page use.  Needs Pillow (the
    ``imaging`` extra).

    Raises:
        ImportError: Pillow is not installed.
        ValueError: ``data`` is not a PDF, or has no page ``page``.
        ParseError: The PDF cannot be read.
    """
    from PIL import Image, ImageDraw  # noqa: PLC0415 - the imaging extra, loaded on use

    document = read_document(data, limits=limits)
    if document.format is not Format.PDF:
        raise ValueError(f"debug_page draws PDF pages; this input is {document.format.value}")
    images = render_pages(data, {page}, dpi=dpi)
    if not images:
        raise ValueError(f"the PDF has no page {page}")
    image = images[0]
    picture = Image.open(io.BytesIO(image.png)).convert("RGB")
    draw = ImageDraw.Draw(picture)

    def box(bbox: tuple[float, float, float, float], colour: tuple[int, int, int], width: int = 2) -> None:
        x0, y0, x1, y1 = bbox
        top, bottom = (image.page_height - y1) * image.scale, (image.page_height - y0) * image.scale
        draw.rectangle((x0 * image.scale, top, x1 * image.scale, bottom), outline=colour, width=width)

    _, extraction = extract_pages(data, limits=limits)
    content = next(page_content for page_content in extraction.pages if page_content.number == page)
    for char in content.chars:
        box((char.x0, char.y0, char.x1, char.y1), _TEXT, width=1)
    for y, x0, x1 in content.rulings.horizontal:
        box((x0, y, x1, y), _RULING)
    for x, y0, y1 in content.rulings.vertical:
        box((x, y0, x, y1), _RULING)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.location.page == page and block.location.bbox is not None:
                box(block.location.bbox, _PARAGRAPH)
        elif isinstance(block, TableGrid):
            for row in block.rows:
                for cell in row:
                    location = cell.location
                    if location.page == page and location.bbox is not None:
                        box(location.bbox, _SPANNED if cell.spanned else _CELL)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
