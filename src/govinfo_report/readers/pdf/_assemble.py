"""Extracted pages into paragraphs and table grids: the backend-neutral half of the PDF reader.

* Tables are rebuilt from their ruling lines; merged cells become spanned
  copies, vertical labels one cell.  Text aligned in columns without rulings
  is read as a table too.
* A table continued on the next page is joined into one grid, dropping a
  repeated header and rejoining a merged label the page break cut.
* Running headers, footers and page numbers are removed; the remaining text
  comes out as paragraphs in reading order (one column assumed).
* Pages without a text layer (a scan) and pictures of text among the text (a
  table pasted as an image) are read by OCR when the ``ocr`` extra is installed
  (:mod:`govinfo_report.readers.image`); the images are found in the extracted
  pages, so this works with either backend.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import attrs

from govinfo_report.document import Block, Document, Format, GridCell, Paragraph, TableGrid
from govinfo_report.errors import ExtractionError, LimitExceededError, SourceLocation
from govinfo_report.limits import Limits
from govinfo_report.readers.pdf._content import Box, Extraction, PageContent, location
from govinfo_report.readers.pdf._layout import (
    Line,
    ends_paragraph,
    find_furniture,
    group_lines,
    join_lines,
    page_margins,
    remove_cjk_spaces,
    split_paragraphs,
    starts_paragraph,
)
from govinfo_report.readers.pdf._layout import Paragraph as _Para
from govinfo_report.readers.pdf._tables import (
    CellLimitError,
    Region,
    Rulings,
    TablePart,
    compatible,
    find_aligned_tables,
    find_ruled_tables,
    join_parts,
    layout_grid,
)

__all__ = ["assemble_pages", "build_document", "text_pictures"]

logger = logging.getLogger(__name__)

# A page fails when at least this many glyphs, and this share of its glyphs, have no Unicode.
_UNMAPPED_MIN = 5
_UNMAPPED_SHARE = 0.05


class _Page:
    """What one page yields before document-level joining."""

    __slots__ = ("box", "lines", "number", "parts")

    def __init__(
        self, number: int, box: tuple[float, float, float, float], parts: list[TablePart], lines: list[Line]
    ) -> None:
        self.number = number
        self.box = box
        self.parts = parts
        self.lines = lines


def _page(content: PageContent, source: str | None, limits: Limits) -> _Page:
    """The page's ruled tables and the lines of text outside them."""
    number = content.number
    shown = sum(1 for char in content.chars if not char.text.isspace())
    if content.unmapped >= _UNMAPPED_MIN and content.unmapped >= _UNMAPPED_SHARE * max(shown, 1):
        raise ExtractionError(
            f"{content.unmapped} of {shown} characters on page {number} use fonts without a "
            "Unicode map ((cid:N) glyphs), so the text cannot be read; OCR is needed",
            location=location(source, number),
        )
    try:
        parts, rest = find_ruled_tables(content.chars, content.rulings, number, limits.max_table_cells)
    except CellLimitError as exc:
        raise LimitExceededError(
            f"a table on page {number} has {exc.cells} cells, more than the "
            f"{limits.max_table_cells} allowed (Limits.max_table_cells)",
            location=location(source, number),
        ) from exc
    return _Page(number, content.box, parts, group_lines(rest))


def _visible(contents: Sequence[PageContent]) -> bool:
    """Whether any page shows a character that is not a space: the document has a text layer."""
    return any(not char.text.isspace() for content in contents for char in content.chars)


# An image covering at least this share of its page, with fewer than this many characters of
# the text layer over it, is a picture of text (a pasted table, a scanned page among others).
_PICTURE_SHARE = 0.1
_PICTURE_CHARS = 10


def text_pictures(content: PageContent) -> list[Box]:
    """The images of a page that are pictures of text, to be read by OCR."""
    page = content.box
    area = (page[2] - page[0]) * (page[3] - page[1])
    found = []
    for x0, y0, x1, y1 in content.images:
        if (x1 - x0) * (y1 - y0) < _PICTURE_SHARE * area:
            continue
        over = sum(
            1
            for char in content.chars
            if x0 <= (char.x0 + char.x1) / 2 <= x1 and y0 <= (char.y0 + char.y1) / 2 <= y1
        )
        if over < _PICTURE_CHARS:
            found.append((x0, y0, x1, y1))
    return found


_Item = TablePart | _Para


def _page_items(page: _Page, left: float, right: float) -> list[_Item]:
    """The page's tables and paragraphs in reading order."""
    aligned, lines = find_aligned_tables(page.lines, page.number)
    tables = sorted(page.parts + aligned, key=lambda part: -part.top)
    items: list[_Item] = []
    pending: list[Line] = []

    def flush() -> None:
        items.extend(split_paragraphs(pending, page.number, left, right))
        pending.clear()

    table_index = 0
    for line in lines:
        while table_index < len(tables) and tables[table_index].top >= line.y1:
            flush()
            items.append(tables[table_index])
            table_index += 1
        pending.append(line)
    flush()
    items.extend(tables[table_index:])
    return items


def _continues(upper: _Para, lower: _Para, left: float, right: float) -> bool:
    """Whether a paragraph at the top of a page goes on from the one at the foot of the last."""
    last, first = upper.lines[-1], lower.lines[0]
    return (
        not ends_paragraph(last, right)
        and not starts_paragraph(first, left)
        and abs(last.size - first.size) <= 0.2 * max(last.size, first.size)
    )


# Only content ending in this share of the page's height at its foot can go on at the next
# page's head (and must start in the same share at the top there).
_BREAK_BAND = 0.2


def _goes_on(upper: _Item, lower: _Item, pages: list[_Page], left: float, right: float) -> bool:
    """Whether ``lower``, first on its page, continues ``upper``, last on the page before."""
    upper_box, lower_box = pages[upper.page - 1].box, pages[lower.page - 1].box
    upper_bottom = upper.bottom if isinstance(upper, TablePart) else upper.lines[-1].y0
    if upper_bottom - upper_box[1] > _BREAK_BAND * (upper_box[3] - upper_box[1]):
        return False
    if lower_box[3] - lower.top > _BREAK_BAND * (lower_box[3] - lower_box[1]):
        return False
    if isinstance(upper, TablePart) and isinstance(lower, TablePart):
        return compatible(upper, lower)
    if isinstance(upper, _Para) and isinstance(lower, _Para):
        return _continues(upper, lower, left, right)
    return False


def _grid(parts: list[TablePart], index: int, source: str | None, limits: Limits) -> TableGrid:
    regions = join_parts(parts)
    first = parts[0]
    try:
        layout = layout_grid(regions, limits.max_table_cells)
    except CellLimitError as exc:
        raise LimitExceededError(
            f"a table starting on page {first.page} has {exc.cells} cells, more than the "
            f"{limits.max_table_cells} allowed (Limits.max_table_cells)",
            location=location(source, first.page),
        ) from exc
    rows: list[tuple[GridCell, ...]] = []
    extents = _extents(layout)
    for positions in layout:
        while positions and positions[-1] is None:
            positions.pop()
        if not positions:
            continue
        row = len(rows)
        cells: list[GridCell] = []
        for col, position in enumerate(positions):
            region: Region | None = position[0] if position else None
            own = region is not None and position is not None and not position[1]
            row_span, col_span = extents[id(region)] if own else (1, 1)
            cells.append(
                GridCell(
                    text=region.text if region else "",
                    location=SourceLocation(
                        source=source,
                        page=region.page if region else first.page,
                        table=index,
                        row=row,
                        col=col,
                        bbox=region.bbox if region else None,
                    ),
                    spanned=position[1] if position else False,
                    row_span=row_span,
                    col_span=col_span,
                )
            )
        rows.append(tuple(cells))
    return TableGrid(
        rows=tuple(rows),
        location=SourceLocation(source=source, page=first.page, table=index, bbox=first.bbox),
    )


def _extents(layout: Sequence[Sequence[tuple[Region, bool] | None]]) -> dict[int, tuple[int, int]]:
    """The rows and columns each region covers in ``layout`` (by the region's identity)."""
    bounds: dict[int, list[int]] = {}
    for r, positions in enumerate(layout):
        for c, position in enumerate(positions):
            if position is None:
                continue
            box = bounds.setdefault(id(position[0]), [r, r, c, c])
            box[0], box[1], box[2], box[3] = min(box[0], r), max(box[1], r), min(box[2], c), max(box[3], c)
    return {key: (box[1] - box[0] + 1, box[3] - box[2] + 1) for key, box in bounds.items()}


def _paragraph(paras: list[_Para], source: str | None) -> Paragraph | None:
    text = remove_cjk_spaces(join_lines(line.text for para in paras for line in para.lines))
    if not text:
        return None
    x0, y0, x1, y1 = paras[0].bbox
    return Paragraph(
        text=text,
        location=SourceLocation(
            source=source,
            page=paras[0].page,
            bbox=(round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)),
        ),
    )


def _assemble_blocks(pages: list[_Page], source: str | None, limits: Limits) -> tuple[Block, ...]:
    furniture = find_furniture([(page.box, page.lines) for page in pages])
    for page, drop in zip(pages, furniture, strict=True):
        if drop:
            page.lines = [line for index, line in enumerate(page.lines) if index not in drop]
    all_lines = [line for page in pages for line in page.lines]
    left, right = page_margins(all_lines) if all_lines else (0.0, 0.0)

    # Runs of items that form one block: the parts of one table, or the pieces of one paragraph.
    groups: list[list[_Item]] = []
    for page in pages:
        for position, item in enumerate(_page_items(page, left, right)):
            tail = groups[-1][-1] if groups else None
            if (
                position == 0
                and tail is not None
                and tail.page == page.number - 1
                and _goes_on(tail, item, pages, left, right)
            ):
                groups[-1].append(item)
            else:
                groups.append([item])

    blocks: list[Block] = []
    tables = 0
    for group in groups:
        parts = [item for item in group if isinstance(item, TablePart)]
        if parts:
            blocks.append(_grid(parts, tables, source, limits))
            tables += 1
            continue
        paragraph = _paragraph([item for item in group if isinstance(item, _Para)], source)
        if paragraph is not None:
            blocks.append(paragraph)
    return tuple(blocks)


def assemble_pages(contents: Sequence[PageContent], source: str | None, limits: Limits) -> tuple[Block, ...]:
    """The paragraphs and table grids of ``contents``, pages in order (the OCR reader's pages too).

    Raises:
        ExtractionError: A page's fonts have no Unicode map.
        LimitExceededError: A table has more than ``limits.max_table_cells`` cells.
    """
    return _assemble_blocks([_page(content, source, limits) for content in contents], source, limits)


def build_document(
    extraction: Extraction, source: str | None, limits: Limits, *, backend: str, data: bytes
) -> Document:
    """The paragraphs and table grids of the extracted pages.

    ``backend`` names the distribution that extracted them, recorded in the
    document.  A document without a text layer but with images (a scan) is read
    by OCR of its rendered pages, and pictures of text among the text by OCR of
    their part of the page (both from ``data``, the PDF's bytes); without the
    ``ocr`` extra a scan fails and pictures among text are left out.

    Raises:
        ExtractionError: A page's fonts have no Unicode map, the PDF has neither
            text nor images, or it is a scan and the ``ocr`` extra is not installed.
        LimitExceededError: A table has more than ``limits.max_table_cells`` cells.
    """
    contents = extraction.pages
    if not _visible(contents):
        if not any(content.images for content in contents):
            raise ExtractionError(
                "the PDF has neither a text layer nor images: there is no text to read",
                location=location(source, 1),
            )
        from govinfo_report.readers.image import read_scanned_pdf  # noqa: PLC0415 - only scans need OCR

        scanned = read_scanned_pdf(data, source=source, limits=limits, title=extraction.title)
        return attrs.evolve(scanned, backend=backend)
    pictures = {content.number: found for content in contents if (found := text_pictures(content))}
    if pictures:
        return _with_pictures(data, extraction, pictures, source=source, limits=limits, backend=backend)
    blocks = assemble_pages(contents, source, limits)
    return Document(blocks=blocks, format=Format.PDF, source=source, title=extraction.title, backend=backend)


def _with_pictures(
    data: bytes,
    extraction: Extraction,
    pictures: dict[int, list[Box]],
    *,
    source: str | None,
    limits: Limits,
    backend: str,
) -> Document:
    """The document with the pictures of text on its pages read by OCR, when the ``ocr`` extra is there.

    What OCR finds in a picture joins the page's own characters and rulings, so a
    table pasted as an image is laid out as a drawn one.  Without the extra the
    pictures are left out, as a reader without OCR leaves them.
    """
    from govinfo_report.readers.image import annotate_blocks, ocr_available, read_pictures  # noqa: PLC0415

    contents = extraction.pages
    title = extraction.title
    if not ocr_available():
        logger.info(
            "%s: pictures of text on pages %s are not read: OCR is not installed", source, list(pictures)
        )
        blocks = assemble_pages(contents, source, limits)
        return Document(blocks=blocks, format=Format.PDF, source=source, title=title, backend=backend)
    boxes = {number: (contents[number - 1].box, found) for number, found in pictures.items()}
    recognised = read_pictures(data, boxes, source=source, limits=limits)
    merged = list(contents)
    for number, page in recognised.items():
        content = contents[number - 1]
        rulings = Rulings()
        rulings.horizontal = content.rulings.horizontal + page.rulings.horizontal
        rulings.vertical = content.rulings.vertical + page.rulings.vertical
        merged[number - 1] = PageContent(
            number=number,
            box=content.box,
            chars=content.chars + page.chars,
            rulings=rulings,
            images=content.images,
            unmapped=content.unmapped,
        )
    blocks = annotate_blocks(assemble_pages(merged, source, limits), recognised)
    return Document(
        blocks=blocks,
        format=Format.PDF,
        source=source,
        title=title,
        backend=backend,
        recognised=bool(recognised),
    )
