"""PDF parser: bytes into paragraphs and table grids, on pdfminer.six.

Pages are interpreted with pdfminer's :class:`~pdfminer.pdfinterp.PDFPageInterpreter`
and a layout device without layout analysis (``laparams=None``): the parser
takes the raw characters and ruling lines and does its own cheap grouping
(:mod:`govinfo_report.readers.pdf._layout`, :mod:`govinfo_report.readers.pdf._tables`).

* Tables are rebuilt from their ruling lines; merged cells become spanned
  copies, vertical labels one cell.  Text aligned in columns without rulings
  is read as a table too.
* A table continued on the next page is joined into one grid, dropping a
  repeated header and rejoining a merged label the page break cut.
* Running headers, footers and page numbers are removed; the remaining text
  comes out as paragraphs in reading order (one column assumed).

pdfminer has no resource bounds of its own; :mod:`govinfo_report.readers.pdf._guard`
adds them (decoded stream bytes, drawing per page, time, reference cycles).

This module imports pdfminer at the top; the dispatcher imports it only when
a PDF arrives.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from itertools import islice

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTItem, LTLine, LTPage, LTRect
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.utils import Matrix, PathSegment, Rect, decode_text

from govinfo_report.document import Block, Document, Format, GridCell, Paragraph, TableGrid
from govinfo_report.errors import ExtractionError, LimitExceededError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers.pdf._guard import Budget, GuardedDocument, guarded
from govinfo_report.readers.pdf._layout import (
    Char,
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

__all__ = ["read_pdf"]

logger = logging.getLogger(__name__)

_UNMAPPED = "\ufffd"
# A page fails when at least this many glyphs, and this share of its glyphs, have no Unicode.
_UNMAPPED_MIN = 5
_UNMAPPED_SHARE = 0.05


class _Device(PDFPageAggregator):
    """A layout device that counts glyphs without a Unicode mapping instead of writing ``(cid:N)``.

    It also spends the parse's :class:`~govinfo_report.readers.pdf._guard.Budget` on everything
    a page draws, which bounds pages that draw without end (nested forms drawing each other).
    """

    def __init__(self, rsrcmgr: PDFResourceManager, budget: Budget) -> None:
        super().__init__(rsrcmgr, laparams=None)
        self.unmapped = 0
        self.budget = budget

    def handle_undefined_char(self, font: PDFFont, cid: int) -> str:
        self.unmapped += 1
        return _UNMAPPED

    def begin_figure(self, name: str, bbox: Rect, matrix: Matrix) -> None:
        self.budget.draw()
        super().begin_figure(name, bbox, matrix)

    def render_image(self, name: str, stream: PDFStream) -> None:
        self.budget.draw()
        super().render_image(name, stream)

    def paint_path(
        self,
        gstate: PDFGraphicState,
        stroke: bool,
        fill: bool,
        evenodd: bool,
        path: Sequence[PathSegment],
    ) -> None:
        self.budget.draw(max(1, len(path)))
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def render_char(  # noqa: PLR0917 - pdfminer's signature
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        self.budget.draw()
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)


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


def _is_white(color: object) -> bool:
    """Whether a pdfminer colour value is white (gray 1, RGB 1,1,1, CMYK 0,0,0,0)."""
    if isinstance(color, int | float):
        return float(color) >= 0.99
    if isinstance(color, tuple | list) and color and all(isinstance(c, int | float) for c in color):
        if len(color) == 4:
            return all(float(c) <= 0.01 for c in color)
        return all(float(c) >= 0.99 for c in color)
    return False


def _char(item: LTChar, box: tuple[float, float, float, float]) -> Char | None:
    """The glyph as a :class:`Char`, or ``None`` when it has no text or lies off the page."""
    text = item.get_text()
    if not text:
        return None
    x0, y0, x1, y1 = item.x0, item.y0, item.x1, item.y1
    if not (box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3]):
        return None  # outside the page: never shown
    size = item.size if item.size > 0 else y1 - y0
    if y1 - y0 < 0.1:
        y1 = y0 + max(size, 1.0)
    return Char(x0, y0, x1, y1, text, size)


def _painted(item: LTCurve) -> bool:
    """Whether a path is visible: stroked, or filled with a colour other than white."""
    return bool(item.stroke or (item.fill and not _is_white(item.non_stroking_color)))


def _collect(
    container: Iterable[LTItem],
    box: tuple[float, float, float, float],
    chars: list[Char],
    rulings: Rulings,
) -> list[tuple[float, float, float, float]]:
    """Gather characters and ruling segments from a layout tree; return the boxes of its images."""
    images: list[tuple[float, float, float, float]] = []
    for item in container:
        if isinstance(item, LTChar):
            char = _char(item, box)
            if char is not None:
                chars.append(char)
        elif isinstance(item, LTRect):
            if _painted(item):
                rulings.add_rect(item.x0, item.y0, item.x1, item.y1)
        elif isinstance(item, LTLine):
            # A line is only ever stroked; a filled two-point path paints nothing.
            if item.stroke and len(item.pts) >= 2:
                (ax, ay), (bx, by) = item.pts[0], item.pts[-1]
                rulings.add_line(ax, ay, bx, by)
        elif isinstance(item, LTCurve):
            if _painted(item):
                rulings.add_polyline(item.pts)
        elif isinstance(item, LTImage):
            images.append((item.x0, item.y0, item.x1, item.y1))
        elif isinstance(item, LTContainer):
            images.extend(_collect(item, box, chars, rulings))
    return images


def _location(source: str | None, page: int | None = None) -> SourceLocation:
    return SourceLocation(source=source, page=page)


def _open(data: bytes, source: str | None) -> PDFDocument:
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("not a PDF: the %PDF- header is missing", location=_location(source))
    try:
        return GuardedDocument(PDFParser(io.BytesIO(data)), password="")
    except LimitExceededError:
        raise
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(
            "the PDF is encrypted and opening it needs a password; remove the password and try again",
            location=_location(source),
        ) from exc
    except PDFEncryptionError as exc:
        raise ExtractionError(
            f"the PDF is encrypted in a way that cannot be read ({exc}); decrypt it and try again",
            location=_location(source),
        ) from exc
    except Exception as exc:
        raise ExtractionError(
            f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc})",
            location=_location(source),
        ) from exc


def _decode_info(value: bytes) -> str:
    """Decode a document information string: UTF-16 or UTF-8 with a byte order mark, else PDFDocEncoding."""
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8")):
        if value.startswith(bom):
            return value[len(bom) :].decode(codec, errors="replace")
    return decode_text(value)


def _title(document: PDFDocument) -> str | None:
    """The document information dictionary's ``/Title``, if any."""
    try:
        for info in document.info:
            value = resolve1(info.get("Title"))
            if isinstance(value, bytes):
                value = _decode_info(value)
            if isinstance(value, str) and value.strip():
                return value.strip()
    except Exception:  # metadata is optional: a broken /Info must not fail the parse
        logger.debug("unreadable /Info dictionary", exc_info=True)
    return None


def _read_pages(
    data: bytes, source: str | None, limits: Limits, budget: Budget
) -> tuple[list[_Page], str | None, dict[int, tuple[list[Char], Rulings, list[_Box]]]]:
    document = _open(data, source)
    budget.check()
    try:
        pdf_pages = list(islice(PDFPage.create_pages(document), limits.max_pages + 1))
    except LimitExceededError:
        raise
    except Exception as exc:
        raise ExtractionError(
            f"the PDF's page tree is damaged ({type(exc).__name__}: {exc})", location=_location(source)
        ) from exc
    if len(pdf_pages) > limits.max_pages:
        raise LimitExceededError(
            f"the PDF has more than {limits.max_pages} pages (Limits.max_pages)", location=_location(source)
        )
    if not pdf_pages:
        raise ExtractionError("the PDF has no pages", location=_location(source))

    budget.check()
    manager = PDFResourceManager(caching=True)
    device = _Device(manager, budget)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[_Page] = []
    visible = images = 0
    pictures: dict[int, tuple[list[Char], Rulings, list[_Box]]] = {}
    for number, pdf_page in enumerate(pdf_pages, start=1):
        device.unmapped = 0
        budget.start_page(number)
        try:
            interpreter.process_page(pdf_page)
            layout: LTPage = device.get_result()
        except LimitExceededError:
            raise
        except Exception as exc:
            budget.check()
            raise ExtractionError(
                f"page {number} could not be read ({type(exc).__name__}: {exc})",
                location=_location(source, number),
            ) from exc
        budget.check()
        box = (
            float(layout.x0),
            float(layout.y0),
            float(layout.x1),
            float(layout.y1),
        )
        chars: list[Char] = []
        rulings = Rulings()
        found = _collect(layout, box, chars, rulings)
        images += len(found)
        shown = sum(1 for char in chars if not char.text.isspace())
        if device.unmapped >= _UNMAPPED_MIN and device.unmapped >= _UNMAPPED_SHARE * max(shown, 1):
            raise ExtractionError(
                f"{device.unmapped} of {shown} characters on page {number} use fonts without a "
                "Unicode map ((cid:N) glyphs), so the text cannot be read; OCR is needed",
                location=_location(source, number),
            )
        visible += shown
        text_pictures = _text_pictures(found, box, chars)
        if text_pictures:
            pictures[number] = (chars, rulings, text_pictures)
        pages.append(_page(number, box, chars, rulings, source=source, limits=limits))
    if not visible and images:
        raise _Scanned(_title(document))
    if not visible:
        raise ExtractionError(
            "the PDF has neither a text layer nor images: there is no text to read",
            location=_location(source, 1),
        )
    return pages, _title(document), pictures


def _page(
    number: int, box: _Box, chars: list[Char], rulings: Rulings, *, source: str | None, limits: Limits
) -> _Page:
    try:
        parts, rest = find_ruled_tables(chars, rulings, number, limits.max_table_cells)
    except CellLimitError as exc:
        raise LimitExceededError(
            f"a table on page {number} has {exc.cells} cells, more than the "
            f"{limits.max_table_cells} allowed (Limits.max_table_cells)",
            location=_location(source, number),
        ) from exc
    return _Page(number, box, parts, group_lines(rest))


_Box = tuple[float, float, float, float]
# An image covering at least this share of its page, with fewer than this many characters of
# the text layer over it, is a picture of text (a pasted table, a scanned page among others).
_PICTURE_SHARE = 0.1
_PICTURE_CHARS = 10


def _text_pictures(images: Sequence[_Box], page: _Box, chars: Sequence[Char]) -> list[_Box]:
    """The images of a page that are pictures of text to read by OCR."""
    area = (page[2] - page[0]) * (page[3] - page[1])
    found = []
    for x0, y0, x1, y1 in images:
        if (x1 - x0) * (y1 - y0) < _PICTURE_SHARE * area:
            continue
        over = sum(
            1 for char in chars if x0 <= (char.x0 + char.x1) / 2 <= x1 and y0 <= (char.y0 + char.y1) / 2 <= y1
        )
        if over < _PICTURE_CHARS:
            found.append((x0, y0, x1, y1))
    return found


class _Scanned(Exception):  # noqa: N818 - a signal between two functions, never raised to callers
    """The PDF has no text layer: its pages are to be read by OCR."""

    def __init__(self, title: str | None) -> None:
        super().__init__(title)
        self.title = title


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
            location=_location(source, first.page),
        ) from exc
    rows: list[tuple[GridCell, ...]] = []
    for positions in layout:
        while positions and positions[-1] is None:
            positions.pop()
        if not positions:
            continue
        row = len(rows)
        cells: list[GridCell] = []
        for col, position in enumerate(positions):
            region: Region | None = position[0] if position else None
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
                )
            )
        rows.append(tuple(cells))
    return TableGrid(
        rows=tuple(rows),
        location=SourceLocation(source=source, page=first.page, table=index, bbox=first.bbox),
    )


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


def read_pdf(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a PDF into paragraphs and table grids.

    Args:
        data: The PDF file's bytes.
        source: Name of the input, used in locations.
        limits: Resource bounds: ``max_bytes``, ``max_pages``, ``max_page_objects``,
            ``max_decoded_bytes``, ``max_table_cells`` and ``timeout`` apply.

    A PDF without a text layer (a scan) is read by OCR
    (:func:`govinfo_report.readers.image.read_scanned_pdf`) when the ``ocr``
    extra is installed.

    Returns:
        The document, ``format=Format.PDF``; every grid cell's location has its
        page, table, row, column and box (PDF points), every paragraph its page
        and box.

    Raises:
        LimitExceededError: The input is too large, has too many pages or a too large table, a
            page draws too much, its streams decode to too many bytes, or parsing takes too long.
        ExtractionError: The file is not a readable PDF, is encrypted with a
            password, uses fonts without a Unicode map, or has no text layer
            and the ``ocr`` extra that reads scans is not installed.
    """
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input is {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=_location(source),
        )
    try:
        with guarded(Budget(limits, source)) as budget:
            pages, title, pictures = _read_pages(data, source, limits, budget)
            budget.check()
    except _Scanned as scanned:
        from govinfo_report.readers.image import read_scanned_pdf  # noqa: PLC0415 - only scans need OCR

        return read_scanned_pdf(data, source=source, limits=limits, title=scanned.title)
    if pictures:
        return _with_pictures(data, pages, pictures, source=source, limits=limits, title=title)
    blocks = _assemble_blocks(pages, source, limits)
    return Document(blocks=blocks, format=Format.PDF, source=source, title=title)


def _with_pictures(
    data: bytes,
    pages: list[_Page],
    pictures: dict[int, tuple[list[Char], Rulings, list[_Box]]],
    *,
    source: str | None,
    limits: Limits,
    title: str | None,
) -> Document:
    """The document with the pictures of text on its pages read by OCR, when the ``ocr`` extra is there.

    Without it the pictures are left out, as a reader without OCR leaves them.
    """
    from govinfo_report.readers.image import annotate_blocks, ocr_available, read_pictures  # noqa: PLC0415

    if not ocr_available():
        logger.info(
            "%s: pictures of text on pages %s are not read: OCR is not installed", source, list(pictures)
        )
        return Document(
            blocks=_assemble_blocks(pages, source, limits), format=Format.PDF, source=source, title=title
        )
    boxes = {number: (pages[number - 1].box, found) for number, (_, _, found) in pictures.items()}
    recognised = read_pictures(data, boxes, source=source, limits=limits)
    for number, page in recognised.items():
        chars, rulings, _ = pictures[number]
        rulings.horizontal.extend(page.rulings.horizontal)
        rulings.vertical.extend(page.rulings.vertical)
        pages[number - 1] = _page(
            number, pages[number - 1].box, chars + page.chars, rulings, source=source, limits=limits
        )
    blocks = annotate_blocks(_assemble_blocks(pages, source, limits), recognised)
    return Document(blocks=blocks, format=Format.PDF, source=source, title=title, recognised=True)
