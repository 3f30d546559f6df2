"""Readers: the bytes of one input into a :class:`~govinfo_report.document.Document`.

Each format has a reader (:mod:`~govinfo_report.readers.text`, :mod:`~govinfo_report.readers.html`,
:mod:`~govinfo_report.readers.docx`, :mod:`~govinfo_report.readers.pdf`,
:mod:`~govinfo_report.readers.image`) that turns bytes into
paragraphs and table grids with their source locations, and knows nothing of the templates.
Readers load their backends (lxml, pdfminer.six) on first use, so importing this package is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from typing import Final

from govinfo_report.document import Document, Format
from govinfo_report.errors import LimitExceededError, SourceLocation, StructureError
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._detect import detect_format

__all__ = ["READERS", "Reader", "detect_format", "load_reader", "read_document", "reader_backends"]

Reader = Callable[..., Document]
"""A format's reader: ``reader(data, /, *, source, limits) -> Document``."""

READERS: Final[dict[Format, tuple[str, str]]] = {
    Format.TEXT: ("govinfo_report.readers.text", "read_text"),
    Format.HTML: ("govinfo_report.readers.html", "read_html"),
    Format.DOCX: ("govinfo_report.readers.docx", "read_docx"),
    Format.PDF: ("govinfo_report.readers.pdf", "read_pdf"),
    Format.IMAGE: ("govinfo_report.readers.image", "read_image"),
}
"""Each format's reader as (module, function), imported on first use so that lxml and pdfminer
are loaded only when a file of that format arrives."""

# Distributions whose output a format's reader depends on, recorded in the provenance.
_BACKENDS: Final[dict[Format, tuple[str, ...]]] = {
    Format.TEXT: (),
    Format.HTML: ("lxml",),
    Format.DOCX: ("lxml",),
    Format.PDF: ("pdfminer.six",),
    Format.IMAGE: ("rapidocr", "onnxruntime", "pypdfium2", "opencv-python-headless", "pillow"),
}

# A byte order mark, then ASCII whitespace, no-break spaces and ideographic spaces (U+3000) in
# UTF-8 or GB18030: a file of nothing else holds no report, whatever its format.  Possessive,
# so that matching a long blank file keeps no backtracking state.
_BLANK = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?(?:\s|\xc2\xa0|\xe3\x80\x80|\xa1\xa1)*+")


def load_reader(format: Format) -> Reader:
    """Return the reader of ``format``, importing its module (and backend) on first use."""
    module, function = READERS[format]
    reader: Reader = getattr(import_module(module), function)
    return reader


def reader_backends(format: Format, *, recognised: bool = False) -> tuple[str, ...]:
    """Return the distributions whose output the reader of ``format`` depends on.

    Args:
        format: The input format.
        recognised: Whether the text was recognised by OCR (a scanned PDF), which adds the OCR backends.
    """
    if recognised and format is not Format.IMAGE:
        return _BACKENDS[format] + _BACKENDS[Format.IMAGE]
    return _BACKENDS[format]


def read_document(
    data: bytes,
    /,
    *,
    format: Format | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read ``data`` into the format-neutral intermediate, without template assembly.

    Args:
        data: The file contents.
        format: The input format; detected from the bytes when ``None``.
        source: Name of the input, used in locations and provenance.
        limits: Resource bounds.

    Raises:
        UnsupportedFormatError: The input is not a format the library reads.
        ParseError: The input could not be read.
    """
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
    if chosen in (Format.TEXT, Format.HTML) and len(data) > limits.max_text_bytes:
        raise LimitExceededError(
            f"{chosen.value} input is {len(data)} bytes, more than the {limits.max_text_bytes} "
            "allowed (Limits.max_text_bytes)",
            location=SourceLocation(source=source),
        )
    return load_reader(chosen)(data, source=source, limits=limits)
