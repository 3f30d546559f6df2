"""Readers: the bytes of one input into a :class:`~govinfo_report.document.Document`.

Each format has a reader (:mod:`~govinfo_report.readers.text`, :mod:`~govinfo_report.readers.html`,
:mod:`~govinfo_report.readers.docx`, :mod:`~govinfo_report.readers.pdf`,
:mod:`~govinfo_report.readers.markdown`, :mod:`~govinfo_report.readers.image`) that turns bytes into
paragraphs and table grids with their source locations, and knows nothing of the templates.
Readers load their backends (lxml, PDFium, pdfminer.six) on first use, so importing this package is cheap.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from importlib import import_module
from typing import Final, Literal, get_args

from govinfo_report.document import Document, Format
from govinfo_report.errors import LimitExceededError, SourceLocation, StructureError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._detect import detect_format, detect_legacy

__all__ = [
    "PDF_BACKENDS",
    "READERS",
    "PdfBackend",
    "Reader",
    "detect_format",
    "detect_legacy",
    "load_reader",
    "read_document",
    "reader_backends",
]

PdfBackend = Literal["pdfium", "pdfminer"]
"""The engines that can interpret PDF pages: PDFium (through pypdfium2) and pdfminer.six."""

PDF_BACKENDS: Final[tuple[PdfBackend, ...]] = get_args(PdfBackend)
"""The names of the PDF backends, the default first."""

Reader = Callable[..., Document]
"""A format's reader: ``reader(data, /, *, source, limits) -> Document``
(PDF: also ``backend``; HTML: also ``folder``)."""

READERS: Final[dict[Format, tuple[str, str]]] = {
    Format.TEXT: ("govinfo_report.readers.text", "read_text"),
    Format.HTML: ("govinfo_report.readers.html", "read_html"),
    Format.DOCX: ("govinfo_report.readers.docx", "read_docx"),
    Format.PDF: ("govinfo_report.readers.pdf", "read_pdf"),
    Format.MARKDOWN: ("govinfo_report.readers.markdown", "read_markdown"),
    Format.IMAGE: ("govinfo_report.readers.image", "read_image"),
}
"""Each format's reader as (module, function), imported on first use so that lxml and pdfminer
are loaded only when a file of that format arrives."""

# Distributions whose output a format's reader always depends on, recorded in the provenance;
# the PDF reader names the one it chose in Document.backend.
_BACKENDS: Final[dict[Format, tuple[str, ...]]] = {
    Format.TEXT: (),
    Format.HTML: ("lxml",),
    Format.DOCX: ("lxml",),
    Format.PDF: (),
    Format.MARKDOWN: (),
    Format.IMAGE: ("rapidocr", "onnxruntime", "opencv-python-headless", "pillow"),
}

# PDF pages read by OCR are rendered by PDFium, whichever backend interpreted the text layer.
_PAGE_RENDERER: Final[str] = "pypdfium2"

# A byte order mark, then ASCII whitespace, no-break spaces and ideographic spaces (U+3000) in
# UTF-8 or GB18030: a file of nothing else holds no report, whatever its format.  Possessive,
# so that matching a long blank file keeps no backtracking state.
_BLANK = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?(?:\s|\xc2\xa0|\xe3\x80\x80|\xa1\xa1)*+")


def load_reader(format: Format) -> Reader:
    """Return the reader of ``format``, importing its module (and backend) on first use."""
    module, function = READERS[format]
    reader: Reader = getattr(import_module(module), function)
    return reader


def reader_backends(
    format: Format, *, backend: str | None = None, recognised: bool = False
) -> tuple[str, ...]:
    """Return the distributions whose output the reader of ``format`` depends on.

    Args:
        format: The input format.
        backend: The distribution the reader chose, if its format has a choice
            (:attr:`Document.backend <govinfo_report.document.Document.backend>`).
        recognised: Whether some text was recognised by OCR (a scanned PDF page, a
            picture in a DOCX), which adds the OCR backends.
    """
    names = _BACKENDS[format] + ((backend,) if backend is not None else ())
    if recognised and format is not Format.IMAGE:
        renderer = (_PAGE_RENDERER,) if format is Format.PDF and _PAGE_RENDERER not in names else ()
        names += renderer + _BACKENDS[Format.IMAGE]
    return names


def read_document(
    data: bytes,
    /,
    *,
    format: Format | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pdf_backend: PdfBackend | None = None,
    folder: str | os.PathLike[str] | None = None,
) -> Document:
    """Read ``data`` into the format-neutral intermediate, without template assembly.

    Args:
        data: The file contents.
        format: The input format; detected from the bytes when ``None``.
        source: Name of the input, used in locations and provenance.
        limits: Resource bounds.
        pdf_backend: The engine that reads a PDF: ``"pdfium"``, ``"pdfminer"``, or ``None``
            for the default (PDFium where pypdfium2 can be imported, else pdfminer.six).
        folder: The folder the input was read from, where an HTML page's
            pictures are looked up (see :func:`~govinfo_report.readers.html.read_html`);
            ``None`` looks up none.

    Raises:
        UnsupportedFormatError: The input is not a format the library reads.
        ParseError: The input could not be read.
        ValueError: ``pdf_backend`` names no backend.
    """
    if pdf_backend is not None and pdf_backend not in PDF_BACKENDS:
        choices = ", ".join(repr(name) for name in PDF_BACKENDS)
        raise ValueError(f"pdf_backend must be one of {choices} or None, not {pdf_backend!r}")
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"input is {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
            location=SourceLocation(source=source),
        )
    if _BLANK.fullmatch(data):
        what = "empty" if not data else "only whitespace"
        raise StructureError(
            f"input is {what}: there is no report to read", location=SourceLocation(source=source)
        )
    chosen = Format(format if format is not None else detect_format(data, name=source, limits=limits))
    if chosen in (Format.TEXT, Format.HTML, Format.MARKDOWN) and len(data) > limits.max_text_bytes:
        raise LimitExceededError(
            f"{chosen.value} input is {len(data)} bytes, more than the {limits.max_text_bytes} "
            "allowed (Limits.max_text_bytes)",
            location=SourceLocation(source=source),
        )
    if chosen is Format.PDF:
        return load_reader(chosen)(data, source=source, limits=limits, backend=pdf_backend)
    if chosen is Format.HTML:
        return load_reader(chosen)(data, source=source, limits=limits, folder=folder)
    return load_reader(chosen)(data, source=source, limits=limits)
