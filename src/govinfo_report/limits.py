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

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]

_MIB = 1024 * 1024


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
            content, and operands waiting for an operator take memory.
        max_decoded_bytes: Most bytes a PDF's compressed streams may decode
            to, in total (content streams, fonts, object and cross-reference
            streams); bounds decompression bombs.
        max_uncompressed_bytes: Largest total declared uncompressed size of a
            DOCX (zip), and most bytes read from its members.
        max_compression_ratio: Largest uncompressed/compressed ratio of a DOCX
            member larger than 4 MiB.
        max_zip_members: Most members a DOCX may have.
        max_table_cells: Most cells in one table grid.
        max_image_pixels: Most pixels of one page image: a frame of an image
            file (checked on its declared size, before it is decoded) or a PDF
            page rendered for OCR.  A grey A4 page at 300 dpi has 8.7 million.
        ocr_dpi: Resolution at which PDF pages without a text layer are
            rendered for OCR.
        ocr_page_timeout: Seconds the OCR of one page may take (``None``: no
            bound); a page takes about 1.5 s of one core.  ``timeout`` still
            bounds the whole file: raise it for long scans.
        timeout: Seconds one file may take (``None``: no bound).  Batch runs
            stop the worker and the command line interrupts the parse at any
            point; the PDF parser also checks it between pages and while a
            page runs, so direct calls are bounded too.
    """

    max_bytes: int = 64 * _MIB
    max_text_bytes: int = 16 * _MIB
    max_pages: int = 200
    max_page_objects: int = 50_000
    max_page_content_bytes: int = 8 * _MIB
    max_decoded_bytes: int = 256 * _MIB
    max_uncompressed_bytes: int = 256 * _MIB
    max_compression_ratio: float = 200.0
    max_zip_members: int = 2000
    max_table_cells: int = 20_000
    max_image_pixels: int = 40_000_000
    ocr_dpi: int = 200
    ocr_page_timeout: float | None = 30.0
    timeout: float | None = 120.0


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""
