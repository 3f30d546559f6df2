"""Resource bounds applied to every input, in one place.

Reports come from thousands of publishers; every file is untrusted.  A
:class:`Limits` object gathers the bounds the parsers enforce; exceeding one
raises :class:`~govinfo_report.errors.LimitExceededError` whose message names
the bound (``Limits.max_pages``), so a batch summary can count them.

The defaults are far above what any real annual report needs (a long PDF
report has 30 pages, 3 000 glyphs on its densest page and 10 MiB of decoded
streams; a saved web page is under 1 MiB) and low enough that one hostile
file costs at most seconds to a few minutes of one core and a few hundred
MiB of memory.  ``docs/robustness.md`` lists the hostile inputs tried
against them.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]

_MIB = 1024 * 1024


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    """Refuse anything but a positive ``int`` (``True`` included: it is no count)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Limits.{attribute.name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, not {value}")


def _positive_real(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"Limits.{name} must be a number, not {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"Limits.{name} must be a finite number above 0, not {value!r}")


def _ratio(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    _positive_real(value, attribute.name)


def _timeout(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive_real(value, attribute.name)


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on input size and work.

    Attributes:
        max_bytes: Largest input accepted, in bytes; checked before anything
            is read (``parse_path`` looks at the file size first).
        max_text_bytes: Largest text the parsers split into lines or build an
            XML tree from: a plain-text or HTML input, or one decompressed
            DOCX part.  Plain text is parsed at about 1 MiB/s and a tree costs
            about 20 times its size in memory.
        max_pages: Most PDF pages interpreted.
        max_page_objects: Most glyphs, path segments, images and form
            XObjects one PDF page may draw; bounds pages whose forms draw each
            other over and over.
        max_page_content_bytes: Most bytes of content stream the PDF
            interpreter may read for one page, the forms it draws included
            (each time they are drawn); pdfminer reads about 0.5 MiB/s of
            content, and operands waiting for an operator take memory.  A
            bound of the pdfminer.six backend: PDFium parses content a hundred
            times faster, within ``max_decoded_bytes``.
        max_decoded_bytes: Most bytes a PDF's compressed streams may decode
            to, in total (content streams, fonts, object and cross-reference
            streams); bounds decompression bombs.  With PDFium the streams are
            inflated and counted before PDFium sees the file.
            The entries that font widths and character maps expand to count too (200 bytes each).
        max_uncompressed_bytes: Largest total declared uncompressed size of a
            DOCX (zip), and most bytes read from its members.
        max_compression_ratio: Largest uncompressed/compressed ratio of a DOCX
            member larger than 4 MiB.
        max_zip_members: Most members a DOCX may have.
        max_table_cells: Most positions in one table grid, rows times
            columns as allocated (spans and offsets included), checked
            before the grid is allocated.
        max_image_pixels: Most pixels of one page image: a frame of an image
            file (checked on its declared size, before it is decoded) or a PDF
            page rendered for OCR.  A grey A4 page at 300 dpi has 8.7 million.
        max_linked_files: Most pictures a web page may show from outside
            its own bytes (files beside a saved page, ``data:`` URIs), looked
            up or read; each file is at most ``max_bytes``, and all of them
            together too.
        ocr_dpi: Resolution at which PDF pages without a text layer are
            rendered for OCR.
        ocr_page_timeout: Seconds the OCR of one page may take (``None``: no
            bound); a page takes about 1.5 s of one core.
        ocr_page_budget: Seconds ``timeout`` grows by for each page read by
            OCR (a scanned page, an image frame, a page's or a document's
            pictures), so that a long scan is not stopped for its length;
            at most ``max_pages`` times, so an input still cannot run for
            more than ``timeout + max_pages * ocr_page_budget`` seconds.
        timeout: Seconds one file may take (``None``: no bound), plus
            ``ocr_page_budget`` for each page read by OCR.
            ``parse_bytes`` interrupts the parse with a timer signal where
            one is available (POSIX, main thread); elsewhere the readers and
            the assembly check the clock in their long loops.  Batch runs
            also stop a worker that overruns, granting it the same time.

    Every count (``ocr_dpi`` included) must be a positive ``int``,
    ``max_compression_ratio`` and ``ocr_page_budget`` a positive number and ``timeout`` and
    ``ocr_page_timeout`` a positive number or ``None``; anything else raises
    :class:`TypeError` or :class:`ValueError` when the object is made, not
    halfway through a parse.
    """

    max_bytes: int = attrs.field(default=64 * _MIB, validator=_positive_int)
    max_text_bytes: int = attrs.field(default=16 * _MIB, validator=_positive_int)
    max_pages: int = attrs.field(default=200, validator=_positive_int)
    max_page_objects: int = attrs.field(default=50_000, validator=_positive_int)
    max_page_content_bytes: int = attrs.field(default=8 * _MIB, validator=_positive_int)
    max_decoded_bytes: int = attrs.field(default=256 * _MIB, validator=_positive_int)
    max_uncompressed_bytes: int = attrs.field(default=256 * _MIB, validator=_positive_int)
    max_compression_ratio: float = attrs.field(default=200.0, validator=_ratio)
    max_zip_members: int = attrs.field(default=2000, validator=_positive_int)
    max_table_cells: int = attrs.field(default=20_000, validator=_positive_int)
    max_image_pixels: int = attrs.field(default=40_000_000, validator=_positive_int)
    max_linked_files: int = attrs.field(default=50, validator=_positive_int)
    ocr_dpi: int = attrs.field(default=200, validator=_positive_int)
    ocr_page_timeout: float | None = attrs.field(default=30.0, validator=_timeout)
    ocr_page_budget: float = attrs.field(default=10.0, validator=_ratio)
    timeout: float | None = attrs.field(default=120.0, validator=_timeout)

    @property
    def most_ocr_extra(self) -> float:
        """The most time pages read by OCR add to ``timeout``: ``max_pages * ocr_page_budget``."""
        return self.max_pages * self.ocr_page_budget


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""
