"""The OCR reader: page images into paragraphs and table grids.

Image files (PNG, JPEG, TIFF with one or more pages, BMP, WebP) and PDF
pages without a text layer are read by optical character recognition on the
PP-OCR models that the ``rapidocr`` package ships, run by onnxruntime on one
thread: nothing is downloaded and the result does not depend on the
machine.  Pages are levelled, ruling lines give the table grids (merged cells
included), the recognised text goes through the PDF reader's layout, and
every table cell keeps how sure its reading is; a number read with doubt
carries its candidate readings (:attr:`govinfo_report.document.GridCell.candidates`)
for the assembly to decide between by the table's equations.

This package needs the ``ocr`` extra (``pip install "govinfo-report[ocr]"``);
:func:`require_ocr` reports its absence as one clear error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from govinfo_report.document import Block, Document, Format, TableGrid, Unread
from govinfo_report.errors import ExtractionError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._detect import detect_format

if TYPE_CHECKING:
    from govinfo_report.readers.image._page import OcrPage

Box = tuple[float, float, float, float]
"""A box ``(x0, y0, x1, y1)`` in PDF points."""

__all__ = [
    "INSTALL",
    "annotate_blocks",
    "is_picture",
    "ocr_available",
    "picture_tables",
    "read_image",
    "read_pictures",
    "read_scanned_pdf",
    "require_ocr",
    "unread_pictures",
]

INSTALL = 'pip install "govinfo-report[ocr]"'
"""The command that installs what OCR needs."""


def require_ocr(what: str, location: SourceLocation) -> None:
    """Fail with one line naming the extra when the OCR dependencies are missing.

    Args:
        what: What needs OCR, e.g. ``"the PDF has no text layer"``.
        location: Where, for the error.

    Raises:
        ExtractionError: numpy, OpenCV, onnxruntime, rapidocr, Pillow or pypdfium2 is not installed.
    """
    try:
        import cv2  # noqa: F401, PLC0415
        import numpy  # noqa: F401, PLC0415
        import onnxruntime  # noqa: F401, PLC0415
        import PIL  # noqa: F401, PLC0415
        import pypdfium2  # noqa: F401, PLC0415
        import rapidocr  # noqa: F401, PLC0415
    except ImportError as exc:
        raise ExtractionError(
            f"{what}: reading it needs OCR, which is not installed ({exc.name} is missing); "
            f"install it with: {INSTALL}",
            location=location,
        ) from exc


def ocr_available() -> bool:
    """Whether the ``ocr`` extra is installed."""
    try:
        require_ocr("OCR", SourceLocation())
    except ExtractionError:
        return False
    return True


_PICTURE_BYTES = 2048
"""A picture smaller than this many bytes is an icon, a logo or a rule, not a table."""


def is_picture(data: bytes) -> bool:
    """Whether ``data`` is an image file large enough to hold a table (not an icon or a rule)."""
    return len(data) >= _PICTURE_BYTES and detect_format(data) is Format.IMAGE


def picture_tables(
    data: bytes, /, *, table: int, xpath: str | None, source: str | None, limits: Limits = DEFAULT_LIMITS
) -> tuple[TableGrid, ...]:
    """The tables of a picture standing in a document's body (a table pasted as an image), read by OCR.

    Args:
        data: The picture's bytes; nothing is read from a picture that
            :func:`is_picture` refuses.
        table: The index in the document of the picture's first table.
        xpath: Where the picture stands, given to the tables and their cells.
        source: Name of the input, used in locations.
        limits: Resource bounds.

    Returns:
        The tables found, numbered from ``table``, their cells located on the
        picture's page at ``xpath``.

    Raises:
        ExtractionError: The picture cannot be decoded, or OCR is not installed.
        LimitExceededError: A bound is exceeded.
    """
    if not is_picture(data):
        return ()
    grids = [
        block
        for block in read_image(data, source=source, limits=limits).blocks
        if isinstance(block, TableGrid)
    ]
    return tuple(
        TableGrid(
            rows=tuple(
                tuple(
                    attrs.evolve(cell, location=attrs.evolve(cell.location, table=index, xpath=xpath))
                    for cell in row
                )
                for row in grid.rows
            ),
            location=attrs.evolve(grid.location, table=index, xpath=xpath),
        )
        for index, grid in enumerate(grids, start=table)
    )


def unread_pictures(
    blocks: Sequence[Block], pictures: Sequence[tuple[str, SourceLocation]], /, *, what: str
) -> tuple[Unread, ...]:
    """The pictures of tables a document shows while OCR is not installed.

    A document with no table of its own needs them: it fails in one line
    naming the extra.  Otherwise its tables are read and the pictures listed
    as unread.

    Args:
        blocks: The document's blocks.
        pictures: Each picture that OCR would read: its name and where it stands.
        what: What needs OCR, for the error (``"the page's tables are pictures"``).

    Raises:
        ExtractionError: The document has no table grid of its own.
    """
    if not pictures:
        return ()
    if not any(isinstance(block, TableGrid) for block in blocks):
        require_ocr(what, pictures[0][1])
    reason = f"reading it needs OCR, which is not installed; install it with: {INSTALL}"
    return tuple(Unread(what=name, reason=reason, location=location) for name, location in pictures)


def read_pictures(
    data: bytes,
    pictures: Mapping[int, tuple[Box, Sequence[Box]]],
    /,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[int, OcrPage]:
    """Read the pictures of text (pasted tables, scanned pages) of a PDF whose other pages have text.

    Args:
        data: The PDF file's bytes.
        pictures: For each page number, the page box and the boxes of its pictures, in PDF points.
        source: Name of the input, used in locations.
        limits: Resource bounds.

    Returns:
        For each page with a picture, what OCR found on it, placed in page coordinates.
    """
    require_ocr("the PDF has pictures of text", SourceLocation(source=source))
    from govinfo_report.readers.image._reader import read_pictures as read  # noqa: PLC0415

    return read(data, pictures, source=source, limits=limits)


def annotate_blocks(blocks: Sequence[Block], pages: Mapping[int, OcrPage]) -> tuple[Block, ...]:
    """Give the table cells on recognised pages their confidence and candidate readings.

    Args:
        blocks: The document's blocks.
        pages: What OCR found, by page number (from :func:`read_pictures`).
    """
    from govinfo_report.readers.image._document import annotate_blocks as annotate  # noqa: PLC0415

    return annotate(blocks, pages)


def read_image(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read an image file of one or more report pages by OCR.

    Args:
        data: The image file's bytes (PNG, JPEG, TIFF, BMP or WebP).
        source: Name of the input, used in locations.
        limits: Resource bounds: ``max_bytes``, ``max_pages`` (frames),
            ``max_image_pixels`` and ``max_table_cells`` apply.

    Returns:
        The document, ``format=Format.IMAGE``.  Locations are in points
        (origin at the bottom left), the image scaled so that body text is of
        a usual printed size.

    Raises:
        ExtractionError: The image cannot be decoded, or OCR is not installed.
        LimitExceededError: A bound is exceeded.
    """
    require_ocr("the input is an image", SourceLocation(source=source))
    from govinfo_report.readers.image._reader import read_image_pages  # noqa: PLC0415

    return read_image_pages(data, source=source, limits=limits)


def read_scanned_pdf(
    data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS, title: str | None = None
) -> Document:
    """Read a PDF whose pages have no text layer by OCR of the rendered pages.

    Args:
        data: The PDF file's bytes.
        source: Name of the input, used in locations.
        limits: Resource bounds.
        title: The document title from the PDF's metadata.

    Returns:
        The document, ``format=Format.PDF``, locations in PDF points.

    Raises:
        ExtractionError: The PDF cannot be rendered, or OCR is not installed.
        LimitExceededError: A bound is exceeded.
    """
    require_ocr("the PDF has no text layer: it looks scanned", SourceLocation(source=source, page=1))
    from govinfo_report.readers.image._reader import read_pdf_pages  # noqa: PLC0415

    return read_pdf_pages(data, source=source, limits=limits, title=title)
