"""Merged cells to a true grid, shared by the HTML and DOCX parsers.

Both formats describe a table as cells placed at a grid row and column with
a row span and a column span.  :func:`build_grid` expands those placements
into a :class:`~govinfo_report.document.TableGrid`: a merged cell keeps its
extent (``row_span``, ``col_span``) at its own (top-left) position, and every
other position it covers holds a copy of its text marked ``spanned=True``.

Normalisations, identical for both formats so they yield the same grid for
the same table:

* spans are clamped to the table: no cell reaches below the last row, and
  trailing columns where no cell starts (left by an oversized ``colspan`` or
  ``gridSpan``) are dropped;
* a position no cell covers holds an empty, unspanned cell when something
  follows it in the row, and is left out at the end of a row (rows need not
  be of equal length: a missing cell is not a blank one).

``Limits.max_table_cells`` bounds the grid that is allocated, rows times
columns, whatever the file declares: :func:`check_grid_area` is the one check,
called by every reader before it allocates a grid (and by the HTML and DOCX
readers as they place cells, so that a declared offset or span is refused
before it costs a loop over its columns).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from govinfo_report._fast import quick_init
from govinfo_report.document import GridCell, TableGrid
from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import Limits

__all__ = ["Placement", "build_grid", "check_grid_area"]

# Made for every grid position: positional constructors (see _construct).
_location = quick_init(SourceLocation, "source", "xpath", "table", "row", "col")
_grid_cell = quick_init(GridCell, "text", "location", "spanned")
_merged_cell = quick_init(GridCell, "text", "location", "spanned", "row_span", "col_span", "header")


@attrs.define(kw_only=True)
class Placement:
    """A source cell placed on the grid (mutable while a table is read).

    Attributes:
        row: Grid row of the top-left position.
        col: Grid column of the top-left position.
        rowspan: Rows covered (at least 1).
        colspan: Columns covered (at least 1).
        text: The cell text.
        xpath: XPath of the source cell element.
        header: Whether the source marks the cell as a header.
    """

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    xpath: str | None
    header: bool = False


def check_grid_area(rows: int, columns: int, limits: Limits, location: SourceLocation) -> None:
    """Refuse a grid of ``rows`` x ``columns`` positions beyond ``limits.max_table_cells``.

    Call it with the dimensions that will be allocated (or a lower bound of
    them, as cells are placed), before allocating.

    Args:
        rows: Rows of the grid.
        columns: Columns of its widest row.
        limits: Resource bounds (``max_table_cells``).
        location: Where the table is, for the error.

    Raises:
        LimitExceededError: The grid would have more than ``limits.max_table_cells`` positions.
    """
    area = rows * columns
    if area > limits.max_table_cells:
        raise LimitExceededError(
            f"table has {rows} rows of {columns} columns, {area} grid positions, more than the "
            f"{limits.max_table_cells} allowed (Limits.max_table_cells)",
            location=location,
        )


def build_grid(
    placements: Sequence[Placement],
    *,
    n_rows: int,
    table: int,
    source: str | None,
    xpath: str | None,
    limits: Limits,
) -> TableGrid:
    """Expand placed cells into a grid.

    Args:
        placements: The cells, in source order (a position claimed twice
            keeps the first claim).
        n_rows: Number of rows of the table (rows without cells count).
        table: Index of the table among the document's grids.
        source: Name of the input.
        xpath: XPath of the table element.
        limits: Resource bounds (``max_table_cells``).

    Returns:
        The grid.

    Raises:
        LimitExceededError: The grid (``n_rows`` times its width) would exceed
            ``limits.max_table_cells``.
    """
    table_location = SourceLocation(source=source, xpath=xpath, table=table)
    width = 1 + max((p.col for p in placements if p.row < n_rows), default=-1)
    check_grid_area(n_rows, width, limits, table_location)

    grid: list[list[GridCell | None]] = [[None] * width for _ in range(n_rows)]
    for p in placements:
        top, left, text, cell_xpath = p.row, p.col, p.text, p.xpath
        if top >= n_rows or left >= width:
            continue
        if p.rowspan == 1 and p.colspan == 1 and not p.header:  # most cells: one position, their own
            line = grid[top]
            if line[left] is None:
                line[left] = _grid_cell(text, _location(source, cell_xpath, table, top, left), False)
            continue
        bottom, right = min(top + p.rowspan, n_rows), min(left + p.colspan, width)
        for r in range(top, bottom):
            line = grid[r]
            for c in range(left, right):
                if line[c] is None:
                    own = r == top and c == left
                    line[c] = _merged_cell(
                        text,
                        _location(source, cell_xpath, table, r, c),
                        not own,
                        bottom - top if own else 1,
                        right - left if own else 1,
                        p.header,
                    )

    rows: list[tuple[GridCell, ...]] = []
    for r, line in enumerate(grid):
        end = len(line)
        while end and line[end - 1] is None:
            end -= 1
        rows.append(
            tuple(
                [
                    cell if cell is not None else _grid_cell("", _location(source, None, table, r, c), False)
                    for c, cell in enumerate(line[:end])
                ]
            )
        )
    return TableGrid(rows=tuple(rows), location=table_location)
