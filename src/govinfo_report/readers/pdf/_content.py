"""What a PDF backend extracts from a document: the shared intermediate of the PDF reader.

Each backend (:mod:`._pdfminer` on pdfminer.six, :mod:`._pdfium` on PDFium) interprets
the pages and hands over, per page, the characters with their boxes, the ruling
segments of the paths it paints and the boxes of the images it draws; the rest of the reader
(:mod:`._assemble`) turns that into paragraphs and table grids and knows nothing of
the backend.

Coordinates are PDF points in the page as displayed: the page's ``/Rotate`` applied,
origin at the bottom left of the media box, ``y`` growing upwards.
"""

from __future__ import annotations

from govinfo_report.errors import SourceLocation
from govinfo_report.readers.pdf._layout import Char
from govinfo_report.readers.pdf._tables import Rulings

__all__ = [
    "Box",
    "Extraction",
    "Matrix",
    "PageContent",
    "UnsuitableInputError",
    "display_matrix",
    "location",
    "page_char",
]

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]


class UnsuitableInputError(Exception):
    """A backend cannot read the document completely or within its bounds; the reference backend must."""


class PageContent:
    """One page as a backend extracted it.

    Args:
        number: 1-based page number.
        box: The page's box as displayed, ``(0, 0, width, height)``.
        chars: The characters shown on the page (outside the box: left out).
        rulings: The straight segments of the paths painted on the page.
        images: The boxes ``(x0, y0, x1, y1)`` of the images the page draws, clipped to
            nothing (an image partly off the page keeps its whole box).
        unmapped: How many glyphs had no Unicode mapping.
    """

    __slots__ = ("box", "chars", "images", "number", "rulings", "unmapped")

    def __init__(
        self,
        *,
        number: int,
        box: tuple[float, float, float, float],
        chars: list[Char],
        rulings: Rulings,
        images: list[Box],
        unmapped: int,
    ) -> None:
        self.number = number
        self.box = box
        self.chars = chars
        self.rulings = rulings
        self.images = images
        self.unmapped = unmapped


class Extraction:
    """A whole document as a backend extracted it.

    Args:
        pages: The pages, in order.
        title: The document information ``/Title``, if any.
    """

    __slots__ = ("pages", "title")

    def __init__(self, pages: list[PageContent], title: str | None) -> None:
        self.pages = pages
        self.title = title


def location(source: str | None, page: int | None = None) -> SourceLocation:
    """The location of an error in ``source`` (on ``page``)."""
    return SourceLocation(source=source, page=page)


def display_matrix(mediabox: tuple[float, float, float, float], rotate: int) -> Matrix:
    """The matrix from user space to the displayed page: ``/Rotate`` applied, origin at the box's corner.

    This is the matrix pdfminer applies to its pages; the PDFium backend applies it too,
    so that the coordinates of both backends agree.
    """
    x0, y0, x1, y1 = mediabox
    rotate %= 360
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def page_char(  # noqa: PLR0917 - a box, a text and a size
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    text: str,
    size: float,
    box: tuple[float, float, float, float],
) -> Char | None:
    """A glyph as a :class:`Char`, or ``None`` when it has no text or its centre lies off the page.

    ``size`` falls back to the box's height; a box without height gets the size as its height.
    """
    if not text:
        return None
    if not (box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3]):
        return None  # outside the page: never shown
    if size <= 0:
        size = y1 - y0
    if y1 - y0 < 0.1:
        y1 = y0 + max(size, 1.0)
    return Char(x0, y0, x1, y1, text, size)
