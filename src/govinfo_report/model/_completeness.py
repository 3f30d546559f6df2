"""How much of a report's template was read: per table, cells by state and the gaps' causes.

Completeness is computed from the report's cells, never stored beside them,
so it cannot disagree with them.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from govinfo_report.model._enums import CellState, DeviationKind, TableKind, TemplateVersion
from govinfo_report.model.labels import cell_keys

if TYPE_CHECKING:
    from govinfo_report.model._report import Deviation, Section, Table

__all__ = ["Completeness", "Gap", "TableCompleteness", "measure"]


class Gap(enum.StrEnum):
    """Why cells of a table were not read, as far as the report shows."""

    TABLE_NOT_FOUND = "table_not_found"
    """Neither the table's heading nor any of its rows was found."""
    NO_TABLE_GRID = "no_table_grid"
    """The input has no table grid for the table (e.g. text extracted from a PDF), so the
    table was looked for in running text, where rows and columns are easily lost."""
    CUT_OFF = "cut_off"
    """The table stops early: its first rows were read, every row after them is missing
    (a lost page, or a table cut at a page break)."""
    ROWS_NOT_FOUND = "rows_not_found"
    """Some rows inside the table were not found (labels lost or changed beyond recognition)."""
    CELLS_NOT_SPLIT = "cells_not_split"
    """A row's numbers ran together, or did not line up with the template's columns, and
    could not be split into cells with certainty (the cells are ``UNRESOLVED``)."""
    PARTS_NOT_READ = "parts_not_read"
    """Part of the input that may hold the table was not read, e.g. a picture of a table
    that could not be looked at (the report's deviations of kind ``not_read`` say which)."""


@attrs.frozen(kw_only=True)
class TableCompleteness:
    """How much of one standard table was read.

    ``expected`` is the number of the template's cells in the table; every one
    of them is counted in exactly one of ``value``, ``blank``, ``inferred``,
    ``unresolved``, ``invalid`` and ``missing``.

    Attributes:
        table: Which table.
        found: Whether the table (its heading or any of its rows) was found.
        expected: The number of template cells of the table.
        value: Cells whose number the source states.
        blank: Cells present but empty in the source.
        inferred: Cells recovered from run-together numbers by the table's arithmetic.
        unresolved: Cells whose text admits several values or none (see the cells' alternatives).
        invalid: Cells that hold text which is not a number (e.g. a placeholder ``X``).
        missing: Cells the source does not have, or that were not found in it.
        gaps: Why cells are missing or unresolved, where the report shows it.
    """

    table: TableKind
    found: bool
    expected: int
    value: int = 0
    blank: int = 0
    inferred: int = 0
    unresolved: int = 0
    invalid: int = 0
    missing: int = 0
    gaps: tuple[Gap, ...] = ()

    @property
    def read(self) -> int:
        """Cells that were read: ``value + blank + inferred``."""
        return self.value + self.blank + self.inferred

    @property
    def not_read(self) -> int:
        """Cells that were not read: ``unresolved + invalid + missing``."""
        return self.unresolved + self.invalid + self.missing

    @property
    def complete(self) -> bool:
        """Whether every template cell of the table was read."""
        return self.read == self.expected


@attrs.frozen(kw_only=True)
class Completeness:
    """How much of a report was read: the three standard tables and the narrative sections.

    Attributes:
        proactive: 二、主动公开政府信息情况.
        requests: 三、收到和处理政府信息公开申请情况.
        appeals: 四、政府信息公开行政复议、行政诉讼情况.
        sections: Numbers (1 to 6) of the narrative sections found, in document order.
    """

    proactive: TableCompleteness
    requests: TableCompleteness
    appeals: TableCompleteness
    sections: tuple[int, ...] = ()

    @property
    def tables(self) -> tuple[TableCompleteness, TableCompleteness, TableCompleteness]:
        """The three tables in document order."""
        return (self.proactive, self.requests, self.appeals)

    @property
    def expected(self) -> int:
        """Template cells of the three tables."""
        return sum(table.expected for table in self.tables)

    @property
    def read(self) -> int:
        """Template cells that were read (a number, or blank in the source)."""
        return sum(table.read for table in self.tables)

    @property
    def complete(self) -> bool:
        """Whether every template cell of every table was read.

        The narrative sections do not count: a report without a section is
        checked by the validation rule on sections, not here.
        """
        return all(table.complete for table in self.tables)


def _in_grid(table: Table) -> bool:
    """Whether the table was read from a table grid (locations in a grid carry its index)."""
    return table.location is not None and table.location.table is not None


def _row_starts(table: Table) -> set[int]:
    """Cell offsets at which a row of the table starts."""
    starts: set[int] = set()
    offset = 0
    for row in table.rows:
        starts.add(offset)
        offset += len(row.cells)
    return starts


def _gaps(
    table: Table, states: Sequence[CellState], *, found: bool, grid_elsewhere: bool, parts_not_read: bool
) -> tuple[Gap, ...]:
    missing = [state is CellState.MISSING for state in states]
    unresolved = CellState.UNRESOLVED in states
    gaps: list[Gap] = []
    if not found:
        gaps.append(Gap.TABLE_NOT_FOUND)
    if (any(missing) or unresolved) and not (_in_grid(table) or (not found and grid_elsewhere)):
        gaps.append(Gap.NO_TABLE_GRID)
    if found and any(missing):
        first = missing.index(True)
        cut_off = first > 0 and first in _row_starts(table) and all(missing[first:])
        gaps.append(Gap.CUT_OFF if cut_off else Gap.ROWS_NOT_FOUND)
    if unresolved:
        gaps.append(Gap.CELLS_NOT_SPLIT)
    if parts_not_read and any(missing):
        gaps.append(Gap.PARTS_NOT_READ)
    return tuple(gaps)


def _table(
    table: Table, keys: Sequence[str], *, grid_elsewhere: bool, parts_not_read: bool = False
) -> TableCompleteness:
    by_key = {cell.key: cell.state for cell in table.cells() if cell.key is not None}
    # A template cell the table lacks altogether (a hand-built report) is missing.
    states = [by_key.get(key, CellState.MISSING) for key in keys]
    counts = Counter(states)
    found = table.location is not None or counts[CellState.MISSING] < len(states)
    return TableCompleteness(
        table=table.kind,
        found=found,
        expected=len(states),
        value=counts[CellState.VALUE],
        blank=counts[CellState.BLANK],
        inferred=counts[CellState.INFERRED],
        unresolved=counts[CellState.UNRESOLVED],
        invalid=counts[CellState.INVALID],
        missing=counts[CellState.MISSING],
        gaps=_gaps(table, states, found=found, grid_elsewhere=grid_elsewhere, parts_not_read=parts_not_read),
    )


def measure(
    template: TemplateVersion,
    tables: tuple[Table, Table, Table],
    sections: Sequence[Section],
    deviations: Sequence[Deviation] = (),
) -> Completeness:
    """Return the completeness of a report's tables and sections (see :attr:`Report.completeness`)."""
    keys = cell_keys(template)
    grid = any(_in_grid(table) for table in tables)
    not_read = any(deviation.kind is DeviationKind.NOT_READ for deviation in deviations)
    proactive, requests, appeals = (
        _table(
            table,
            [key for key in keys if key.startswith(f"{table.kind}.")],
            grid_elsewhere=grid,
            parts_not_read=not_read,
        )
        for table in tables
    )
    return Completeness(
        proactive=proactive,
        requests=requests,
        appeals=appeals,
        sections=tuple(section.number for section in sections),
    )
