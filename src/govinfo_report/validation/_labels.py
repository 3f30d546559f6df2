"""Short Chinese and English names of tables and cells, used in finding messages.

The names themselves are template facts kept in :mod:`govinfo_report.model.labels`;
this module picks the one a message needs.
"""

from __future__ import annotations

from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.labels import TABLES, cell_spec

__all__ = ["TABLE_NAMES", "cell_name", "column_name", "row_name", "table_of"]

TABLE_NAMES: dict[str, tuple[str, str]] = {table.kind: (table.title, table.name_en) for table in TABLES}
"""Table kind → (Chinese heading, English name)."""


def table_of(key: str) -> str:
    """Return the table part of a cell key (``"requests"`` …)."""
    return CellKey.parse(key).table.value


def _names(key: str) -> tuple[str, str, str, str]:
    """``(row zh, row en, column zh, column en)``; the key's own parts for a key no template has."""
    try:
        spec = cell_spec(key)
    except KeyError:
        parsed = CellKey.parse(key)
        return (parsed.row, parsed.row, parsed.column, parsed.column)
    return (spec.row_name_zh, spec.row_name_en, spec.column_name_zh, spec.column_name_en)


def row_name(key: str, lang: str = "zh") -> str:
    """Return the short name of the row of cell ``key``."""
    return _names(key)[0 if lang == "zh" else 1]


def column_name(key: str, lang: str = "zh") -> str:
    """Return the short name of the column of cell ``key``."""
    return _names(key)[2 if lang == "zh" else 3]


def cell_name(key: str, lang: str = "zh") -> str:
    """Return a short readable name of cell ``key``, e.g. ``予以公开·自然人``."""
    separator = "·" if lang == "zh" else " / "
    return f"{row_name(key, lang)}{separator}{column_name(key, lang)}"
