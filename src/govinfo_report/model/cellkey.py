"""Canonical cell keys as structured values: the table, the row path and the column.

A canonical cell key (``requests.denied.state_secret.natural_person``) is the
table, the row path inside the table (which may itself hold dots) and the
column, joined by dots.  :class:`CellKey` takes a key apart and puts it
together again, so that no code needs to cut key strings by hand.
:class:`CellSpec` is what the templates say about one cell.
"""

from __future__ import annotations

from functools import lru_cache

import attrs

from govinfo_report.model._enums import TableKind

__all__ = ["CellKey", "CellSpec"]

# Keys come from reports, whose cells the library made: a bounded set, parsed once each.
_PARSED_KEYS = 4096


@attrs.frozen
class CellKey:
    """A canonical cell key taken apart.

    Attributes:
        table: The table the cell is in.
        row: The row path inside the table (``"denied.state_secret"``,
            ``"art20_1.regulations"``, ``"review"``).
        column: The column (``"natural_person"``, ``"made"``, ``"total"`` …).
    """

    table: TableKind
    row: str
    column: str

    @staticmethod
    def parse(key: str) -> CellKey:
        """Take the canonical key ``key`` apart.

        Raises:
            ValueError: ``key`` does not have the form ``table.row.column``.
        """
        return _parse(key)

    @property
    def block(self) -> str:
        """The first segment of the row path (the 第二十条 block, e.g. ``"art20_1"``, or the row group)."""
        return self.row.partition(".")[0]

    def with_row(self, row: str) -> CellKey:
        """The key of the same column in row ``row``."""
        return CellKey(self.table, row, self.column)

    def with_column(self, column: str) -> CellKey:
        """The key of the same row in column ``column``."""
        return CellKey(self.table, self.row, column)

    @staticmethod
    def format(table: TableKind, row: str, column: str) -> str:
        """Return the canonical key of ``column`` in ``row`` of ``table`` (``requests.granted.total``)."""
        return f"{table.value}.{row}.{column}"

    def __str__(self) -> str:
        return CellKey.format(self.table, self.row, self.column)


@lru_cache(maxsize=_PARSED_KEYS)
def _parse(key: str) -> CellKey:
    table, _, rest = key.partition(".")
    row, _, column = rest.rpartition(".")
    if not row or not column:
        raise ValueError(f"{key!r} is not a cell key (table.row.column)")
    try:
        kind = TableKind(table)
    except ValueError:
        raise ValueError(f"{key!r} is not a cell key: no table {table!r}") from None
    return CellKey(kind, row, column)


@attrs.frozen(kw_only=True)
class CellSpec:
    """What a template says about one cell.

    Attributes:
        key: The cell's key.
        group_label: The official label of the merged group cell above the row
            (``（三）不予公开``), or ``""``; for the 第二十条 table the block caption.
        row_label: The official row label.
        column_label: The official column label.
        row_name_zh: A short Chinese name of the row, for messages (``不予公开·国家秘密``).
        row_name_en: A short English name of the row.
        column_name_zh: A short Chinese name of the column.
        column_name_en: A short English name of the column.
        money: Whether the cell holds an amount of money (in 元).
        signed: Whether the cell may hold a negative number (本年增/减).
        unit: The unit the template prints for the cell's column (``万元``), if any.
    """

    key: CellKey
    group_label: str
    row_label: str
    column_label: str
    row_name_zh: str
    row_name_en: str
    column_name_zh: str
    column_name_en: str
    money: bool = False
    signed: bool = False
    unit: str | None = None

    @property
    def labels(self) -> tuple[str, str, str]:
        """``(group, row, column)`` official labels."""
        return (self.group_label, self.row_label, self.column_label)
