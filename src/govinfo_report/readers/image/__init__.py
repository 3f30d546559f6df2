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

from govinfo_report.document import Document
from govinfo_report.errors import ExtractionError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits

__all__ = ["INSTALL", "read_image", "read_scanned_pdf", "require_ocr"]

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
