"""The format-neutral intermediate every reader produces.

A reader (:mod:`govinfo_report.readers`) turns bytes into a :class:`Document`:
a sequence of paragraphs and table grids in reading order, each with a
:class:`~govinfo_report.errors.SourceLocation`.  The assembly stage
(:mod:`govinfo_report.assembly`) knows the templates and turns a document into
a :class:`~govinfo_report.Report`; readers know nothing about templates.
"""

from __future__ import annotations

import enum

import attrs

from govinfo_report.errors import SourceLocation

__all__ = [
    "Block",
    "Document",
    "Format",
    "GridCell",
    "LegacyFormat",
    "PageGeometry",
    "Paragraph",
    "TableGrid",
    "Unread",
]


class Format(enum.StrEnum):
    """Input formats the readers understand."""

    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    IMAGE = "image"
    MARKDOWN = "markdown"


class LegacyFormat(enum.StrEnum):
    """Office formats no reader understands, that LibreOffice can convert (see :mod:`govinfo_report.convert`).

    Each value is the format's usual file name suffix, without the dot.
    """

    DOC = "doc"
    """A Word 97–2003 document (an OLE2 compound file with a ``WordDocument`` stream)."""
    WPS = "wps"
    """A WPS Writer (Kingsoft) or Microsoft Works document."""
    RTF = "rtf"
    """A Rich Text Format document."""
    XLS = "xls"
    """An Excel 97–2003 workbook (an OLE2 compound file with a ``Workbook`` or ``Book`` stream)."""
    ET = "et"
    """A WPS Spreadsheets (Kingsoft) workbook."""

    @property
    def spreadsheet(self) -> bool:
        """Whether the format holds a workbook rather than a text document."""
        return self in (LegacyFormat.XLS, LegacyFormat.ET)


@attrs.frozen(kw_only=True)
class Paragraph:
    """A run of narrative text outside tables.

    Attributes:
        text: The paragraph text as found (whitespace kept).
        location: Where it starts.
    """

    text: str
    location: SourceLocation


@attrs.frozen(kw_only=True)
class GridCell:
    r"""One position of a table grid.

    A merged cell is one cell at its top-left position, with its extent in
    ``row_span`` and ``col_span``.  So that rows can be read by position, the
    other positions it covers hold copies of it marked ``spanned=True``, which
    consumers that want each cell once skip.

    Attributes:
        text: The cell text (lines joined with ``"\\n"``; whitespace kept).
        location: Where the cell is.
        spanned: Whether this position is covered by a merged cell that starts elsewhere.
        row_span: The rows the cell covers, counted at its own (top-left) position; 1 elsewhere.
        col_span: The columns the cell covers, counted at its own position; 1 elsewhere.
        header: Whether the source marks the cell as a header (an HTML ``th``, a
            cell of a DOCX header row); ``False`` where the format cannot say.
        confidence: For text recognised from an image (OCR), the probability of
            its least certain character; ``None`` for text read from a text layer.
        candidates: For a number recognised with doubt, the readings it may be,
            most likely first (``text`` is the first); empty when the text is sure.
            Assembly lets the table's equations choose among them.
    """

    text: str
    location: SourceLocation
    spanned: bool = False
    row_span: int = 1
    col_span: int = 1
    header: bool = False
    confidence: float | None = None
    candidates: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class TableGrid:
    """A table as a grid of rows of cells.

    Rows need not be of equal length: text sources often lose alignment.

    Attributes:
        rows: Grid rows, top to bottom.
        location: Where the table starts.
    """

    rows: tuple[tuple[GridCell, ...], ...]
    location: SourceLocation


Block = Paragraph | TableGrid
"""A paragraph or a table."""


@attrs.frozen(kw_only=True)
class PageGeometry:
    """A page's size in the coordinate system of the boxes located on it.

    Recorded for pages read from images (OCR): an image has no size in
    points of its own, so this is what maps a location's ``bbox`` back onto
    the image (a review page draws the cells over it).

    Attributes:
        number: The page number (1-based; a frame of an image file).
        width: The page's width in the units of the boxes (points).
        height: Its height; boxes have their origin at the bottom left.
        angle: Degrees the page image was turned (counter-clockwise) to
            level it before it was read; the boxes are on the turned image.
    """

    number: int
    width: float
    height: float
    angle: float = 0.0


@attrs.frozen(kw_only=True)
class Unread:
    """A part of the input that may hold report content and was not read.

    A web page's picture of a table that could not be looked at, for
    example: the report then says its tables may be incomplete for this
    reason rather than leave a silent hole.

    Attributes:
        what: What was not read, as the input names it (a picture's ``src``).
        reason: Why it was not read.
        location: Where it stands.
    """

    what: str
    reason: str
    location: SourceLocation


@attrs.frozen(kw_only=True)
class Document:
    """A parsed input before template assembly.

    Attributes:
        blocks: Paragraphs and tables in reading order.
        format: The input format.
        source: Name of the input.
        encoding: Text encoding used, for text and HTML.
        title: A title found in document metadata (HTML ``<title>``, DOCX core
            properties), used when the body has none.
        backend: The distribution that interpreted the input, where its format
            has a choice of them (PDF: ``"pypdfium2"`` or ``"pdfminer.six"``).
        recognised: Whether the text was recognised from page images (OCR).
        unread: Parts of the input that may hold report content and were not
            read (pictures that could not be looked at), in reading order.
        pages: The geometry of the pages read from images (OCR), by page
            number; empty for other inputs.
    """

    blocks: tuple[Block, ...]
    format: Format
    source: str | None = None
    encoding: str | None = None
    title: str | None = None
    backend: str | None = None
    recognised: bool = False
    unread: tuple[Unread, ...] = ()
    pages: tuple[PageGeometry, ...] = ()
