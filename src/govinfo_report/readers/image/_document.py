"""OCR pages into a :class:`~govinfo_report.document.Document`, laid out as the PDF reader lays out pages.

The recognised characters and ruling lines of each page go through the PDF
reader's own table finding, line grouping, paragraph splitting and joining
of tables across pages, so a scan yields the blocks its text-layer PDF
would.  Each table cell then gets its confidence and, for a number read with
doubt, its candidate readings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from govinfo_report.document import Block, Document, Format, GridCell, PageGeometry, TableGrid
from govinfo_report.limits import Limits
from govinfo_report.readers.image._page import OcrPage
from govinfo_report.readers.image._readings import Glyph, cell_readings
from govinfo_report.readers.pdf._assemble import assemble_pages
from govinfo_report.readers.pdf._content import PageContent
from govinfo_report.readers.pdf._layout import Char, group_lines

__all__ = ["annotate_blocks", "ocr_document"]


class _PageGlyphs:
    """The characters of one page with their glyphs, looked up by box."""

    __slots__ = ("chars", "glyph_of")

    def __init__(self, page: OcrPage) -> None:
        self.chars = page.chars
        self.glyph_of = {id(char): glyph for char, glyph in zip(page.chars, page.glyphs, strict=True)}

    def inside(self, box: tuple[float, float, float, float]) -> list[Glyph]:
        """The glyphs whose characters' centres lie in ``box``, in reading order."""
        x0, y0, x1, y1 = box
        chars: list[Char] = [
            char
            for char in self.chars
            if x0 <= (char.x0 + char.x1) / 2 <= x1 and y0 <= (char.y0 + char.y1) / 2 <= y1
        ]
        return [self.glyph_of[id(char)] for line in group_lines(chars) for char in line.chars]


def _cell(cell: GridCell, pages: Mapping[int, _PageGlyphs]) -> GridCell:
    location = cell.location
    lookup = pages.get(location.page) if location.page is not None else None
    if location.bbox is None or lookup is None:
        return cell
    glyphs = lookup.inside(location.bbox)
    if not glyphs:
        return cell
    confidence = round(min(glyph.probability for glyph in glyphs), 3)
    readings = cell_readings(glyphs)
    if readings:
        return attrs.evolve(cell, text=readings[0], confidence=confidence, candidates=readings)
    return attrs.evolve(cell, confidence=confidence)


def _annotated(block: Block, pages: Mapping[int, _PageGlyphs]) -> Block:
    if not isinstance(block, TableGrid):
        return block
    rows = tuple(tuple(_cell(cell, pages) for cell in row) for row in block.rows)
    return attrs.evolve(block, rows=rows)


def annotate_blocks(blocks: Sequence[Block], pages: Mapping[int, OcrPage]) -> tuple[Block, ...]:
    """Give the table cells on the recognised ``pages`` (by page number) their confidence and readings."""
    lookups = {number: _PageGlyphs(page) for number, page in pages.items()}
    return tuple(_annotated(block, lookups) for block in blocks)


def ocr_document(
    pages: Sequence[OcrPage], *, format: Format, source: str | None, limits: Limits, title: str | None = None
) -> Document:
    """Lay out recognised pages as a document.

    Raises:
        LimitExceededError: A table has more cells than ``limits.max_table_cells``.
    """
    contents = [
        PageContent(
            number=number, box=page.box, chars=page.chars, rulings=page.rulings, images=[], unmapped=0
        )
        for number, page in enumerate(pages, start=1)
    ]
    blocks = assemble_pages(contents, source, limits)
    return Document(
        blocks=annotate_blocks(blocks, dict(enumerate(pages, start=1))),
        format=format,
        source=source,
        title=title,
        recognised=True,
        pages=tuple(
            PageGeometry(
                number=number,
                width=round(page.box[2] - page.box[0], 3),
                height=round(page.box[3] - page.box[1], 3),
                angle=round(page.angle, 3),
            )
            for number, page in enumerate(pages, start=1)
        ),
    )
