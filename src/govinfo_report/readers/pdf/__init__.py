"""The PDF reader: characters, ruling lines and images of each page into paragraphs and table grids.

Two backends interpret pages into the same intermediate (``_content``): PDFium through
pypdfium2 (``_pdfium``, the default) and pdfminer.six (``_pdfminer``, the reference,
with the bounds pdfminer lacks in ``_guard``).  The rest is shared: line and paragraph layout
(``_layout``), the table finder (``_tables``) and page assembly (``_assemble``).
"""

from __future__ import annotations

from govinfo_report.readers.pdf._read import read_pdf, resolve_backend

__all__ = ["read_pdf", "resolve_backend"]
