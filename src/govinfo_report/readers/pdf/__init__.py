"""The PDF reader: characters, ruling lines and images of each page into paragraphs and table grids.

The package holds the backend that interprets pages (``_pdfminer``, on pdfminer.six), the
bounds pdfminer lacks (``_guard``), line and paragraph layout (``_layout``) and the table
finder (``_tables``).
"""

from __future__ import annotations

from govinfo_report.readers.pdf._pdfminer import read_pdf

__all__ = ["read_pdf"]
