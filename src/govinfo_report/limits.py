"""Resource bounds applied to every input, in one place.

Reports come from thousands of publishers; every file is untrusted.  A
:class:`Limits` object gathers the bounds the parsers enforce; exceeding one
raises :class:`~govinfo_report.errors.LimitExceededError` naming the bound.
"""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on input size and work.

    Attributes:
        max_bytes: Largest input accepted, in bytes.
        max_pages: Most PDF pages interpreted.
        max_uncompressed_bytes: Largest total declared uncompressed size of a DOCX (zip).
        max_compression_ratio: Largest uncompressed/compressed ratio of any DOCX member.
        max_zip_members: Most members a DOCX may have.
        max_table_cells: Most cells in one table grid.
        timeout: Seconds one file may take in batch runs and the CLI (``None``: no bound).
    """

    max_bytes: int = 64 * 1024 * 1024
    max_pages: int = 200
    max_uncompressed_bytes: int = 256 * 1024 * 1024
    max_compression_ratio: float = 200.0
    max_zip_members: int = 2000
    max_table_cells: int = 20_000
    timeout: float | None = 120.0


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""
