"""The PDF reader's entry point: the choice of backend, then the shared assembly."""

from __future__ import annotations

import logging
from functools import cache
from importlib import import_module
from typing import Final

from govinfo_report.document import Document
from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers import PDF_BACKENDS, PdfBackend
from govinfo_report.readers.pdf._assemble import build_document
from govinfo_report.readers.pdf._content import Extraction, UnsuitableInputError, location

__all__ = ["DISTRIBUTIONS", "read_pdf", "resolve_backend"]

logger = logging.getLogger(__name__)

# Each backend's module and the distribution whose output it depends on.
_MODULES: Final[dict[PdfBackend, str]] = {
    "pdfium": "govinfo_report.readers.pdf._pdfium",
    "pdfminer": "govinfo_report.readers.pdf._pdfminer",
}
DISTRIBUTIONS: Final[dict[PdfBackend, str]] = {"pdfium": "pypdfium2", "pdfminer": "pdfminer.six"}


@cache
def _pdfium_available() -> bool:
    try:
        import_module(_MODULES["pdfium"])
    except ImportError:  # no wheel for this platform, or a broken install
        logger.info("pypdfium2 cannot be imported; PDFs are read with pdfminer.six", exc_info=True)
        return False
    return True


def resolve_backend(backend: PdfBackend | None = None) -> PdfBackend:
    """Return the backend a PDF is read with.

    Args:
        backend: ``"pdfium"``, ``"pdfminer"``, or ``None`` for the default:
            PDFium where pypdfium2 can be imported, else pdfminer.six.

    Raises:
        ValueError: ``backend`` names no backend.
        ImportError: ``"pdfium"`` was asked for and pypdfium2 cannot be imported.
    """
    if backend is None:
        return "pdfium" if _pdfium_available() else "pdfminer"
    if backend not in PDF_BACKENDS:
        choices = ", ".join(repr(name) for name in PDF_BACKENDS)
        raise ValueError(f"pdf_backend must be one of {choices} or None, not {backend!r}")
    if backend == "pdfium" and not _pdfium_available():
        raise ImportError("the PDFium backend needs pypdfium2, which cannot be imported")
    return backend


def read_pdf(
    data: bytes,
    /,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    backend: PdfBackend | None = None,
) -> Document:
    """Parse a PDF into paragraphs and table grids.

    Both backends give the same intermediate (characters with their boxes,
    ruling segments, image boxes per page), so the tables and paragraphs read do
    not depend on the choice.  Where PDFium would leave out text (a glyph
    without outline, from a font neither embedded nor substituted, makes it
    skip the text object), the document is read with pdfminer.six instead,
    and ``backend`` says so.

    A PDF without a text layer (a scan), and pictures of text among the text,
    are read by OCR (:func:`govinfo_report.readers.image.read_scanned_pdf`)
    when the ``ocr`` extra is installed, whichever backend reads the pages.

    Args:
        data: The PDF file's bytes.
        source: Name of the input, used in locations.
        limits: Resource bounds: ``max_bytes``, ``max_pages``, ``max_page_objects``,
            ``max_decoded_bytes``, ``max_table_cells`` and ``timeout`` apply
            (see :doc:`/robustness` for what each backend can bound).
        backend: ``"pdfium"``, ``"pdfminer"``, or ``None`` for the default
            (PDFium where pypdfium2 can be imported, else pdfminer.six).

    Returns:
        The document, ``format=Format.PDF``, ``backend`` naming the distribution
        that interpreted the pages; every grid cell's location has its page,
        table, row, column and box (PDF points), every paragraph its page and box.

    Raises:
        LimitExceededError: The input is too large, has too many pages or a too large table, a
            page draws too much, its streams decode to too many bytes, or parsing takes too long.
        ExtractionError: The file is not a readable PDF, is encrypted with a
            password, uses fonts without a Unicode map, or has no text layer
            and the ``ocr`` extra that reads scans is not installed.
        ValueError: ``backend`` names no backend.
        ImportError: ``backend="pdfium"`` and pypdfium2 cannot be imported.
    """
    chosen, extraction = extract_pages(data, source=source, limits=limits, backend=backend)
    return build_document(extraction, source, limits, backend=DISTRIBUTIONS[chosen], data=data)


def extract_pages(
    data: bytes,
    /,
    *,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    backend: PdfBackend | None = None,
) -> tuple[PdfBackend, Extraction]:
    """Interpret the pages of a PDF: their characters, ruling segments and image boxes.

    Returns:
        The backend that read the pages (pdfminer.six where PDFium cannot read
        the document completely or within its bounds) and what it extracted.

    Raises:
        As :func:`read_pdf`.
    """
    chosen = resolve_backend(backend)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input is {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=location(source),
        )
    try:
        return chosen, import_module(_MODULES[chosen]).extract(data, source, limits)
    except UnsuitableInputError as exc:
        # The reference backend reads what the other would leave out.
        logger.info("%s: %s; reading it with pdfminer.six", source or "the PDF", exc)
        return "pdfminer", import_module(_MODULES["pdfminer"]).extract(data, source, limits)
