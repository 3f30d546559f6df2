"""The pdfminer.six backend of the PDF reader: pages into characters, rulings and images.

Pages are interpreted with pdfminer's :class:`~pdfminer.pdfinterp.PDFPageInterpreter`
and a layout device without layout analysis (``laparams=None``): the reader
takes the raw characters and ruling lines and does its own cheap grouping
(:mod:`govinfo_report.readers.pdf._assemble`).

pdfminer has no resource bounds of its own; :mod:`govinfo_report.readers.pdf._guard`
adds them (decoded stream bytes, drawing per page, time, reference cycles).
pdfminer's tokenizer and interpreter log a debug message for every token and
operator; while this backend runs, those two modules' debug messages are dropped
unread (the cost of asking the logging system showed in profiles).

This module imports pdfminer at the top; the reader imports it only when a
PDF arrives and this backend is chosen.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, Final

import pdfminer.pdfinterp
import pdfminer.psparser
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

from govinfo_report.errors import ExtractionError, LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers.pdf._content import Box, Extraction, PageContent, location, page_char
from govinfo_report.readers.pdf._guard import Budget, GuardedDocument, guarded
from govinfo_report.readers.pdf._layout import Char
from govinfo_report.readers.pdf._tables import Rulings

__all__ = ["extract"]

logger = logging.getLogger(__name__)

_UNMAPPED = "\ufffd"


class _DebugDropped:
    """Stands in for a pdfminer module's logger: debug messages are dropped, the rest passes."""

    # A builtin that takes any arguments and does nothing with them: cheaper to call than a
    # Python function, and pdfminer calls it hundreds of thousands of times per file.
    debug: Final = staticmethod("".format)

    def __init__(self, wrapped: logging.Logger) -> None:
        self.wrapped = wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


# The modules that log per token and per operator, and their own loggers.
_CHATTY: Final[tuple[Any, ...]] = (pdfminer.psparser, pdfminer.pdfinterp)
_LOGGERS: Final[tuple[logging.Logger, ...]] = tuple(module.log for module in _CHATTY)
_quiet_lock = threading.Lock()
_quiet_depth = 0


@contextmanager
def _quiet_debug() -> Iterator[None]:
    """Drop the per-token debug messages of pdfminer while at least one parse runs."""
    global _quiet_depth  # noqa: PLW0603 - shared by the parses of all threads
    with _quiet_lock:
        if _quiet_depth == 0:
            for module, original in zip(_CHATTY, _LOGGERS, strict=True):
                module.log = _DebugDropped(original)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for module, original in zip(_CHATTY, _LOGGERS, strict=True):
                    module.log = original


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
    return page_char(item.x0, item.y0, item.x1, item.y1, item.get_text(), item.size, box)


def _painted(item: LTCurve) -> bool:
    """Whether a path is visible: stroked, or filled with a colour other than white."""
    return bool(item.stroke or (item.fill and not _is_white(item.non_stroking_color)))


def _collect(
    container: Iterable[LTItem],
    box: tuple[float, float, float, float],
    chars: list[Char],
    rulings: Rulings,
) -> list[Box]:
    """Gather characters and ruling segments from a layout tree; return the boxes of its images."""
    images: list[Box] = []
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
            images.append((float(item.x0), float(item.y0), float(item.x1), float(item.y1)))
        elif isinstance(item, LTContainer):
            images.extend(_collect(item, box, chars, rulings))
    return images


def _open(data: bytes, source: str | None) -> PDFDocument:
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("not a PDF: the %PDF- header is missing", location=location(source))
    try:
        return GuardedDocument(PDFParser(io.BytesIO(data)), password="")
    except LimitExceededError:
        raise
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(
            "the PDF is encrypted and opening it needs a password; remove the password and try again",
            location=location(source),
        ) from exc
    except PDFEncryptionError as exc:
        raise ExtractionError(
            f"the PDF is encrypted in a way that cannot be read ({exc}); decrypt it and try again",
            location=location(source),
        ) from exc
    except Exception as exc:
        raise ExtractionError(
            f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc})",
            location=location(source),
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
) -> tuple[list[PageContent], str | None]:
    document = _open(data, source)
    budget.check()
    try:
        pdf_pages = list(islice(PDFPage.create_pages(document), limits.max_pages + 1))
    except LimitExceededError:
        raise
    except Exception as exc:
        raise ExtractionError(
            f"the PDF's page tree is damaged ({type(exc).__name__}: {exc})", location=location(source)
        ) from exc
    if len(pdf_pages) > limits.max_pages:
        raise LimitExceededError(
            f"the PDF has more than {limits.max_pages} pages (Limits.max_pages)", location=location(source)
        )
    if not pdf_pages:
        raise ExtractionError("the PDF has no pages", location=location(source))

    budget.check()
    manager = PDFResourceManager(caching=True)
    device = _Device(manager, budget)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[PageContent] = []
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
                location=location(source, number),
            ) from exc
        budget.check()
        box = (float(layout.x0), float(layout.y0), float(layout.x1), float(layout.y1))
        chars: list[Char] = []
        rulings = Rulings()
        images = _collect(layout, box, chars, rulings)
        pages.append(
            PageContent(
                number=number, box=box, chars=chars, rulings=rulings, images=images, unmapped=device.unmapped
            )
        )
    return pages, _title(document)


def extract(data: bytes, source: str | None, limits: Limits) -> Extraction:
    """Interpret the PDF's pages with pdfminer.six, within ``limits``.

    Raises:
        LimitExceededError: Too many pages, a page draws too much, the streams
            decode to too many bytes, or it takes too long.
        ExtractionError: The file is not a readable PDF or is encrypted with a password.
    """
    with guarded(Budget(limits, source)) as budget, _quiet_debug():
        pages, title = _read_pages(data, source, limits, budget)
        budget.check()
    return Extraction(pages, title)
