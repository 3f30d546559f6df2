"""The PDF reader: characters, ruling lines and images of each page into paragraphs and table grids.

Two backends interpret pages into the same intermediate (:mod:`._content`): PDFium through
pypdfium2 (:mod:`._pdfium`, the default) and pdfminer.six (:mod:`._pdfminer`, the reference,
with the bounds pdfminer lacks in :mod:`._guard`).  The rest is shared: line and paragraph layout
(:mod:`._layout`), the table finder (:mod:`._tables`) and page assembly (:mod:`._assemble`).
"""

from __future__ import annotations

from govinfo_report.readers.pdf._read import read_pdf, resolve_backend

__all__ = ["read_pdf", "resolve_backend"]
