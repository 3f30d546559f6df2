"""Number rows and labels that arrived apart, joined by the template's row order and equations.

Other tools' output often separates a table row's label from its numbers:
Markdown converters cut a table into pieces and leave labels on loose lines
before or after the number rows; text extraction puts wrapped labels above
or below their numbers.  Reading the nearest label then takes the next
row's numbers for a row.

This module decides instead which number row belongs to which template row
from everything at once:

* the number rows keep the template's order, each template row holding at
  most one of them;
* a label written in the same row as its numbers names that row;
* a loose label (a line of its own, a label-only row) names the number row
  just before it or just after it, or a row that has no numbers at all
  between them (a source row whose cells were lost leaves its label alone):
  the rows before it come before the row it names, the rows after it after;
* a row written once for a whole group of template rows (a 2019 layout's
  （六）其他处理 in a 2021 table) takes the places of all of them;
* the application table's column equations (new + carried over = processed +
  carried forward; the results add up to the processed total) choose among
  the assignments the labels and the order leave, but only assignments on
  which every equation can be checked and holds: an assignment that leaves a
  row out escapes the equations, and a table may not add up as written.

Every assignment satisfying all of these is enumerated.  A number row is
placed when all of them agree on its template row; otherwise the template
rows it could fill are left unresolved with the numbers they could hold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from govinfo_report.assembly._normalize import parse_number
from govinfo_report.assembly._tokens import Token

__all__ = ["Alignment", "LooseLabel", "NumberRow", "align_rows"]

_MAX_NODES = 200_000
_MAX_SOLUTIONS = 1_000


@attrs.frozen
class LooseLabel:
    """A label on a line of its own, naming the template row at ``position`` (an index into the rows)."""

    position: int


@attrs.frozen
class NumberRow:
    """A row of numbers and what its own label says.

    Attributes:
        values: The value tokens, one per cell.
        position: The template row its own label names, or ``None`` when it has no usable label.
        group: The first and last template rows of a group the row stands for as a whole.
    """

    values: tuple[Token, ...]
    position: int | None = None
    group: tuple[int, int] | None = None
    """The first and last template rows of a group the row stands for as a whole."""


@attrs.frozen
class Alignment:
    """The template rows each number row may take.

    Attributes:
        positions: For each number row, the template rows (indices) it takes in some
            consistent assignment; empty when no assignment is consistent.
        complete: Whether the search finished (it is bounded).
    """

    positions: tuple[frozenset[int], ...]
    complete: bool


Equations = Callable[[Mapping[int, Sequence[int | None]]], bool | None]
"""The table's equations on an assignment (template row index → cells): ``True`` when all of
them can be checked and hold, ``False`` when one fails, ``None`` when those that can be
checked hold but some cannot (a row or a cell is absent)."""


def align_rows(items: Sequence[LooseLabel | NumberRow], row_count: int, equations: Equations) -> Alignment:
    """Enumerate the consistent ways to give the number rows of ``items`` template rows.

    Args:
        items: Loose labels and number rows in document order.
        row_count: The number of template rows.
        equations: The table's consistency check on a full assignment.
    """
    numbers: list[NumberRow] = []
    # For each number row, the template rows the loose labels around it name:
    # loose labels between number rows i-1 and i are in gaps[i].
    gaps: list[list[int]] = [[]]
    for item in items:
        if isinstance(item, NumberRow):
            numbers.append(item)
            gaps.append([])
        else:
            gaps[-1].append(item.position)
    values = [[_number(token) for token in row.values] for row in numbers]
    count = len(numbers)
    solutions: list[tuple[tuple[int, ...], bool | None]] = []
    chosen: list[int] = []
    nodes = 0

    # Each gap's loose labels as the lowest and highest rows they name (checked on every search step).
    spans = [(min(gap), max(gap)) if gap else None for gap in gaps]

    def gap_ok(gap: int) -> bool:
        """Each loose label of ``gap`` names a row from the number row before it to the one after it."""
        span = spans[gap]
        if span is None:
            return True
        before = _last(numbers[gap - 1], chosen[gap - 1]) if gap >= 1 else -1
        after = chosen[gap] if gap < len(chosen) else row_count
        return before <= span[0] and span[1] <= after

    def search(index: int, start: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > _MAX_NODES or len(solutions) > _MAX_SOLUTIONS:
            return False
        if index == count:
            if gap_ok(count):
                placed = {
                    position: row_values
                    for row, position, row_values in zip(numbers, chosen, values, strict=True)
                    if row.group is None
                }
                solutions.append((tuple(chosen), equations(placed)))
            return True
        row = numbers[index]
        for position in range(start, row_count - (count - index - 1)):
            if row.position is not None and position != row.position:
                continue
            if row.group is not None and position != row.group[0]:
                continue
            chosen.append(position)
            # The loose labels before this number row are checkable now that both sides are chosen.
            if gap_ok(index) and not search(index + 1, _last(row, position) + 1):
                return False
            chosen.pop()
        return True

    complete = search(0, 0)
    confirmed = [assignment for assignment, holds in solutions if holds is True]
    kept = confirmed if len(solutions) > 1 and confirmed else [assignment for assignment, _ in solutions]
    positions = tuple(frozenset(assignment[index] for assignment in kept) for index in range(count))
    return Alignment(positions=positions, complete=complete)


def _last(row: NumberRow, position: int) -> int:
    """The last template row a number row at ``position`` takes."""
    return row.group[1] if row.group is not None else position


def _number(token: Token) -> int | None:
    parsed = parse_number(token.text)
    value = parsed.value
    return value if isinstance(value, int) else None
