"""A PDF page or an image as the reader saw it: rulings, text boxes, table cells and paragraphs over it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from govinfo_report.document import Document, Format, Paragraph, TableGrid
from govinfo_report.errors import SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers import detect_format, read_document
from govinfo_report.readers.pdf._layout import Char
from govinfo_report.readers.pdf._read import extract_pages
from govinfo_report.readers.pdf._tables import Rulings
from govinfo_report.review._png import PageImage, image_pages, render_pages

__all__ = ["debug_page"]

_CELL: Final = (220, 38, 38)
_SPANNED: Final = (251, 146, 60)
_PARAGRAPH: Final = (37, 99, 235)
_RULING: Final = (22, 163, 74)
_TEXT: Final = (156, 163, 175)


def debug_page(data: bytes, page: int, /, *, dpi: float = 100.0, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return a PNG of page ``page`` (1-based) of the PDF or image ``data`` with what the reader found on it.

    The ruling segments the table finder used are drawn in green and every
    character's box in grey; the table cells it built are outlined in red
    (positions a merged cell covers in orange) and paragraphs in blue, at the
    boxes the assembly stage and the review page use.  An image file's page
    (a frame) is shown as it was read by OCR: levelled, at the size its boxes
    use.  Needs Pillow (the ``imaging`` extra; an image also needs the
    ``ocr`` extra).

    Raises:
        ImportError: Pillow (or, for an image, the ``ocr`` extra) is not installed.
        ValueError: ``data`` is neither a PDF nor an image, or has no page ``page``.
        ParseError: The input cannot be read.
    """
    from PIL import Image, ImageDraw  # noqa: PLC0415 - the imaging extra, loaded on use

    if detect_format(data, limits=limits) is Format.IMAGE:
        document, chars, rulings, images = _image_page(data, page, dpi, limits)
    else:
        document, chars, rulings, images = _pdf_page(data, page, dpi, limits)
    image = images[0]
    picture = Image.open(io.BytesIO(image.png)).convert("RGB")
    draw = ImageDraw.Draw(picture)

    def box(bbox: tuple[float, float, float, float], colour: tuple[int, int, int], width: int = 2) -> None:
        x0, y0, x1, y1 = bbox
        top, bottom = (image.page_height - y1) * image.scale, (image.page_height - y0) * image.scale
        draw.rectangle((x0 * image.scale, top, x1 * image.scale, bottom), outline=colour, width=width)

    for char in chars:
        box((char.x0, char.y0, char.x1, char.y1), _TEXT, width=1)
    for y, x0, x1 in rulings.horizontal:
        box((x0, y, x1, y), _RULING)
    for x, y0, y1 in rulings.vertical:
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


_Seen = tuple[Document, Sequence[Char], Rulings, list[PageImage]]
"""The document, the characters and rulings of the page, and the page's image."""


def _pdf_page(data: bytes, page: int, dpi: float, limits: Limits) -> _Seen:
    document = read_document(data, limits=limits)
    if document.format is not Format.PDF:
        raise ValueError(f"debug_page draws PDF pages and images; this input is {document.format.value}")
    images = render_pages(data, {page}, dpi=dpi)
    if not images:
        raise ValueError(f"the PDF has no page {page}")
    _, extraction = extract_pages(data, limits=limits)
    content = next(page_content for page_content in extraction.pages if page_content.number == page)
    return document, content.chars, content.rulings, images


def _image_page(data: bytes, page: int, dpi: float, limits: Limits) -> _Seen:
    """Read an image by OCR once: the document, and what was found on its page ``page``."""
    from govinfo_report.readers.image import require_ocr  # noqa: PLC0415 - the ocr extra, loaded on use

    require_ocr("the input is an image", SourceLocation())
    from govinfo_report.readers.image._document import ocr_document  # noqa: PLC0415
    from govinfo_report.readers.image._reader import read_frames  # noqa: PLC0415

    pages = read_frames(data, source=None, limits=limits)
    if not 1 <= page <= len(pages):
        raise ValueError(f"the image has no page {page}")
    document = ocr_document(pages, format=Format.IMAGE, source=None, limits=limits)
    images = image_pages(data, document.pages, {page}, dpi=dpi, limits=limits)
    return document, pages[page - 1].chars, pages[page - 1].rulings, images
